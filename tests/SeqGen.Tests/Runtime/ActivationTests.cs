using System;
using System.Linq;
using SeqGen.Numerics;
using Xunit;

namespace SeqGen.Tests.Runtime;

/// <summary>
/// The activations against the exact functions (computed in double with Math) over a dense grid,
/// holding the single-precision approximations to the error bounds stated on <see cref="Activations"/>.
/// </summary>
public sealed class ActivationTests
{
    private static readonly double[] s_grid = Enumerable.Range(-30000, 60001).Select(i => i * 1e-3)
        .Concat(Enumerable.Range(-2000, 4001).Select(i => i * 1e-7)) // near zero, where tanh cancels
        .Concat(new[] { -100.0, -88.5, 88.5, 100.0, 1e-30, -1e-30, 0.0 })
        .Concat(RandomFloats(200_000, 12)) // between the grid points: the worst tanh error seen (3e-7 near 7.016) is there
        .ToArray();

    private static double[] RandomFloats(int count, double limit)
    {
        var random = new Random(11);
        return Enumerable.Range(0, count).Select(_ => (double)(float)((2 * random.NextDouble() - 1) * limit)).ToArray();
    }

    private static double ExactSigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>
    /// The vector sigmoid evaluates tanh(x / 2) with rescaled coefficients instead of halving x first;
    /// every rescaling is by a power of two, so it must give the bits of (1 + tanh(x / 2)) / 2 computed
    /// with the vector tanh. Checked on every 61st float bit pattern (70 million values, all signs and
    /// exponents, subnormals included) and on the clamp points.
    /// </summary>
    [Fact]
    public void VectorSigmoidGivesTheBitsOfTheTanhForm()
    {
        // Without Vector256 hardware the vector operations run in software, unfused where there is no
        // FMA, and the scaling argument holds the same, so this runs everywhere.
        var half = System.Runtime.Intrinsics.Vector256.Create(0.5f);
        Span<float> lanes = stackalloc float[8];
        float[] edges = { 19f, -19f, 9.5f, -9.5f, 18.999998f, -19.000002f, 0f, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity };
        long mismatches = 0;
        string first = "";
        void Check(System.Runtime.Intrinsics.Vector256<float> x)
        {
            var direct = Activations.Sigmoid(x);
            var t = Activations.Tanh(half * x);
            // fused where the library fuses (LinearAlgebra.MultiplyAdd)
            var viaTanh = System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(half, t, half) : half * t + half;
            if (!System.Runtime.Intrinsics.Vector256.EqualsAll(System.Runtime.Intrinsics.Vector256.AsInt32(direct), System.Runtime.Intrinsics.Vector256.AsInt32(viaTanh)))
            {
                for (int i = 0; i < 8; i++)
                {
                    if (BitConverter.SingleToInt32Bits(direct[i]) != BitConverter.SingleToInt32Bits(viaTanh[i]) && !(float.IsNaN(direct[i]) && float.IsNaN(viaTanh[i])))
                    {
                        mismatches++;
                        if (first.Length == 0)
                        {
                            first = $"x = {x[i]:R}: {direct[i]:R} against {viaTanh[i]:R}";
                        }
                    }
                }
            }
        }
        for (int i = 0; i + 8 <= edges.Length + 7; i += 8)
        {
            lanes.Clear();
            edges.AsSpan(i, Math.Min(8, edges.Length - i)).CopyTo(lanes);
            Check(System.Runtime.Intrinsics.Vector256.Create<float>(lanes));
        }
        const long Step = 61;
        for (long bits = 0; bits + 7 * Step <= uint.MaxValue; bits += 8 * Step)
        {
            for (int lane = 0; lane < 8; lane++)
            {
                lanes[lane] = BitConverter.Int32BitsToSingle((int)(uint)(bits + lane * Step));
            }
            Check(System.Runtime.Intrinsics.Vector256.Create<float>(lanes));
        }
        Assert.True(mismatches == 0, $"{mismatches} values differ; first {first}");
    }

