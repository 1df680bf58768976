using System;
using System.Linq;
using SeqGen.Numerics;
using Xunit;

namespace SeqGen.Tests.Runtime;

/// <summary>
/// The one-call LSTM step against a scalar double-precision oracle written from PyTorch's
/// equations, for sizes that take the fused single-precision path (H a multiple of 8: row blocks of
/// eight and four vectors up to 128 gate rows, column groups above) and sizes
/// that take the separate kernels; in place (streaming) and into separate buffers.
/// </summary>
public sealed class LstmStepTests
{
    [Theory]
    [InlineData(1, 8, 8)]    // H = 8: the one-block kernel, one input column
    [InlineData(4, 8, 8)]    // pairs of columns only
    [InlineData(3, 8, 5)]    // odd columns, and a projected recurrent input narrower than H
    [InlineData(0, 8, 8)]    // no input columns
    [InlineData(3, 16, 16)]
    [InlineData(17, 24, 24)]
    [InlineData(16, 64, 64)]
    [InlineData(3, 64, 64)]  // more than 128 gate rows: the column groups, with a column tail
    [InlineData(16, 128, 128)]
    [InlineData(0, 32, 32)]  // no input columns; two eight-vector row blocks
    [InlineData(2, 16, 5)]   // a projected LSTM: the recurrent input narrower than H
    [InlineData(2, 5, 5)]    // not a multiple of 8: the separate kernels
    [InlineData(4, 12, 12)]
    public void Matches_the_equations_in_single_precision(int inputs, int h, int recurrent)
    {
        var random = new Random(inputs * 100 + h);
        double[] wIh = Fill(random, inputs * 4 * h), wHh = Fill(random, recurrent * 4 * h), bIh = Fill(random, 4 * h), bHh = Fill(random, 4 * h);
        double[] x = Fill(random, inputs), hPrev = Fill(random, recurrent), cPrev = Fill(random, h);
        (double[] gates, double[] c, double[] hNew) = Oracle(wIh, wHh, bIh, bHh, x, hPrev, cPrev, inputs, h);

        var fGates = new float[4 * h];
        var fC = new float[h];
        var fH = new float[h];
        LstmStep.Forward<float>(F(wIh), F(wHh), F(bIh), F(bHh), F(x), F(hPrev), F(cPrev), fGates, fC, fH);
        AssertClose(gates, fGates, "gates");
        AssertClose(c, fC, "c");
        AssertClose(hNew, fH, "h");

        if (recurrent == h)
        {
            // in place, as streaming calls it: h and c overwrite their previous values
            float[] state = F(hPrev), cell = F(cPrev);
            LstmStep.Forward<float>(F(wIh), F(wHh), F(bIh), F(bHh), F(x), state, cell, new float[4 * h], cell, state);
            Assert.Equal(fC, cell);
            Assert.Equal(fH, state);
        }
    }

    [Fact]
    public void Double_precision_matches_the_equations_to_rounding()
    {
        var random = new Random(3);
        int inputs = 5, h = 16;
        double[] wIh = Fill(random, inputs * 4 * h), wHh = Fill(random, h * 4 * h), bIh = Fill(random, 4 * h), bHh = Fill(random, 4 * h);
        double[] x = Fill(random, inputs), hPrev = Fill(random, h), cPrev = Fill(random, h);
        (double[] gates, double[] c, double[] hNew) = Oracle(wIh, wHh, bIh, bHh, x, hPrev, cPrev, inputs, h);
        var dGates = new double[4 * h];
        var dC = new double[h];
        var dH = new double[h];
        LstmStep.Forward<double>(wIh, wHh, bIh, bHh, x, hPrev, cPrev, dGates, dC, dH);
        Assert.Equal(gates, dGates, (a, b) => Math.Abs(a - b) <= 1e-14);
        Assert.Equal(c, dC, (a, b) => Math.Abs(a - b) <= 1e-14);
        Assert.Equal(hNew, dH, (a, b) => Math.Abs(a - b) <= 1e-14);
    }

    /// <summary>
    /// At H = 16 the step runs one method (ForwardTwoBlocks) in place of the fused pre-activation pass
    /// and the cell loop; it must keep their bits. The pre-activations here are built in that pass's
    /// order (b_ih + b_hh, then one fused multiply-add per column of x, then of h, which is what each
    /// vector lane does) and run through the public cell, which is the cell loop the step replaced.
    /// </summary>
    [Theory]
    [InlineData(1, 16)]
    [InlineData(3, 16)]
    [InlineData(0, 16)]
    [InlineData(2, 5)]   // a projected recurrent input narrower than H
    public void Sixteen_units_keep_the_bits_of_the_fused_pass_and_cell_loop(int inputs, int recurrent)
    {
        if (!System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated || !System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            return; // the one-method kernel runs only with Vector256 hardware, and this oracle fuses as FMA hardware does; elsewhere the step runs the separate kernels, which the scalar-oracle tests above cover
        }
        AssertStepHasTheBitsOfOneChainPerRow(inputs, 16, recurrent, seed: 31 + inputs + recurrent);
    }

