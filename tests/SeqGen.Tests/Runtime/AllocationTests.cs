using System;
using Xunit;

namespace SeqGen.Tests.Runtime;

/// <summary>
/// The per-step training calls must not allocate: 1,000 calls after a warm-up call, measured with
/// GC.GetAllocatedBytesForCurrentThread (so other tests running in parallel do not count).
/// </summary>
public class AllocationTests
{
    private const int Calls = 1000;
    private const int Length = 37;

    private static (double[] P, double[] G) Data()
    {
        var p = new double[Length];
        var g = new double[Length];
        for (int i = 0; i < Length; i++)
        {
            p[i] = Math.Sin(i + 1);
            g[i] = 1e-3 * Math.Cos(3 * i);
        }
        return (p, g);
    }

    [Fact]
    public void SgdStepDoesNotAllocate()
    {
        var (p, g) = Data();
        float[] pf = Tolerance.ToFloat(p), gf = Tolerance.ToFloat(g);
        var sgd = new Sgd<double>(Length, 0.01, momentum: 0.9, weightDecay: 1e-4, nesterov: true);
        var sgdFloat = new Sgd<float>(Length, 0.01, momentum: 0.9, weightDecay: 1e-4);
        var plain = new Sgd<double>(Length, 0.01);

        sgd.Step(p, g);
        sgdFloat.Step(pf, gf);
        plain.Step(p, g);
        long allocated = AllocationMeter.BytesOver1000Calls(() =>
        {
            sgd.Step(p, g);
            sgdFloat.Step(pf, gf);
            plain.Step(p, g);
        });
        Assert.True(allocated == 0, $"{allocated} bytes allocated over {Calls} calls");
        Assert.All(p, x => Assert.True(double.IsFinite(x)));
    }

    [Fact]
    public void AdamStepDoesNotAllocate()
    {
        var (p, g) = Data();
        float[] pf = Tolerance.ToFloat(p), gf = Tolerance.ToFloat(g);
        var adam = new Adam<double>(Length, weightDecay: 1e-4);
        var adamFloat = new Adam<float>(Length);

        adam.Step(p, g);
        adamFloat.Step(pf, gf);
        long allocated = AllocationMeter.BytesOver1000Calls(() =>
        {
            adam.Step(p, g);
            adamFloat.Step(pf, gf);
        });
        Assert.True(allocated == 0, $"{allocated} bytes allocated over {Calls} calls");
        Assert.True(adam.StepCount > Calls, $"Adam took {adam.StepCount} steps"); // the calls really ran
    }

    [Fact]
    public void ClipByGlobalNormDoesNotAllocate()
    {
        var (_, g) = Data();
        double[] original = (double[])g.Clone();
        float[] originalFloat = Tolerance.ToFloat(g);
        float[] gf = (float[])originalFloat.Clone();
        double maxNorm = 1e-4; // below the norm: every call scales

        original.CopyTo(g, 0);
        GradientClipping.ClipByGlobalNorm<double>(g, maxNorm);
        GradientClipping.ClipByGlobalNorm(gf.AsSpan(), (float)maxNorm);
        double sum = 0;
        long allocated = AllocationMeter.BytesOver1000Calls(() =>
        {
            original.CopyTo(g, 0);
            sum += GradientClipping.ClipByGlobalNorm<double>(g, maxNorm);
            originalFloat.CopyTo(gf, 0);
            sum += GradientClipping.ClipByGlobalNorm(gf.AsSpan(), (float)maxNorm);
        });
        Assert.True(allocated == 0, $"{allocated} bytes allocated over {Calls} calls");
        Assert.True(sum > 0);
    }
}
