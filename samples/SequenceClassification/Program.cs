using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using SeqGen.Samples.SequenceClassification;
using Spectre.Console;

// Variable-length sequences (5-30 steps) padded to 30: is the sum of the signs positive? Trained with the
// padding fed as zeros and with it masked (the length overloads); plus the Keras/PyTorch parameter count.
// Options: --epochs N (default 20), --train N (default 4000), --seed N, --no-tagger.
Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;

var options = new ClassificationOptions();
for (int i = 0; i < args.Length; i++)
{
    string? value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--epochs" when int.TryParse(value, out int epochs) && epochs > 0:
            options = options with { Epochs = epochs };
            i++;
            break;
        case "--train" when int.TryParse(value, out int train) && train > 0:
            options = options with { TrainCount = train };
            i++;
            break;
        case "--seed" when long.TryParse(value, out long seed):
            options = options with { Seed = seed };
            i++;
            break;
        case "--no-tagger":
            options = options with { Tagger = false };
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'; usage: SequenceClassification [--epochs N] [--train N] [--seed N] [--no-tagger]");
            return 2;
    }
}

Console.WriteLine($"SequenceClassification: {SignData.MinSteps}-{SignData.MaxSteps} values in [-1, 1] -> is the sum of their signs positive?");
Console.WriteLine($"LSTM(16) many-to-one, {SignSumClassifier.ParameterCount} parameters; GRU(16) many-to-many tagger, {RunningSignTagger.ParameterCount}; " +
    $"{options.TrainCount} training / {options.TestCount} held-out sequences, {options.Epochs} epochs, Adam {options.LearningRate}, batch {options.BatchSize}, seed {options.Seed}");

int runs = options.Tagger ? 4 : 2;
ClassificationResult result;
if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
{
    result = null!;
    AnsiConsole.Progress()
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .Start(context =>
        {
            ProgressTask task = context.AddTask("starting", maxValue: runs * options.Epochs);
            result = SequenceClassifier.Run(options, p =>
            {
                task.Increment(1);
                task.Description = $"{p.Run}: epoch {p.Epoch}/{p.Epochs}, loss {p.TrainLoss:F4}";
            });
            task.Value = task.MaxValue;
        });
}
else
{
    result = SequenceClassifier.Run(options, p =>
        Console.WriteLine($"{p.Run,-22} epoch {p.Epoch,3}: train loss {p.TrainLoss:F4}, {p.Elapsed.TotalSeconds:F1} s"));
}

string Buckets(Score s) => string.Join(", ", s.AccuracyByLength.Select(a => $"{a:P1}"));
Console.WriteLine();
Console.WriteLine($"held-out accuracy ({options.TestCount} sequences; by length 5-12, 13-21, 22-30)");
Console.WriteLine($"  classifier, padding fed as zeros  {result.ZeroFed.Accuracy:P1}  ({Buckets(result.ZeroFed)}), {result.ZeroFed.Elapsed.TotalSeconds:F1} s");
Console.WriteLine($"  classifier, padding masked        {result.Masked.Accuracy:P1}  ({Buckets(result.Masked)}), {result.Masked.Elapsed.TotalSeconds:F1} s");
Console.WriteLine($"  majority class                    {result.MajorityAccuracy:P1}");
if (result.TaggerZeroFed is not null && result.TaggerMasked is not null)
{
    Console.WriteLine("per-step accuracy of the tagger (real steps only)");
    Console.WriteLine($"  tagger, padding fed as zeros      {result.TaggerZeroFed.Accuracy:P1}, {result.TaggerZeroFed.Elapsed.TotalSeconds:F1} s");
    Console.WriteLine($"  tagger, padding masked            {result.TaggerMasked.Accuracy:P1}, {result.TaggerMasked.Elapsed.TotalSeconds:F1} s");
}
double difference = result.Masked.Accuracy - result.ZeroFed.Accuracy;
Console.WriteLine(Math.Abs(difference) < 0.01
    ? $"masking vs zeros: {difference * 100:+0.0;-0.0} points, within a point (one seed)"
    : $"masking vs zeros: {difference * 100:+0.0;-0.0} points (one seed)");

Console.WriteLine();
Console.WriteLine("parameters of an RNN layer with 4 inputs and 3 units (LayerParameterCounts):");
Console.WriteLine($"  one bias (Keras, SingleBias = true)   4*3 + 3*3 + 3     = {result.KerasLayerParameters[0]}");
Console.WriteLine($"  two biases (PyTorch b_ih and b_hh)    4*3 + 3*3 + 3 + 3 = {result.PyTorchLayerParameters[0]}");
Console.WriteLine($"time {result.Elapsed.TotalSeconds:F1} s");
return result.Masked.Accuracy > result.MajorityAccuracy ? 0 : 1;