    [Fact]
    public void SingleSigmoidIsWithinItsStatedError()
    {
        float[] x = s_grid.Select(v => (float)v).ToArray();
        var y = new float[x.Length];
        Activations.Sigmoid<float>(x, y);
        double worstAbsolute = 0, worstRelative = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double exact = ExactSigmoid(x[i]);
            double error = Math.Abs(y[i] - exact);
            worstAbsolute = Math.Max(worstAbsolute, error);
            if (x[i] >= 0)
            {
                worstRelative = Math.Max(worstRelative, error / exact);
            }
            Assert.InRange(y[i], 0f, 1f);
        }
        Assert.True(worstAbsolute <= 2e-7, $"max absolute error {worstAbsolute:E3}");
        Assert.True(worstRelative <= 2e-7, $"max relative error for x >= 0: {worstRelative:E3}");
    }

    [Fact]
    public void SingleTanhIsWithinItsStatedError()
    {
        float[] x = s_grid.Select(v => (float)v).ToArray();
        var y = new float[x.Length];
        Activations.Tanh<float>(x, y);
        double worstAbsolute = 0, worstRelative = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double exact = Math.Tanh(x[i]);
            double error = Math.Abs(y[i] - exact);
            worstAbsolute = Math.Max(worstAbsolute, error);
            if (exact != 0)
            {
                worstRelative = Math.Max(worstRelative, error / Math.Abs(exact));
            }
            Assert.Equal(Math.Sign(exact), Math.Sign(y[i]));
            Assert.InRange(y[i], -1f, 1f);
        }
        Assert.True(worstAbsolute <= 3.5e-7, $"max absolute error {worstAbsolute:E3}");
        Assert.True(worstRelative <= 3.5e-7, $"max relative error {worstRelative:E3}");
    }

    [Fact]
    public void SingleActivationsKeepNaNAndSaturateAtInfinity()
    {
        float[] x = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, 1e30f, -1e30f, 0f, 0f];
        var sigmoid = new float[8];
        var tanh = new float[8];
        Activations.Sigmoid<float>(x, sigmoid);
        Activations.Tanh<float>(x, tanh);
        Assert.True(float.IsNaN(sigmoid[0]), "sigmoid(NaN)");
        Assert.True(float.IsNaN(tanh[0]), "tanh(NaN)");
        // the inputs are clamped where tanh rounds to +-1, so both saturate exactly
        Assert.Equal([1f, 0f, 0.5f, 1f, 0f], sigmoid[1..6]);
        Assert.Equal([1f, -1f, 0f, 1f, -1f], tanh[1..6]);
        // tanh keeps the sign of zero, as MathF.Tanh does
        var negativeZero = new float[8];
        negativeZero[0] = -0f;
        Activations.Tanh<float>(negativeZero, negativeZero);
        Assert.True(float.IsNegative(negativeZero[0]) && negativeZero[0] == 0, $"tanh(-0) = {negativeZero[0]}");
    }

    [Fact]
    public void DoubleUsesAnAccurateImplementation()
    {
        double[] x = s_grid;
        var sigmoid = new double[x.Length];
        var tanh = new double[x.Length];
        Activations.Sigmoid<double>(x, sigmoid);
        Activations.Tanh<double>(x, tanh);
        double worstSigmoid = 0, worstTanh = 0;
        for (int i = 0; i < x.Length; i++)
        {
            worstSigmoid = Math.Max(worstSigmoid, Math.Abs(sigmoid[i] - ExactSigmoid(x[i])) / ExactSigmoid(x[i]));
            if (x[i] != 0)
            {
                worstTanh = Math.Max(worstTanh, Math.Abs(tanh[i] - Math.Tanh(x[i])) / Math.Abs(Math.Tanh(x[i])));
            }
        }
        // a few ulp (2.2e-16 each); the reference tests need 1e-9
        Assert.True(worstSigmoid <= 1e-14, $"sigmoid max relative error {worstSigmoid:E3}");
        Assert.True(worstTanh <= 1e-14, $"tanh max relative error {worstTanh:E3}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    public void EveryLengthIsComputedInPlaceWithoutTouchingNeighbours(int n)
    {
        var buffer = new float[n + 2];
        buffer[0] = buffer[^1] = 123f;
        for (int i = 1; i <= n; i++)
        {
            buffer[i] = i * 0.37f - 2f;
        }
        float[] input = buffer.ToArray();
        Activations.Tanh<float>(buffer.AsSpan(1, n), buffer.AsSpan(1, n));
        Assert.Equal(123f, buffer[0]);
        Assert.Equal(123f, buffer[^1]);
        for (int i = 1; i <= n; i++)
        {
            Assert.Equal(Math.Tanh(input[i]), buffer[i], 1e-6);
        }
    }
}
