using System;
using System.Collections.Generic;

namespace SeqGen.Samples.VanishingGradients;

/// <summary>A ReLU RNN reading <see cref="Exploding.Steps"/> steps to one output (mean squared error, single precision, as one trains).</summary>
[SequenceModel(Topology.ManyToOne, InputSize = Exploding.InputSize, Steps = Exploding.Steps, OutputSize = 1, Precision = Precision.Single)]
[Rnn(Exploding.Hidden, Activation = RnnActivation.Relu)]
public partial class ReluRnn { }

/// <summary>How <see cref="Exploding.Run"/> trains.</summary>
/// <param name="Gain">The recurrent weight is Gain * I plus PyTorch's default U(-1/sqrt(H), 1/sqrt(H)) draw: above 1, signals and gradients grow at every step.</param>
/// <param name="Iterations">SGD steps.</param>
/// <param name="BatchSize">Sequences per step.</param>
/// <param name="LearningRate">Plain SGD's step size.</param>
/// <param name="MaxNorm">The clipped run's global-norm limit.</param>
/// <param name="Seed">Seed of the weights and data (the same for both runs).</param>
public sealed record ExplodingOptions(double Gain = 0.8, int Iterations = 100, int BatchSize = 8, double LearningRate = 0.01, float MaxNorm = 1f, long Seed = 1);

/// <summary>One training run.</summary>
/// <param name="Losses">Mean batch loss before each step (NaN or infinity once it has exploded).</param>
/// <param name="GradientNorms">Global gradient norm of each step, before clipping.</param>
public sealed record TrainingTrace(double[] Losses, double[] GradientNorms)
{
    /// <summary>The first step whose loss or gradient norm is not finite, counting from 1; 0 if none.</summary>
    public int FirstNonFinite
    {
        get
        {
            for (int i = 0; i < Losses.Length; i++)
            {
                if (!double.IsFinite(Losses[i]) || !double.IsFinite(GradientNorms[i]))
                {
                    return i + 1;
                }
            }
            return 0;
        }
    }

    /// <summary>Whether every loss and gradient norm stayed finite.</summary>
    public bool Finite => FirstNonFinite == 0;
}

/// <summary>What <see cref="Exploding.Run"/> measured.</summary>
/// <param name="Relative">At the initial weights: ||dL/dx_(T-1-k)|| / ||dL/dx_(T-1)|| for k = 0 .. Steps-1 (one sequence).</param>
/// <param name="Unclipped">SGD without clipping.</param>
/// <param name="Clipped">The same SGD with <c>GradientClipping.ClipByGlobalNorm</c> before every step.</param>
public sealed record ExplodingResult(double[] Relative, TrainingTrace Unclipped, TrainingTrace Clipped);

/// <summary>
/// Exploding gradients and clipping: a ReLU RNN whose recurrent weights have a gain above 1 passes
/// gradients back to earlier steps multiplied at every step, so the gradient on old inputs and on
/// the recurrent weights grows geometrically with the sequence length. Trained with plain SGD on a
/// memory task (the target is the mean of the first input feature over the sequence), the
/// unclipped run takes huge steps and overflows; the clipped run, identical otherwise, stays finite.
/// </summary>
public static class Exploding
{
    /// <summary>Input steps.</summary>
    public const int Steps = 50;

    /// <summary>Features per step.</summary>
    public const int InputSize = 4;

    /// <summary>Hidden size.</summary>
    public const int Hidden = 32;

    /// <summary>Runs the measurement and both trainings.</summary>
    public static ExplodingResult Run(ExplodingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = Data(options.BatchSize * options.Iterations, options.Seed);
        ReluRnn model = Initial(options);
        model.ZeroGradients();
        model.ComputeGradients(data.Input(0), data.Target(0));
        double[] norms = GradientProbe.StepNorms(model.InputGradient, InputSize);
        var relative = new double[Steps];
        for (int k = 0; k < Steps; k++)
        {
            relative[k] = norms[Steps - 1 - k] / norms[Steps - 1];
        }
        return new ExplodingResult(relative, Train(options, data, clip: false), Train(options, data, clip: true));
    }

    private static ReluRnn Initial(ExplodingOptions options)
    {
        var model = new ReluRnn(options.Seed);
        var recurrent = new float[Hidden * Hidden];
        model.GetParameter("rnn.weight_hh_l0", recurrent);
        for (int i = 0; i < Hidden; i++)
        {
            recurrent[i * Hidden + i] += (float)options.Gain;
        }
        model.SetParameter("rnn.weight_hh_l0", recurrent);
        return model;
    }

    private static TrainingTrace Train(ExplodingOptions options, RegressionDataset<float> data, bool clip)
    {
        ReluRnn model = Initial(options);
        var sgd = new Sgd<float>(ReluRnn.ParameterCount, options.LearningRate);
        var losses = new double[options.Iterations];
        var gradientNorms = new double[options.Iterations];
        Span<int> batch = stackalloc int[options.BatchSize];
        for (int i = 0; i < options.Iterations; i++)
        {
            model.ZeroGradients();
            double loss = 0;
            for (int b = 0; b < batch.Length; b++)
            {
                int n = i * options.BatchSize + b;
                loss += model.ComputeGradients(data.Input(n), data.Target(n));
            }
            Span<float> gradients = model.Gradients;
            System.Numerics.Tensors.TensorPrimitives.Multiply(gradients, 1f / batch.Length, gradients);
            losses[i] = loss / batch.Length;
            gradientNorms[i] = clip
                ? GradientClipping.ClipByGlobalNorm(gradients, options.MaxNorm)
                : System.Numerics.Tensors.TensorPrimitives.Norm<float>(gradients);
            sgd.Step(model.Parameters, gradients);
        }
        return new TrainingTrace(losses, gradientNorms);
    }

    /// <summary>Random N(0, 1) sequences; the target is the mean over the steps of the first feature.</summary>
    private static RegressionDataset<float> Data(int count, long seed)
    {
        var random = new Random(unchecked((int)seed) + 1000);
        var inputs = new float[count * Steps * InputSize];
        var targets = new float[count];
        for (int n = 0; n < count; n++)
        {
            double sum = 0;
            for (int i = 0; i < Steps * InputSize; i++)
            {
                double x = GradientProbe.Gaussian(random);
                inputs[n * Steps * InputSize + i] = (float)x;
                if (i % InputSize == 0)
                {
                    sum += x;
                }
            }
            targets[n] = (float)(sum / Steps);
        }
        return new RegressionDataset<float>(inputs, Steps * InputSize, targets, 1);
    }
}
