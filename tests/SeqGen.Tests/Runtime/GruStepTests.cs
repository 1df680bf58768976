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
    /// <summary>
    /// At H = 16 the step runs one method (ForwardTwoBlocks) in place of the fused pre-activation
    /// passes and the cell loop; it must keep their bits. The pre-activations here are built in those
    /// passes' order (r and z: b_ih + b_hh, then one fused multiply-add per column of x, then of h; each
    /// n part: its bias plus the even columns, the odd columns in a second sum, added, then + 0 for the
    /// empty second product), then the cell loop's vector activations, element for element.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]   // pairs only
    [InlineData(3)]
    [InlineData(0)]
    public void Sixteen_units_keep_the_bits_of_the_fused_passes_and_cell_loop(int inputs)
    {
        if (!System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated || !System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            return; // the one-method kernel runs only with Vector256 hardware, and this oracle fuses as FMA hardware does; elsewhere the step runs the separate kernels, which the scalar-oracle tests above cover
        }
        const int H = 16, G = 3 * H;
        var random = new Random(41 + inputs);
        float[] wIh = F(Fill(random, inputs * G)), wHh = F(Fill(random, H * G)), bIh = F(Fill(random, G)), bHh = F(Fill(random, G));
        float[] x = F(Fill(random, inputs)), hPrev = F(Fill(random, H));

        var pre = new float[G];
        var recN = new float[H];
        for (int r = 0; r < 2 * H; r++)
        {
            float a = bIh[r] + bHh[r];
            for (int j = 0; j < inputs; j++)
            {
                a = MathF.FusedMultiplyAdd(wIh[j * G + r], x[j], a);
            }
            for (int j = 0; j < H; j++)
            {
                a = MathF.FusedMultiplyAdd(wHh[j * G + r], hPrev[j], a);
            }
            pre[r] = a;
        }
        for (int u = 0; u < H; u++)
        {
            pre[2 * H + u] = TwoChains(bIh[2 * H + u], wIh, 2 * H + u, x, G);
            recN[u] = TwoChains(bHh[2 * H + u], wHh, 2 * H + u, hPrev, G);
        }
        AssertStepHasTheBitsOfTheCellLoop(wIh, wHh, bIh, bHh, x, hPrev, pre, recN);
    }

    /// <summary>
    /// With H a multiple of 32 above 16, every GRU pre-activation row is one FMA chain from its bias
    /// (r and z: both biases, x's columns, then h's; each n part: its bias and its own columns) in
    /// every kernel: 256-bit row blocks, column groups, or the 512-bit row blocks that layers over
    /// 32 KiB of weights take on AVX-512 hardware. The step must give the oracle's bits, with the cell
    /// loop's vector activations, element for element; CI runs this with and without AVX-512.
    /// </summary>
    [Theory]
    [InlineData(1, 32)]    // 12.4 KiB: 256-bit blocks
    [InlineData(1, 64)]    // 48.8 KiB: 512-bit blocks of 128 rows (r, z) and 64 (n's recurrent part; its input part, 0.75 KiB, 256-bit)
    [InlineData(3, 128)]   // 196.5 KiB: r and z in a 512-bit block of 256 rows, n's recurrent part in one of 128
    public void Pre_activation_rows_are_one_fma_chain_at_every_block_size_and_width(int inputs, int h)
    {
        if (!System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated || !System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            return; // without Vector256 and FMA hardware the step runs the separate kernels, which the scalar-oracle tests above cover
        }
        int g = 3 * h;
        var random = new Random(5 * inputs + h);
        float[] wIh = F(Fill(random, inputs * g)), wHh = F(Fill(random, h * g)), bIh = F(Fill(random, g)), bHh = F(Fill(random, g));
        float[] x = F(Fill(random, inputs)), hPrev = F(Fill(random, h));

        var pre = new float[g];
        var recN = new float[h];
        for (int r = 0; r < g; r++)
        {
            bool n = r >= 2 * h;
            float a = n ? bIh[r] : bIh[r] + bHh[r], b = bHh[r];
            for (int j = 0; j < inputs; j++)
            {
                a = MathF.FusedMultiplyAdd(wIh[j * g + r], x[j], a);
            }
            for (int j = 0; j < h; j++)
            {
                if (n)
                {
                    b = MathF.FusedMultiplyAdd(wHh[j * g + r], hPrev[j], b);
                }
                else
                {
                    a = MathF.FusedMultiplyAdd(wHh[j * g + r], hPrev[j], a);
                }
            }
            pre[r] = a;
            if (n)
            {
                recN[r - 2 * h] = b;
            }
        }
        AssertStepHasTheBitsOfTheCellLoop(wIh, wHh, bIh, bHh, x, hPrev, pre, recN);
    }

    /// <summary>
    /// Runs the step and compares it bit for bit with the given pre-activations (<paramref name="pre"/>:
    /// r, z, n's input part; <paramref name="recN"/>: n's recurrent part) put through the cell loop's
    /// vector activations, element for element.
    /// </summary>
    private static void AssertStepHasTheBitsOfTheCellLoop(float[] wIh, float[] wHh, float[] bIh, float[] bHh, float[] x, float[] hPrev, float[] pre, float[] recN)
    {
        int h = hPrev.Length, g = 3 * h;
        float[] expectedGates = new float[g], expectedH = new float[h];
        for (int u = 0; u < h; u += 8)
        {
            var r = Activations.Sigmoid(System.Runtime.Intrinsics.Vector256.Create(pre, u));
            var z = Activations.Sigmoid(System.Runtime.Intrinsics.Vector256.Create(pre, h + u));
            var n = Activations.Tanh(System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(r, System.Runtime.Intrinsics.Vector256.Create(recN, u), System.Runtime.Intrinsics.Vector256.Create(pre, 2 * h + u)));
            var hNew = System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(z, System.Runtime.Intrinsics.Vector256.Create(hPrev, u) - n, n);
            System.Runtime.Intrinsics.Vector256.CopyTo(r, expectedGates.AsSpan(u));
            System.Runtime.Intrinsics.Vector256.CopyTo(z, expectedGates.AsSpan(h + u));
            System.Runtime.Intrinsics.Vector256.CopyTo(n, expectedGates.AsSpan(2 * h + u));
            System.Runtime.Intrinsics.Vector256.CopyTo(hNew, expectedH.AsSpan(u));
        }

        float[] gates = new float[g], recurrentN = new float[h], hidden = new float[h];
        GruStep.ForwardResetAfter<float>(wIh, wHh, bIh, bHh, x, hPrev, gates, new float[g], recurrentN, hidden);
        Assert.Equal(expectedGates.Select(BitConverter.SingleToInt32Bits), gates.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(recN.Select(BitConverter.SingleToInt32Bits), recurrentN.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expectedH.Select(BitConverter.SingleToInt32Bits), hidden.Select(BitConverter.SingleToInt32Bits));
    }

    /// <summary>One output row as GatePreActivations' one-vector rows sum it: the bias and the even columns, the odd columns apart, added, then the empty second product's + 0.</summary>
    private static float TwoChains(float bias, float[] w, int row, float[] v, int stride)
    {
        float a = bias, b = 0f;
        int j = 0;
        for (; j + 2 <= v.Length; j += 2)
        {
            a = MathF.FusedMultiplyAdd(w[j * stride + row], v[j], a);
            b = MathF.FusedMultiplyAdd(w[(j + 1) * stride + row], v[j + 1], b);
        }
        if (j < v.Length)
        {
            a = MathF.FusedMultiplyAdd(w[j * stride + row], v[j], a);
        }
        return a + b + 0f;
    }

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
