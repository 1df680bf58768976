using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using SeqGen.Plotting;

namespace SeqGen.Samples.TimeSeries;

/// <summary>The model: the previous <see cref="TimeSeriesTrainer.Window"/> grid values, one per step, to the next one.</summary>
[SequenceModel(Topology.ManyToOne, InputSize = 1, Steps = TimeSeriesTrainer.Window, OutputSize = 1, Precision = Precision.Single)]
[Lstm(16)]
public partial class NextValueModel { }

/// <summary>How to run the sample.</summary>
/// <param name="Epochs">Most epochs (early stopping may end sooner).</param>
/// <param name="Duration">Length of the measured signal, in time units (about one measurement per unit).</param>
/// <param name="Seed">Seed of the data, the weights and the shuffling.</param>
/// <param name="PlotPath">Where to write the loss-curve SVG; null writes none.</param>
public sealed record TimeSeriesOptions(int Epochs = 20, double Duration = 2400, long Seed = 42, string? PlotPath = null);

/// <summary>What <see cref="TimeSeriesTrainer.Run"/> measured.</summary>
/// <param name="Measurements">Irregular measurements taken.</param>
/// <param name="GridPoints">Values on the uniform grid after resampling.</param>
/// <param name="Training">The trainer's record: losses per epoch, best epoch, early stop, throughput.</param>
/// <param name="TestMse">MSE of the model's one-step predictions on the held-out last quarter of the grid.</param>
/// <param name="BaselineMse">MSE of "the next value is the last one" on the same windows.</param>
/// <param name="TestWindows">Number of held-out windows.</param>
/// <param name="Elapsed">Wall time of everything.</param>
public sealed record TimeSeriesResult(int Measurements, int GridPoints, TrainingResult Training, double TestMse, double BaselineMse,
    int TestWindows, TimeSpan Elapsed);

/// <summary>
/// Measures a signal at irregular times, resamples it onto a uniform grid with the natural cubic
/// spline, and trains <see cref="NextValueModel"/> with <see cref="Trainer{T}"/> to predict the next
/// grid value (Adam, batches of 32, clipping at norm 1, 10% of the training windows for validation,
/// early stopping with patience 4, best weights restored). The first three quarters of the grid
/// train, the last quarter tests. Seeded: the same options give the same result on one machine.
/// </summary>
public static class TimeSeriesTrainer
{
    /// <summary>Grid values per input window.</summary>
    public const int Window = 24;

    /// <summary>Spacing of the uniform grid, in time units.</summary>
    public const double GridStep = 1.0;

    /// <summary>Runs the sample; <paramref name="progress"/> receives the trainer's reports.</summary>
    public static TimeSeriesResult Run(TimeSeriesOptions options, Action<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var (times, values) = Measurements.Measure(options.Duration, new Random(unchecked((int)options.Seed)));
        float[] grid = Measurements.Resample(times, values, GridStep);
        int split = grid.Length * 3 / 4;

        RegressionDataset<float> train = Windows(grid, 0, split);
        var model = new NextValueModel(options.Seed);
        var trainer = new Trainer<float>
        {
            Epochs = options.Epochs,
            BatchSize = 32,
            MaxGradientNorm = 1,
            ValidationFraction = 0.1,
            Patience = 4,
            Seed = options.Seed,
            Progress = progress,
        };
        TrainingResult training = trainer.Fit(model, new Adam<float>(NextValueModel.ParameterCount, learningRate: 0.01), train);

        // Held out: windows whose inputs and target all lie in the last quarter.
        RegressionDataset<float> test = Windows(grid, split, grid.Length);
        double modelSquared = 0, baselineSquared = 0;
        var prediction = new float[1];
        for (int n = 0; n < test.Count; n++)
        {
            model.Forward(test.Input(n), prediction);
            float truth = test.Target(n)[0];
            modelSquared += Square(prediction[0] - truth);
            baselineSquared += Square(test.Input(n)[^1] - truth);
        }

        if (options.PlotPath is not null)
        {
            new LinePlot { Title = "TimeSeries: loss per epoch", XLabel = "epoch", YLabel = "MSE", LogY = true }
                .Add("train", training.TrainLosses.ToArray())
                .Add("validation", training.ValidationLosses.ToArray())
                .Save(options.PlotPath);
        }
        return new TimeSeriesResult(times.Length, grid.Length, training, modelSquared / test.Count, baselineSquared / test.Count,
            test.Count, clock.Elapsed);
    }

    /// <summary>Every window of <see cref="Window"/> values in grid[start..end) with the value after it as target.</summary>
    private static RegressionDataset<float> Windows(float[] grid, int start, int end)
    {
        int count = end - start - Window;
        var inputs = new float[count * Window];
        var targets = new float[count];
        for (int n = 0; n < count; n++)
        {
            grid.AsSpan(start + n, Window).CopyTo(inputs.AsSpan(n * Window));
            targets[n] = grid[start + n + Window];
        }
        return new RegressionDataset<float>(inputs, Window, targets, 1);
    }

    private static double Square(double x) => x * x;
}
