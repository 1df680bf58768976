using System;
using SeqGen.Numerics;
using Xunit;
using V = SeqGen.Tests.Runtime.RuntimeVectors;

namespace SeqGen.Tests.Runtime;

/// <summary>Losses against F.cross_entropy (reduction 'sum' over one row) and F.mse_loss (mean).</summary>
public class LossesTests
{
    private static (double[] Logits, int Target, double Loss, double[] Grad) CrossEntropyCase(string name) => name switch
    {
        "CrossEntropySmall" => (V.CrossEntropySmallLogits, V.CrossEntropySmallTarget, V.CrossEntropySmallLoss, V.CrossEntropySmallGrad),
        "CrossEntropyLarge" => (V.CrossEntropyLargeLogits, V.CrossEntropyLargeTarget, V.CrossEntropyLargeLoss, V.CrossEntropyLargeGrad),
        "CrossEntropyLastClass" => (V.CrossEntropyLastClassLogits, V.CrossEntropyLastClassTarget, V.CrossEntropyLastClassLoss,
            V.CrossEntropyLastClassGrad),
        _ => throw new ArgumentException(name),
    };

    private static (double[] Y, double[] Target, double Loss, double[] Grad) MseCase(string name) => name switch
    {
        "MseSix" => (V.MseSixY, V.MseSixTarget, V.MseSixLoss, V.MseSixGrad),
        "MseOne" => (V.MseOneY, V.MseOneTarget, V.MseOneLoss, V.MseOneGrad),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [InlineData("CrossEntropySmall")]
    [InlineData("CrossEntropyLarge")]
    [InlineData("CrossEntropyLastClass")]
    public void CrossEntropyDoubleMatchesTorch(string name)
    {
        var c = CrossEntropyCase(name);
        double[] grad = new double[c.Logits.Length];
        grad.AsSpan().Fill(double.NaN); // must be overwritten, not accumulated into
        double loss = Losses.CrossEntropy<double>(c.Logits, c.Target, grad);
        Tolerance.Close(c.Loss, loss, 1e-12, 0, "loss");
        Tolerance.Close(c.Grad, grad, 1e-12, 1e-15, "dLogits");
    }

    [Theory]
    [InlineData("CrossEntropySmall")]
    [InlineData("CrossEntropyLarge")]
    [InlineData("CrossEntropyLastClass")]
    public void CrossEntropyFloatMatchesTorch(string name)
    {
        var c = CrossEntropyCase(name);
        float[] logits = Tolerance.ToFloat(c.Logits);
        float[] grad = new float[logits.Length];
        float loss = Losses.CrossEntropy<float>(logits, c.Target, grad);
        Tolerance.Close(c.Loss, loss, 1e-5, 0, "loss");
        Tolerance.Close(c.Grad, grad, 1e-5, 1e-7, "dLogits");
    }

    [Fact]
    public void CrossEntropyDoesNotModifyLogits()
    {
        double[] logits = (double[])V.CrossEntropySmallLogits.Clone();
        Losses.CrossEntropy<double>(logits, V.CrossEntropySmallTarget, new double[logits.Length]);
        Assert.Equal(V.CrossEntropySmallLogits, logits);
    }

    [Theory]
    [InlineData("MseSix")]
    [InlineData("MseOne")]
    public void MeanSquaredErrorDoubleMatchesTorch(string name)
    {
        var c = MseCase(name);
        double[] grad = new double[c.Y.Length];
        grad.AsSpan().Fill(double.NaN);
        double loss = Losses.MeanSquaredError<double>(c.Y, c.Target, grad);
        Tolerance.Close(c.Loss, loss, 1e-12, 0, "loss");
        Tolerance.Close(c.Grad, grad, 1e-12, 0, "dy");
    }

    [Theory]
    [InlineData("MseSix")]
    [InlineData("MseOne")]
    public void MeanSquaredErrorFloatMatchesTorch(string name)
    {
        var c = MseCase(name);
        float[] grad = new float[c.Y.Length];
        float loss = Losses.MeanSquaredError<float>(Tolerance.ToFloat(c.Y), Tolerance.ToFloat(c.Target), grad);
        Tolerance.Close(c.Loss, loss, 1e-5, 0, "loss");
        Tolerance.Close(c.Grad, grad, 1e-5, 0, "dy");
    }

    [Fact]
    public void PerfectPredictionHasZeroLossAndGradient()
    {
        double[] y = { 0.25, -3.0, 7.5 };
        double[] grad = { 1, 1, 1 };
        Assert.Equal(0.0, Losses.MeanSquaredError<double>(y, y, grad));
        Assert.Equal(new double[3], grad);
    }
}
