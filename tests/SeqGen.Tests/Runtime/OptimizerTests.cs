using System;
using System.Text.RegularExpressions;
using Xunit;
using V = SeqGen.Tests.Runtime.RuntimeVectors;

namespace SeqGen.Tests.Runtime;

/// <summary>Sgd and Adam against torch.optim.SGD / torch.optim.Adam (float64 reference vectors).</summary>
public class OptimizerTests
{
    private const double DoubleRelative = 1e-12;
    private const double FloatRelative = 1e-5;
    private static readonly int Count = V.OptimizerInitialParams.Length;

    private sealed record SgdCase(double Lr, double Momentum, double WeightDecay, bool Nesterov, double[] Expected);

    private sealed record AdamCase(double Lr, double Beta1, double Beta2, double Eps, double WeightDecay, double[] Expected);

    private static SgdCase Sgd(string name) => name switch
    {
        "SgdPlain" => new(V.SgdPlainLr, V.SgdPlainMomentum, V.SgdPlainWeightDecay, V.SgdPlainNesterov, V.SgdPlainParams),
        "SgdMomentum" => new(V.SgdMomentumLr, V.SgdMomentumMomentum, V.SgdMomentumWeightDecay, V.SgdMomentumNesterov, V.SgdMomentumParams),
        "SgdNesterov" => new(V.SgdNesterovLr, V.SgdNesterovMomentum, V.SgdNesterovWeightDecay, V.SgdNesterovNesterov, V.SgdNesterovParams),
        "SgdWeightDecay" => new(V.SgdWeightDecayLr, V.SgdWeightDecayMomentum, V.SgdWeightDecayWeightDecay, V.SgdWeightDecayNesterov, V.SgdWeightDecayParams),
        "SgdMomentumWeightDecay" => new(V.SgdMomentumWeightDecayLr, V.SgdMomentumWeightDecayMomentum, V.SgdMomentumWeightDecayWeightDecay,
            V.SgdMomentumWeightDecayNesterov, V.SgdMomentumWeightDecayParams),
        _ => throw new ArgumentException(name),
    };

    private static AdamCase Adam(string name) => name switch
    {
        "AdamDefault" => new(V.AdamDefaultLr, V.AdamDefaultBeta1, V.AdamDefaultBeta2, V.AdamDefaultEps, V.AdamDefaultWeightDecay, V.AdamDefaultParams),
        "AdamWeightDecay" => new(V.AdamWeightDecayLr, V.AdamWeightDecayBeta1, V.AdamWeightDecayBeta2, V.AdamWeightDecayEps,
            V.AdamWeightDecayWeightDecay, V.AdamWeightDecayParams),
        "AdamCustom" => new(V.AdamCustomLr, V.AdamCustomBeta1, V.AdamCustomBeta2, V.AdamCustomEps, V.AdamCustomWeightDecay, V.AdamCustomParams),
        _ => throw new ArgumentException(name),
    };

    private static Sgd<T> MakeSgd<T>(SgdCase c) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => new(Count, c.Lr, c.Momentum, c.WeightDecay, c.Nesterov);

    private static Adam<T> MakeAdam<T>(AdamCase c) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => new(Count, c.Lr, c.Beta1, c.Beta2, c.Eps, c.WeightDecay);

    private static void RunDouble(Action<double[], double[]> step, double[] expected, string what)
    {
        double[] p = (double[])V.OptimizerInitialParams.Clone();
        for (int s = 0; s < V.OptimizerSteps; s++)
        {
            step(p, Tolerance.Row(V.OptimizerGrads, s, Count).ToArray());
            Tolerance.Close(Tolerance.Row(expected, s, Count), p, DoubleRelative, 0, $"{what} step {s + 1}");
        }
    }

    private static void RunFloat(Action<float[], float[]> step, double[] expected, string what)
    {
        float[] p = Tolerance.ToFloat(V.OptimizerInitialParams);
        for (int s = 0; s < V.OptimizerSteps; s++)
        {
            step(p, Tolerance.ToFloat(Tolerance.Row(V.OptimizerGrads, s, Count)));
            Tolerance.Close(Tolerance.Row(expected, s, Count), p, FloatRelative, 0, $"{what} step {s + 1}");
        }
    }

