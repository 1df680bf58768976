using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace SeqGen.Samples.SineWave;

/// <summary>
/// The model: reads the previous <see cref="Window"/> samples, one value per step, and predicts
/// the next sample from the LSTM's final state (many-to-one, mean squared error, single precision).
/// </summary>
[SequenceModel(Topology.ManyToOne, InputSize = 1, Steps = SineWaveTrainer.Window, OutputSize = 1, Precision = Precision.Single)]
[Lstm(16)]
public partial class SineWaveModel { }

/// <summary>One test window's prediction next to the truth and the naive guess.</summary>
/// <param name="Index">Position of the predicted sample in the test series.</param>
/// <param name="Predicted">The model's prediction of the next sample.</param>
/// <param name="Truth">The next sample (noisy, as observed).</param>
/// <param name="LastValue">The naive prediction: the last sample of the window.</param>
public readonly record struct SineWavePrediction(int Index, float Predicted, float Truth, float LastValue);

/// <summary>What <see cref="SineWaveTrainer.Train"/> measured.</summary>
/// <param name="EpochLosses">Mean training loss (MSE) of each epoch, as seen during that epoch.</param>
/// <param name="FinalTrainLoss">Mean training loss of the last epoch.</param>
/// <param name="TestMse">MSE of the trained model's one-step predictions on the test series.</param>
/// <param name="BaselineMse">MSE of the naive "next = last value" predictor on the same test windows.</param>
/// <param name="NoiseVariance">Variance of the added noise: the lowest MSE any predictor can reach on average.</param>
/// <param name="Samples">A few test predictions.</param>
/// <param name="Elapsed">Wall time of data generation, training and evaluation.</param>
public sealed record SineWaveResult(
    IReadOnlyList<float> EpochLosses,
    float FinalTrainLoss,
    float TestMse,
    float BaselineMse,
    float NoiseVariance,
    IReadOnlyList<SineWavePrediction> Samples,
    TimeSpan Elapsed);

/// <summary>
/// Trains <see cref="SineWaveModel"/> to predict the next value of a noisy sine wave from the
/// previous 20 samples, with Adam over mini-batches (gradients summed over the batch, averaged,
/// clipped by global norm, then one optimizer step). Everything is seeded: the same arguments
/// give the same result on the same machine.
/// </summary>
public static class SineWaveTrainer
{
    /// <summary>Samples the model reads per prediction.</summary>
    public const int Window = 20;

    /// <summary>Samples per period of the sine.</summary>
    public const double Period = 30;

    /// <summary>Standard deviation of the Gaussian noise added to every sample.</summary>
    public const double NoiseStdDev = 0.1;

    private const int TrainLength = 1500;
    private const int TestLength = 500;
    private const int BatchSize = 32;
    private const float LearningRate = 0.01f;
    private const float MaxGradientNorm = 1.0f;

    /// <summary>
    /// Generates the data, trains for <paramref name="epochs"/> epochs and evaluates on a held-out
    /// stretch of the series. <paramref name="log"/>, when given, receives a line every few epochs.
    /// </summary>
    public static SineWaveResult Train(int epochs = 20, Action<string>? log = null, long seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        var clock = Stopwatch.StartNew();

        // One series; the first TrainLength samples train, the following TestLength test.
        float[] series = NoisySine(TrainLength + TestLength, new Random(unchecked((int)seed)));
        int trainWindows = TrainLength - Window;          // targets at Window..TrainLength-1
        int testStart = TrainLength;                       // test windows lie wholly after the training data
        int testWindows = TestLength - Window;

        var model = new SineWaveModel(seed);
        var adam = new Adam<float>(SineWaveModel.ParameterCount, learningRate: LearningRate);
        var shuffle = new Random(unchecked((int)seed) + 1);
        int[] order = new int[trainWindows];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var epochLosses = new List<float>(epochs);
        Span<float> target = stackalloc float[1];
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            shuffle.Shuffle(order);
            // a quarter of the step size for the last third of training, to settle
            adam.LearningRate = epoch > 2 * epochs / 3 ? LearningRate / 4 : LearningRate;
            double epochLoss = 0;
            for (int start = 0; start < order.Length; start += BatchSize)
            {
                int count = Math.Min(BatchSize, order.Length - start);
                model.ZeroGradients();
                for (int b = 0; b < count; b++)
                {
                    int first = order[start + b];
                    target[0] = series[first + Window];
                    epochLoss += model.ComputeGradients(series.AsSpan(first, Window), target);
                }
                // the gradients hold the sum over the batch; average them, clip, step
                Span<float> gradients = model.Gradients;
                float scale = 1f / count;
                for (int i = 0; i < gradients.Length; i++)
                {
                    gradients[i] *= scale;
                }
                GradientClipping.ClipByGlobalNorm(gradients, MaxGradientNorm);
                adam.Step(model.Parameters, gradients);
            }
            float meanLoss = (float)(epochLoss / order.Length);
            epochLosses.Add(meanLoss);
            if (log is not null && (epoch == 1 || epoch % 5 == 0 || epoch == epochs))
            {
                log($"epoch {epoch,3}: train MSE {meanLoss:F5}");
            }
        }

        // Evaluation on the held-out part: the model against "the next value equals the last one".
        double modelSquared = 0, baselineSquared = 0;
        var samples = new List<SineWavePrediction>();
        Span<float> prediction = stackalloc float[1];
        for (int w = 0; w < testWindows; w++)
        {
            int first = testStart + w;
            model.Forward(series.AsSpan(first, Window), prediction);
            float truth = series[first + Window];
            float last = series[first + Window - 1];
            modelSquared += Square(prediction[0] - truth);
            baselineSquared += Square(last - truth);
            if (w % 53 == 0 && samples.Count < 8)
            {
                samples.Add(new SineWavePrediction(first + Window - testStart, prediction[0], truth, last));
            }
        }

        return new SineWaveResult(
            epochLosses,
            epochLosses[^1],
            (float)(modelSquared / testWindows),
            (float)(baselineSquared / testWindows),
            (float)(NoiseStdDev * NoiseStdDev),
            samples,
            clock.Elapsed);
    }

    /// <summary>sin(2 pi t / Period) plus N(0, NoiseStdDev^2) noise (Box-Muller), from a seeded generator.</summary>
    private static float[] NoisySine(int length, Random random)
    {
        var values = new float[length];
        for (int t = 0; t < length; t++)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            double gaussian = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            values[t] = (float)(Math.Sin(2.0 * Math.PI * t / Period) + NoiseStdDev * gaussian);
        }
        return values;
    }

    private static double Square(double x) => x * x;
}
