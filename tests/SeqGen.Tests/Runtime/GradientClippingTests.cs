using System;
using Xunit;
using V = SeqGen.Tests.Runtime.RuntimeVectors;

namespace SeqGen.Tests.Runtime;

/// <summary>
/// GradientClipping.ClipByGlobalNorm against torch.nn.utils.clip_grad_norm_.
/// torch scales by max_norm / (norm + 1e-6); SeqGen by exactly max_norm / norm (the documented
/// g &lt;- g * v / ||g||). So the clipped gradient is compared tightly with grad * max_norm / norm,
/// where norm is the value torch returned (computed by the script, not by SeqGen), and only loosely
/// with torch's own clipped gradient: the two scale factors differ by a relative 1e-6 / (norm + 1e-6),
/// so that comparison allows 1.01 * 1e-6 / norm (about 3.7e-7 here).
/// </summary>
public class GradientClippingTests
{
    private static readonly double TorchEpsilonRelative = 1.01 * 1e-6 / V.ClipAboveTorchNorm;

    [Fact]
    public void AboveThresholdDoubleMatchesTorch()
    {
        double[] g = (double[])V.ClipAboveGrad.Clone();
        double norm = GradientClipping.ClipByGlobalNorm<double>(g, V.ClipAboveMaxNorm);

        Tolerance.Close(V.ClipAboveTorchNorm, norm, 1e-14, 0, "returned norm");
        Tolerance.Close(V.ClipAboveExpectedExact, g, 1e-13, 0, "clipped (exact scale)");
        Tolerance.Close(V.ClipAboveTorchClipped, g, TorchEpsilonRelative, 0, "clipped vs torch");

        double clippedNorm = 0;
        foreach (double x in g)
        {
            clippedNorm += x * x;
        }
        Tolerance.Close(V.ClipAboveMaxNorm, Math.Sqrt(clippedNorm), 1e-14, 0, "norm after clipping");
    }

    [Fact]
    public void AboveThresholdFloatMatchesTorch()
    {
        float[] g = Tolerance.ToFloat(V.ClipAboveGrad);
        float norm = GradientClipping.ClipByGlobalNorm(g.AsSpan(), (float)V.ClipAboveMaxNorm);

        Tolerance.Close(V.ClipAboveTorchNorm, norm, 1e-5, 0, "returned norm");
        Tolerance.Close(V.ClipAboveExpectedExact, g, 1e-5, 0, "clipped");
    }

    [Fact]
    public void BelowThresholdIsUntouched()
    {
        double[] g = (double[])V.ClipBelowGrad.Clone();
        double norm = GradientClipping.ClipByGlobalNorm<double>(g, V.ClipBelowMaxNorm);

        Tolerance.Close(V.ClipBelowTorchNorm, norm, 1e-14, 0, "returned norm");
        Assert.Equal(V.ClipBelowTorchClipped, g);
        Assert.Equal(V.ClipBelowExpectedExact, g);

        float[] f = Tolerance.ToFloat(V.ClipBelowGrad);
        float[] fBefore = (float[])f.Clone();
        float fNorm = GradientClipping.ClipByGlobalNorm(f.AsSpan(), (float)V.ClipBelowMaxNorm);
        Tolerance.Close(V.ClipBelowTorchNorm, fNorm, 1e-5, 0, "returned norm (float)");
        Assert.Equal(fBefore, f);
    }

    [Fact]
    public void NormEqualToMaxNormIsUntouched()
    {
        // 3-4-5 triangle: the norm is exactly 5.
        double[] g = { 3.0, -4.0 };
        double norm = GradientClipping.ClipByGlobalNorm<double>(g, 5.0);
        Assert.Equal(5.0, norm);
        Assert.Equal(new[] { 3.0, -4.0 }, g);
    }

    [Fact]
    public void ZeroGradientStaysZero()
    {
        double[] g = new double[5];
        double norm = GradientClipping.ClipByGlobalNorm<double>(g, 1.0);
        Assert.Equal(0.0, norm);
        Assert.All(g, x => Assert.Equal(0.0, x));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(33)]
    public void OddLengthsMatchNaiveNorm(int length)
    {
        var random = new Random(1000 + length);
        double[] g = new double[length];
        for (int i = 0; i < length; i++)
        {
            g[i] = 4 * random.NextDouble() - 2;
        }
        double[] original = (double[])g.Clone();
        double sum = 0;
        foreach (double x in original)
        {
            sum += x * x;
        }
        double naiveNorm = Math.Sqrt(sum);
        double maxNorm = naiveNorm / 3; // always clips

        double norm = GradientClipping.ClipByGlobalNorm<double>(g, maxNorm);

        Tolerance.Close(naiveNorm, norm, 1e-14, 0, "norm");
        for (int i = 0; i < length; i++)
        {
            Tolerance.Close(original[i] / 3, g[i], 1e-13, 0, $"g[{i}]");
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void NonPositiveMaxNormThrowsAndLeavesGradientsUntouched(double maxNorm)
    {
        double[] g = (double[])V.ClipAboveGrad.Clone();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm<double>(g, maxNorm));
        Assert.Equal("maxNorm", e.ParamName);
        Assert.Equal(V.ClipAboveGrad, g);
    }
}