    [Theory]
    [InlineData("SgdPlain")]
    [InlineData("SgdMomentum")]
    [InlineData("SgdNesterov")]
    [InlineData("SgdWeightDecay")]
    [InlineData("SgdMomentumWeightDecay")]
    public void SgdDoubleMatchesTorch(string name)
    {
        SgdCase c = Sgd(name);
        var sgd = MakeSgd<double>(c);
        RunDouble((p, g) => sgd.Step(p, g), c.Expected, name);
    }

    [Theory]
    [InlineData("SgdPlain")]
    [InlineData("SgdMomentum")]
    [InlineData("SgdNesterov")]
    [InlineData("SgdWeightDecay")]
    [InlineData("SgdMomentumWeightDecay")]
    public void SgdFloatMatchesTorch(string name)
    {
        SgdCase c = Sgd(name);
        var sgd = MakeSgd<float>(c);
        RunFloat((p, g) => sgd.Step(p, g), c.Expected, name);
    }

    [Theory]
    [InlineData("AdamDefault")]
    [InlineData("AdamWeightDecay")]
    [InlineData("AdamCustom")]
    public void AdamDoubleMatchesTorch(string name)
    {
        AdamCase c = Adam(name);
        var adam = MakeAdam<double>(c);
        RunDouble((p, g) => adam.Step(p, g), c.Expected, name);
        Assert.Equal(V.OptimizerSteps, adam.StepCount);
    }

    [Theory]
    [InlineData("AdamDefault")]
    [InlineData("AdamWeightDecay")]
    [InlineData("AdamCustom")]
    public void AdamFloatMatchesTorch(string name)
    {
        AdamCase c = Adam(name);
        var adam = MakeAdam<float>(c);
        RunFloat((p, g) => adam.Step(p, g), c.Expected, name);
    }

    [Fact]
    public void AdamVectorPathGivesTheScalarFormulasBitForBit()
    {
        // 37 parameters: whole vectors and a scalar tail (9 vectors and 1 for double, 4 and 5 for
        // float); Half has no vector path and must still work
        AdamAgreesWithScalarFormulas<double>();
        AdamAgreesWithScalarFormulas<float>();
        AdamAgreesWithScalarFormulas<Half>();
    }

