using System;
using System.Collections.Generic;
using SeqGen.Plotting;

namespace SeqGen.Samples.VanishingGradients;

/// <summary>A vanilla (tanh) RNN reading <see cref="GradientProbe.Steps"/> steps; loss on the last output only. Double precision, so tiny gradients stay exact.</summary>
[SequenceModel(Topology.ManyToOne, InputSize = GradientProbe.InputSize, Steps = GradientProbe.Steps, OutputSize = 1, Precision = Precision.Double)]
[Rnn(GradientProbe.Hidden)]
public partial class RnnProbe { }

/// <summary>The same with an LSTM.</summary>
[SequenceModel(Topology.ManyToOne, InputSize = GradientProbe.InputSize, Steps = GradientProbe.Steps, OutputSize = 1, Precision = Precision.Double)]
[Lstm(GradientProbe.Hidden)]
public partial class LstmProbe { }

/// <summary>The same with a GRU.</summary>
[SequenceModel(Topology.ManyToOne, InputSize = GradientProbe.InputSize, Steps = GradientProbe.Steps, OutputSize = 1, Precision = Precision.Double)]
[Gru(GradientProbe.Hidden)]
public partial class GruProbe { }

/// <summary>
/// Per-step input-gradient norms of a fresh model: ||dLoss/dx_t|| for every input step t (from
/// <c>InputGradient</c>, [Steps][InputSize]), divided by the last step's, so that entry k says how
/// much gradient reaches the input k steps before the end, relative to the newest input.
/// </summary>
/// <param name="Name">The cell.</param>
/// <param name="Relative">Index k = steps back from the last input (0 .. Steps-1): the mean over the trials of ||dL/dx_(T-1-k)|| / ||dL/dx_(T-1)||.</param>
public sealed record GradientCurve(string Name, double[] Relative)
{
    /// <summary>The relative norm <paramref name="stepsBack"/> steps before the last input.</summary>
    public double At(int stepsBack) => Relative[stepsBack];
}

/// <summary>
/// Measures how the gradient of a loss on the last output reaches earlier inputs, for a tanh RNN,
/// an LSTM and a GRU of the same hidden size, at PyTorch's default initialization (every weight and
/// bias U(-1/sqrt(H), 1/sqrt(H)), what <c>InitializeParameters</c> draws), untrained, over random
/// N(0, 1) inputs and a random target; averaged over <c>trials</c> seeds (weights and input differ
/// per trial).
/// </summary>
public static class GradientProbe
{
    /// <summary>Input steps.</summary>
    public const int Steps = 100;

    /// <summary>Features per step.</summary>
    public const int InputSize = 4;

    /// <summary>Hidden size of every cell.</summary>
    public const int Hidden = 32;

    /// <summary>The bias added to the LSTM's forget gate and the GRU's update gate in the "remembering" curves.</summary>
    public const double GateBias = 3;

    /// <summary>
    /// Five curves, averaged over <paramref name="trials"/> seeds starting at <paramref name="seed"/>: the
    /// three cells at PyTorch's default initialization, then the LSTM with <see cref="GateBias"/> added to
    /// its forget-gate bias and the GRU with it added to its update-gate bias (gates set to keep their state).
    /// </summary>
    public static IReadOnlyList<GradientCurve> Measure(int trials = 20, long seed = 1) =>
    [
        Measure("RNN (tanh)", new RnnProbe(), trials, seed),
        Measure("LSTM", new LstmProbe(), trials, seed),
        Measure("GRU", new GruProbe(), trials, seed),
        Measure($"LSTM, forget bias +{GateBias}", new LstmProbe(), trials, seed, model => AddToGateBias(model, gate: 1)),
        Measure($"GRU, update bias +{GateBias}", new GruProbe(), trials, seed, model => AddToGateBias(model, gate: 1)),
    ];

    /// <summary>
    /// Adds <see cref="GateBias"/> to gate <paramref name="gate"/> of <c>rnn.bias_ih_l0</c> (PyTorch's gate
    /// order: LSTM i, f, g, o, so 1 is the forget gate; GRU r, z, n, so 1 is the update gate).
    /// </summary>
    public static void AddToGateBias(IRegressionModel<double> model, int gate)
    {
        ArgumentNullException.ThrowIfNull(model);
        int length = 0;
        foreach (ParameterInfo info in model.ParameterTable)
        {
            if (info.Name == "rnn.bias_ih_l0")
            {
                length = info.Length;
            }
        }
        var bias = new double[length];
        model.GetParameter("rnn.bias_ih_l0", bias);
        for (int i = gate * Hidden; i < (gate + 1) * Hidden; i++)
        {
            bias[i] += GateBias;
        }
        model.SetParameter("rnn.bias_ih_l0", bias);
    }

    /// <summary>One model's curve: re-initialized from seed, seed+1, ... for each trial, then <paramref name="adjust"/>ed.</summary>
    public static GradientCurve Measure(string name, IRegressionModel<double> model, int trials, long seed, Action<IRegressionModel<double>>? adjust = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sum = new double[Steps];
        var input = new double[Steps * InputSize];
        var target = new double[1];
        for (int trial = 0; trial < trials; trial++)
        {
            model.InitializeParameters(seed + trial);
            adjust?.Invoke(model);
            var random = new Random(unchecked((int)(seed + trial)));
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = Gaussian(random);
            }
            target[0] = Gaussian(random);
            model.ZeroGradients();
            model.ComputeGradients(input, target);
            double[] norms = StepNorms(model.InputGradient, InputSize);
            for (int k = 0; k < Steps; k++)
            {
                sum[k] += norms[Steps - 1 - k] / norms[Steps - 1];
            }
        }
        for (int k = 0; k < Steps; k++)
        {
            sum[k] /= trials;
        }
        return new GradientCurve(name, sum);
    }

    /// <summary>The curves against steps back, on a log axis.</summary>
    public static LinePlot Plot(IReadOnlyList<GradientCurve> curves, int trials)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var stepsBack = new double[Steps];
        for (int k = 0; k < Steps; k++)
        {
            stepsBack[k] = k;
        }
        var plot = new LinePlot
        {
            Title = $"Gradient reaching each input, hidden {Hidden}, mean of {trials} seeds",
            XLabel = "steps before the last input",
            YLabel = "||dL/dx_t|| / ||dL/dx_last||",
            LogY = true,
            Width = 900,
        };
        foreach (GradientCurve curve in curves)
        {
            plot.Add(curve.Name, stepsBack, curve.Relative);
        }
        return plot;
    }

    /// <summary>The L2 norm of each row of <paramref name="gradient"/> ([rows][width]).</summary>
    public static double[] StepNorms<T>(ReadOnlySpan<T> gradient, int width)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var norms = new double[gradient.Length / width];
        for (int t = 0; t < norms.Length; t++)
        {
            double squares = 0;
            foreach (T g in gradient.Slice(t * width, width))
            {
                double v = double.CreateTruncating(g);
                squares += v * v;
            }
            norms[t] = Math.Sqrt(squares);
        }
        return norms;
    }

    internal static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
