using System;
using System.Linq;
using SeqGen.Numerics;
using Xunit;

namespace SeqGen.Tests.Runtime;

/// <summary>
/// The one-call reset-after GRU step against a scalar double-precision oracle written from
/// PyTorch's equations, for sizes that take the fused single-precision path (H a multiple of 8) and sizes
/// that take the separate kernels; in place (streaming) and into a separate buffer.
/// </summary>
public sealed class GruStepTests
{
    [Theory]
    [InlineData(8)]   // the inlined H = 8 dispatch
    [InlineData(16)]  // the general body
    public void Misshapen_spans_throw_before_anything_is_written(int h)
    {
        // outputs start at 42 (a kernel that ran on zeros would write zeros, which a zeroed span would not show)
        float[] gates = Filled(3 * h), recurrentN = Filled(h), hidden = Filled(h);
        var e = Assert.Throws<ArgumentException>(() => GruStep.ForwardResetAfter<float>(
            new float[3 * 3 * h], new float[h * 3 * h], new float[3 * h], new float[3 * h], new float[2], new float[h],
            gates, new float[3 * h], recurrentN, hidden));
        Assert.Contains("2 inputs", e.Message);
        Assert.Contains($"H = {h}", e.Message);
        Assert.All(gates, g => Assert.Equal(42f, g));
        Assert.All(recurrentN, v => Assert.Equal(42f, v));
        Assert.All(hidden, v => Assert.Equal(42f, v));
    }

    private static float[] Filled(int length)
    {
        var values = new float[length];
        Array.Fill(values, 42f);
        return values;
    }

    [Theory]
    [InlineData(1, 8)]    // H = 8: the one-block kernel, one input column
    [InlineData(2, 8)]    // a pair of input columns
    [InlineData(5, 8)]    // pairs and an odd column
    [InlineData(0, 8)]    // no input columns
    [InlineData(5, 16)]
    [InlineData(2, 5)]    // the separate kernels
    [InlineData(3, 24)]
    [InlineData(1, 32)]
    [InlineData(2, 40)]   // r, z: an eight-vector block, then two single vectors
    [InlineData(16, 64)]
    [InlineData(3, 72)]   // more than 128 rows for r, z: the column groups
    [InlineData(1, 136)]  // and for the one-product n parts too
    public void Matches_the_equations_in_single_precision(int inputs, int h)
    {
        var random = new Random(inputs * 31 + h);
        double[] wIh = Fill(random, inputs * 3 * h), wHh = Fill(random, h * 3 * h), bIh = Fill(random, 3 * h), bHh = Fill(random, 3 * h);
        double[] x = Fill(random, inputs), hPrev = Fill(random, h);
        (double[] gates, double[] recurrentN, double[] hNew) = Oracle(wIh, wHh, bIh, bHh, x, hPrev, inputs, h);

        var fGates = new float[3 * h];
        var fRecurrentN = new float[h];
        var fH = new float[h];
        GruStep.ForwardResetAfter<float>(F(wIh), F(wHh), F(bIh), F(bHh), F(x), F(hPrev), fGates, new float[3 * h], fRecurrentN, fH);
        AssertClose(gates, fGates, "gates");
        AssertClose(recurrentN, fRecurrentN, "recurrentN");
        AssertClose(hNew, fH, "h");

        float[] state = F(hPrev);
        GruStep.ForwardResetAfter<float>(F(wIh), F(wHh), F(bIh), F(bHh), F(x), state, new float[3 * h], new float[3 * h], new float[h], state);
        Assert.Equal(fH, state);
    }

    /// <summary>r = s(W_ir x + b_ir + W_hr h + b_hr), z likewise, n = tanh(W_in x + b_in + r (W_hn h + b_hn)), h' = (1-z) n + z h.</summary>
    private static (double[] Gates, double[] RecurrentN, double[] H) Oracle(double[] wIh, double[] wHh, double[] bIh, double[] bHh,
        double[] x, double[] hPrev, int inputs, int h)
    {
        double Input(int row) => bIh[row] + Enumerable.Range(0, inputs).Sum(k => wIh[k * 3 * h + row] * x[k]);
        double Recurrent(int row) => bHh[row] + Enumerable.Range(0, h).Sum(k => wHh[k * 3 * h + row] * hPrev[k]);
        var gates = new double[3 * h];
        var recurrentN = new double[h];
        var hNew = new double[h];
        for (int j = 0; j < h; j++)
        {
            double r = 1 / (1 + Math.Exp(-(Input(j) + Recurrent(j))));
            double z = 1 / (1 + Math.Exp(-(Input(h + j) + Recurrent(h + j))));
            recurrentN[j] = Recurrent(2 * h + j);
            double n = Math.Tanh(Input(2 * h + j) + r * recurrentN[j]);
            (gates[j], gates[h + j], gates[2 * h + j]) = (r, z, n);
            hNew[j] = (1 - z) * n + z * hPrev[j];
        }
        return (gates, recurrentN, hNew);
    }

    private static double[] Fill(Random random, int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();

    private static float[] F(double[] values) => values.Select(v => (float)v).ToArray();

    private static void AssertClose(double[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-5 * Math.Max(1, Math.Abs(expected[i])),
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