    private static void AdamAgreesWithScalarFormulas<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        const int n = 37;
        var random = new Random(5);
        T[] parameters = new T[n], expected = new T[n], m = new T[n], v = new T[n], gradient = new T[n];
        for (int i = 0; i < n; i++)
        {
            parameters[i] = expected[i] = T.CreateChecked(2 * random.NextDouble() - 1);
        }
        var adam = new Adam<T>(n, learningRate: 0.01, weightDecay: 0.1);
        T one = T.One, b1 = adam.Beta1, b2 = adam.Beta2, lr = adam.LearningRate, eps = adam.Epsilon, decay = T.CreateChecked(0.1);
        for (int step = 1; step <= 5; step++)
        {
            for (int i = 0; i < n; i++)
            {
                gradient[i] = T.CreateChecked(2 * random.NextDouble() - 1);
            }
            adam.Step(parameters, gradient);
            T correction1 = one - T.Pow(b1, T.CreateChecked(step)), correction2 = T.Sqrt(one - T.Pow(b2, T.CreateChecked(step)));
            for (int i = 0; i < n; i++)
            {
                T g = gradient[i] + decay * expected[i];
                m[i] = b1 * m[i] + (one - b1) * g;
                v[i] = b2 * v[i] + (one - b2) * g * g;
                expected[i] -= lr / correction1 * m[i] / (T.Sqrt(v[i]) / correction2 + eps);
            }
            Assert.Equal(expected, parameters);
        }
    }

    [Fact]
    public void AdamDefaultsAreTorchDefaults()
    {
        // torch.optim.Adam defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0.
        var adam = new Adam<double>(Count);
        Assert.Equal(V.AdamDefaultLr, adam.LearningRate);
        Assert.Equal(V.AdamDefaultBeta1, adam.Beta1);
        Assert.Equal(V.AdamDefaultBeta2, adam.Beta2);
        Assert.Equal(V.AdamDefaultEps, adam.Epsilon);
        Assert.Equal(V.AdamDefaultWeightDecay, adam.WeightDecay);
        Assert.Equal(Count, adam.ParameterCount);
        Assert.Equal(0, adam.StepCount);
    }

    [Fact]
    public void SgdResetRestartsTheMomentum()
    {
        SgdCase c = Sgd("SgdMomentum");
        var sgd = MakeSgd<double>(c);
        double[] scratch = (double[])V.OptimizerInitialParams.Clone();
        for (int s = 0; s < 3; s++)
        {
            sgd.Step(scratch, Tolerance.Row(V.OptimizerGrads, s, Count));
        }
        sgd.Reset();
        RunDouble((p, g) => sgd.Step(p, g), c.Expected, "SgdMomentum after Reset");
    }

    [Fact]
    public void AdamResetRestartsMomentsAndStepCount()
    {
        AdamCase c = Adam("AdamCustom");
        var adam = MakeAdam<double>(c);
        double[] scratch = (double[])V.OptimizerInitialParams.Clone();
        for (int s = 0; s < 3; s++)
        {
            adam.Step(scratch, Tolerance.Row(V.OptimizerGrads, s, Count));
        }
        adam.Reset();
        Assert.Equal(0, adam.StepCount);
        RunDouble((p, g) => adam.Step(p, g), c.Expected, "AdamCustom after Reset");
    }

    [Fact]
    public void SgdLearningRateCanChangeBetweenSteps()
    {
        // Plain SGD: p <- p - lr * g, with the learning rate read at each step.
        var sgd = new Sgd<double>(2, learningRate: 0.1);
        double[] p = { 1.0, -2.0 };
        sgd.Step(p, new[] { 0.5, 0.25 });
        sgd.LearningRate = 0.01;
        sgd.Step(p, new[] { 0.5, 0.25 });
        Tolerance.Close(new[] { 1.0 - 0.05 - 0.005, -2.0 - 0.025 - 0.0025 }, p, 1e-15, 0, "p");
    }

    // ------------------------------------------------------------ argument errors

    private static void AssertNamesLengths(ArgumentException e, string paramName, int expected, int actual)
    {
        Assert.Equal(paramName, e.ParamName);
        Assert.Matches(new Regex($@"\b{actual}\b"), e.Message);
        Assert.Matches(new Regex($@"\b{expected}\b"), e.Message);
    }

    [Theory]
    [InlineData(5, 7, "parameters")]
    [InlineData(9, 7, "parameters")]
    [InlineData(7, 6, "gradients")]
    [InlineData(7, 10, "gradients")]
    [InlineData(0, 7, "parameters")]
    public void SgdWrongSpanLengthsThrowAndLeaveStateUntouched(int parameterLength, int gradientLength, string paramName)
    {
        SgdCase c = Sgd("SgdMomentum");
        var sgd = MakeSgd<double>(c);
        double[] p = new double[parameterLength];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = i + 0.5;
        }
        double[] before = (double[])p.Clone();
        double[] g = new double[gradientLength];
        g.AsSpan().Fill(1.0);
        int actual = paramName == "parameters" ? parameterLength : gradientLength;

        var e = Assert.Throws<ArgumentException>(() => sgd.Step(p, g));
        AssertNamesLengths(e, paramName, Count, actual);
        Assert.Equal(before, p);

        // The failed call must not have started the momentum: the torch trajectory still follows.
        RunDouble((pp, gg) => sgd.Step(pp, gg), c.Expected, "SgdMomentum after a rejected step");
    }

    [Theory]
    [InlineData(5, 7, "parameters")]
    [InlineData(8, 7, "parameters")]
    [InlineData(7, 3, "gradients")]
    [InlineData(7, 0, "gradients")]
    public void AdamWrongSpanLengthsThrowAndLeaveStateUntouched(int parameterLength, int gradientLength, string paramName)
    {
        AdamCase c = Adam("AdamCustom");
        var adam = MakeAdam<float>(c);
        float[] p = new float[parameterLength];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = i - 1.5f;
        }
        float[] before = (float[])p.Clone();
        float[] g = new float[gradientLength];
        g.AsSpan().Fill(0.25f);
        int actual = paramName == "parameters" ? parameterLength : gradientLength;

        var e = Assert.Throws<ArgumentException>(() => adam.Step(p, g));
        AssertNamesLengths(e, paramName, Count, actual);
        Assert.Equal(before, p);
        Assert.Equal(0, adam.StepCount);
        RunFloat((pp, gg) => adam.Step(pp, gg), c.Expected, "AdamCustom after a rejected step");
    }

    [Fact]
    public void MatchingParametersButWrongGradientsLeaveParametersUntouched()
    {
        var sgd = new Sgd<double>(Count, 0.1, momentum: 0.5, weightDecay: 0.1);
        var adam = new Adam<double>(Count, 0.1, weightDecay: 0.1);
        double[] p = (double[])V.OptimizerInitialParams.Clone();
        double[] shortGradients = new double[Count - 1];
        shortGradients.AsSpan().Fill(3.0);

        Assert.Throws<ArgumentException>(() => sgd.Step(p, shortGradients));
        Assert.Throws<ArgumentException>(() => adam.Step(p, shortGradients));
        Assert.Equal(V.OptimizerInitialParams, p);
        Assert.Equal(0, adam.StepCount);
    }

    private static void Create(string optimizer, string name, double value)
    {
        switch (optimizer, name)
        {
            case ("Sgd", "learningRate"): _ = new Sgd<double>(3, value); break;
            case ("Sgd", "momentum"): _ = new Sgd<double>(3, 0.1, momentum: value); break;
            case ("Sgd", "weightDecay"): _ = new Sgd<double>(3, 0.1, weightDecay: value); break;
            case ("SgdFloat", "learningRate"): _ = new Sgd<float>(3, value); break;
            case ("Adam", "learningRate"): _ = new Adam<double>(3, learningRate: value); break;
            case ("Adam", "beta1"): _ = new Adam<double>(3, beta1: value); break;
            case ("Adam", "beta2"): _ = new Adam<double>(3, beta2: value); break;
            case ("Adam", "epsilon"): _ = new Adam<double>(3, epsilon: value); break;
            case ("Adam", "weightDecay"): _ = new Adam<double>(3, weightDecay: value); break;
            case ("AdamFloat", "learningRate"): _ = new Adam<float>(3, learningRate: value); break;
            default: throw new ArgumentException($"no case {optimizer}.{name}");
        }
    }

    [Theory]
    [InlineData("Sgd", "learningRate", -0.1)]
    [InlineData("Sgd", "learningRate", double.NaN)]
    [InlineData("Sgd", "learningRate", double.PositiveInfinity)]
    [InlineData("SgdFloat", "learningRate", -1e-3)]
    [InlineData("Sgd", "momentum", -0.1)]
    [InlineData("Sgd", "momentum", 1.0)]
    [InlineData("Sgd", "momentum", double.NaN)]
    [InlineData("Sgd", "weightDecay", -1e-4)]
    [InlineData("Sgd", "weightDecay", double.NaN)]
    [InlineData("Adam", "learningRate", -1e-3)]
    [InlineData("Adam", "learningRate", double.NaN)]
    [InlineData("AdamFloat", "learningRate", double.NegativeInfinity)]
    [InlineData("Adam", "beta1", 1.0)]
    [InlineData("Adam", "beta1", -0.1)]
    [InlineData("Adam", "beta1", double.NaN)]
    [InlineData("Adam", "beta2", 1.0)]
    [InlineData("Adam", "beta2", -0.5)]
    [InlineData("Adam", "epsilon", -1e-8)]
    [InlineData("Adam", "epsilon", double.NaN)]
    [InlineData("Adam", "weightDecay", -0.1)]
    public void BadHyperparametersThrowArgumentOutOfRange(string optimizer, string paramName, double value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Create(optimizer, paramName, value));
        Assert.Equal(paramName, e.ParamName);
        Assert.Contains(paramName, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void NonPositiveParameterCountThrowsArgumentOutOfRange(int count)
    {
        var sgd = Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>(count, 0.1));
        Assert.Equal("parameterCount", sgd.ParamName);
        var adam = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<float>(count));
        Assert.Equal("parameterCount", adam.ParamName);
    }

    [Fact]
    public void NesterovWithoutMomentumThrows()
    {
        var e = Assert.Throws<ArgumentException>(() => new Sgd<double>(3, 0.1, momentum: 0, nesterov: true));
        Assert.Equal("nesterov", e.ParamName);
    }

    [Fact]
    public void BoundaryHyperparametersAreAccepted()
    {
        // torch accepts lr 0, momentum 0, betas 0 and eps 0 as well.
        _ = new Sgd<double>(1, 0.0);
        _ = new Sgd<double>(1, 0.1, momentum: 0.0, weightDecay: 0.0);
        _ = new Adam<double>(1, learningRate: 0.0, beta1: 0.0, beta2: 0.0, epsilon: 0.0, weightDecay: 0.0);
    }
}
