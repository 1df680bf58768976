using System;
using System.Globalization;
using System.Threading;
using SeqGen;
using SeqGen.Samples.TimeSeries;
using Spectre.Console;

// Irregular noisy measurements -> natural cubic spline onto a uniform grid -> an LSTM predicts the next value.
// Options: --epochs N (default 20), --plot PATH (default loss.svg in the current directory), --seed N.
Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;

var options = new TimeSeriesOptions(PlotPath: "loss.svg");
for (int i = 0; i < args.Length; i++)
{
    string? value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--epochs" when int.TryParse(value, out int epochs) && epochs > 0:
            options = options with { Epochs = epochs };
            i++;
            break;
        case "--seed" when long.TryParse(value, out long seed):
            options = options with { Seed = seed };
            i++;
            break;
        case "--plot" when !string.IsNullOrWhiteSpace(value):
            options = options with { PlotPath = value };
            i++;
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'; usage: TimeSeries [--epochs N] [--plot PATH] [--seed N]");
            return 2;
    }
}

Console.WriteLine($"TimeSeries: LSTM(16) over {TimeSeriesTrainer.Window} resampled values -> next value; " +
    $"{NextValueModel.ParameterCount} parameters, Adam, batch 32, up to {options.Epochs} epochs");

TimeSeriesResult result;
if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
{
    result = null!;
    AnsiConsole.Progress()
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .Start(context =>
        {
            ProgressTask task = context.AddTask("starting", maxValue: 1);
            result = TimeSeriesTrainer.Run(options, p =>
            {
                task.MaxValue = (double)p.Epochs * p.BatchesPerEpoch;
                task.Value = (double)(p.Epoch - 1) * p.BatchesPerEpoch + p.Batch;
                if (p.IsEpochEnd || p.Batch % 10 == 1)
                {
                    string validation = double.IsNaN(p.ValidationLoss) ? "" : $", validation {p.ValidationLoss:F5}";
                    task.Description = $"epoch {p.Epoch}/{p.Epochs}: train MSE {p.TrainLoss:F5}{validation}, {p.SequencesPerSecond:F0} seq/s";
                }
            });
            task.Value = task.MaxValue; // early stopping ends before the last epoch
        });
}
else
{
    result = TimeSeriesTrainer.Run(options, p =>
    {
        if (p.IsEpochEnd)
        {
            Console.WriteLine($"epoch {p.Epoch,3}: train MSE {p.TrainLoss:F5}, validation MSE {p.ValidationLoss:F5}, " +
                $"{p.SequencesPerSecond:F0} sequences/s, {p.Elapsed.TotalSeconds:F1} s");
        }
    });
}

TrainingResult training = result.Training;
Console.WriteLine();
Console.WriteLine($"measurements (irregular)  {result.Measurements}");
Console.WriteLine($"grid points (spline)      {result.GridPoints}");
Console.WriteLine($"epochs run                {training.EpochsRun}{(training.StoppedEarly ? " (stopped early)" : "")}, best {training.BestEpoch}, validation MSE {training.BestLoss:F5}");
Console.WriteLine($"throughput                {training.SequencesPerSecond:F0} sequences/s");
Console.WriteLine($"held-out MSE, model       {result.TestMse:F5}  ({result.TestWindows} windows)");
Console.WriteLine($"held-out MSE, last value  {result.BaselineMse:F5}");
Console.WriteLine($"model / baseline          {result.TestMse / result.BaselineMse:F3}");
Console.WriteLine($"time                      {result.Elapsed.TotalSeconds:F1} s");
if (options.PlotPath is not null)
{
    Console.WriteLine($"loss curve                {System.IO.Path.GetFullPath(options.PlotPath)}");
}
return result.TestMse < result.BaselineMse ? 0 : 1;