    /// <summary>
    /// Above H = 16 every gate row is one FMA chain (the biases, then x's columns, then h's) whichever
    /// kernel sums it: the 256-bit row blocks, the column groups, or on AVX-512 hardware the 512-bit
    /// row blocks that layers over 32 KiB of weights take. So the step must give exactly the oracle's
    /// bits here, and since CI runs this suite with and without AVX-512 (DOTNET_EnableAVX512=0),
    /// the two vector widths are proven to agree bit for bit.
    /// </summary>
    [Theory]
    [InlineData(1, 32)]    // 16.5 KiB: 256-bit blocks of 64 rows
    [InlineData(40, 32)]   // 36 KiB, 128 rows: a 512-bit block of 128 rows
    [InlineData(70, 24)]   // 35.3 KiB, 96 rows: a 512-bit block of 64 rows, then a 256-bit block of 32
    [InlineData(1, 48)]    // 192 rows: column groups at either width
    [InlineData(1, 64)]    // 256 rows: column groups, or one 512-bit block of 256
    [InlineData(3, 96)]    // 384 rows: a 512-bit block of 256, then column groups from row 256
    [InlineData(16, 128)]  // 512 rows: two 512-bit blocks of 256
    public void Gate_rows_are_one_fma_chain_at_every_block_size_and_width(int inputs, int h)
    {
        if (!System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated || !System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            return; // without Vector256 and FMA hardware the step runs the separate kernels, which the scalar-oracle tests above cover
        }
        AssertStepHasTheBitsOfOneChainPerRow(inputs, h, h, seed: 7 * inputs + h);
    }

    /// <summary>
    /// The step against gate pre-activations summed with scalar FMAs, one chain per row in the
    /// vector kernels' order (b_ih + b_hh, then x's columns, then h's: what each vector lane does),
    /// run through the public cell loop; bit for bit.
    /// </summary>
    private static void AssertStepHasTheBitsOfOneChainPerRow(int inputs, int h, int recurrent, int seed)
    {
        int g = 4 * h;
        var random = new Random(seed);
        float[] wIh = F(Fill(random, inputs * g)), wHh = F(Fill(random, recurrent * g)), bIh = F(Fill(random, g)), bHh = F(Fill(random, g));
        float[] x = F(Fill(random, inputs)), hPrev = F(Fill(random, recurrent)), cPrev = F(Fill(random, h).Select(v => 2 * v).ToArray());

        var expectedGates = new float[g];
        for (int r = 0; r < g; r++)
        {
            float a = bIh[r] + bHh[r];
            for (int j = 0; j < inputs; j++)
            {
                a = MathF.FusedMultiplyAdd(wIh[j * g + r], x[j], a);
            }
            for (int j = 0; j < recurrent; j++)
            {
                a = MathF.FusedMultiplyAdd(wHh[j * g + r], hPrev[j], a);
            }
            expectedGates[r] = a;
        }
        float[] expectedC = new float[h], expectedH = new float[h];
        LstmCell.Forward<float>(expectedGates, cPrev, expectedC, expectedH);

        float[] gates = new float[g], c = new float[h], hidden = new float[h];
        LstmStep.Forward<float>(wIh, wHh, bIh, bHh, x, hPrev, cPrev, gates, c, hidden);
        Assert.Equal(expectedGates.Select(BitConverter.SingleToInt32Bits), gates.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expectedC.Select(BitConverter.SingleToInt32Bits), c.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expectedH.Select(BitConverter.SingleToInt32Bits), hidden.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(8)]   // the inlined H = 8 dispatch
    [InlineData(16)]  // the general body
    public void Misshapen_spans_throw_before_anything_is_written(int h)
    {
        // outputs start at 42 (a kernel that ran on zeros would write zeros, which a zeroed span would not show)
        var gates = new float[4 * h];
        var c = new float[h];
        var hidden = new float[h];
        Array.Fill(gates, 42f);
        Array.Fill(c, 42f);
        Array.Fill(hidden, 42f);
        var e = Assert.Throws<ArgumentException>(() => LstmStep.Forward<float>(
            new float[3 * 4 * h], new float[h * 4 * h], new float[4 * h], new float[4 * h], new float[2], new float[h], new float[h], gates, c, hidden));
        Assert.Contains("2 inputs", e.Message);
        Assert.All(gates, g => Assert.Equal(42f, g));
        Assert.All(c, v => Assert.Equal(42f, v));
        Assert.All(hidden, v => Assert.Equal(42f, v));
    }

    /// <summary>PyTorch's LSTM cell, gate order i, f, g, o, weights input-major ([inputs][4H]).</summary>
    private static (double[] Gates, double[] C, double[] H) Oracle(double[] wIh, double[] wHh, double[] bIh, double[] bHh,
        double[] x, double[] hPrev, double[] cPrev, int inputs, int h)
    {
        var gates = new double[4 * h];
        for (int r = 0; r < 4 * h; r++)
        {
            double sum = bIh[r] + bHh[r];
            for (int k = 0; k < inputs; k++)
            {
                sum += wIh[k * 4 * h + r] * x[k];
            }
            for (int k = 0; k < hPrev.Length; k++)
            {
                sum += wHh[k * 4 * h + r] * hPrev[k];
            }
            bool tanhGate = r >= 2 * h && r < 3 * h;
            gates[r] = tanhGate ? Math.Tanh(sum) : 1 / (1 + Math.Exp(-sum));
        }
        var c = new double[h];
        var hNew = new double[h];
        for (int j = 0; j < h; j++)
        {
            c[j] = gates[h + j] * cPrev[j] + gates[j] * gates[2 * h + j];
            hNew[j] = gates[3 * h + j] * Math.Tanh(c[j]);
        }
        return (gates, c, hNew);
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
