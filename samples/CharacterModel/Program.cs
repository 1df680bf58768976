using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using SeqGen;
using SeqGen.Plotting;
using SeqGen.Samples.CharacterModel;
using Spectre.Console;

// (a) "hello" with a one-to-many FeedBack LSTM; (b) a character-level LSTM language model on Shakespeare.
// Options: --iterations N (default 1500), --seed N, --plot PATH (default none: the held-out loss curve as SVG).
Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;

var options = new TextOptions();
string? plotPath = null;
for (int i = 0; i < args.Length; i++)
{
    string? value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--iterations" when int.TryParse(value, out int iterations) && iterations > 0:
            options = options with { Iterations = iterations };
            i++;
            break;
        case "--seed" when long.TryParse(value, out long seed):
            options = options with { Seed = seed };
            i++;
            break;
        case "--plot" when !string.IsNullOrWhiteSpace(value):
            plotPath = value;
            i++;
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'; usage: CharacterModel [--iterations N] [--seed N] [--plot PATH]");
            return 2;
    }
}

// (a) hello
HelloResult hello = HelloTrainer.Train(seed: options.Seed);
Console.WriteLine($"(a) \"hello\": LSTM(16), one-to-many with FeedBack, vocabulary [h, e, l, o], {HelloModel.ParameterCount} parameters");
Console.WriteLine($"    loss {hello.Losses[0]:F3} -> {hello.Losses[^1]:F4} nats over {hello.Iterations} Adam steps; greedy decoding first gave \"hello\" after step {hello.FirstHelloIteration}");
Console.WriteLine($"    Forward (greedy) from \"h\": {hello.Greedy}");
Console.WriteLine($"    Generate (temperature 1):  {string.Join(", ", hello.Samples)}");
Console.WriteLine($"    Generate (temperature {HelloTrainer.HotTemperature}):  {string.Join(", ", hello.HotSamples)}");
Console.WriteLine();

// (b) Shakespeare
if (typeof(Adam<float>).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false) is [DebuggableAttribute { IsJITOptimizerDisabled: true }])
{
    Console.WriteLine("note: the SeqGen runtime was built without optimization (Debug), which makes training several times slower; " +
        "for the full run use: dotnet run -c Release --project samples/CharacterModel");
}
Console.WriteLine($"(b) Shakespeare: LSTM(64), many-to-many over windows of {TextTrainer.Window} characters, {Corpus.Size} classes, " +
    $"{ShakespeareModel.ParameterCount} parameters; {options.Iterations} Adam steps of {options.Streams} windows");
Console.WriteLine("    loss in bits per character (uniform guess: 6.02)");

void Print(TextCheckpoint c)
{
    if (c.Sample.Length == 0)
    {
        Console.WriteLine($"step {c.Iteration,5} ({c.Characters / 1000,5} k characters): train {c.TrainBitsPerCharacter:F3} bits/char, held-out {c.HeldOutBitsPerCharacter:F3}");
        return;
    }
    Console.WriteLine($"--- step {c.Iteration} ({c.Characters / 1000} k characters): train {c.TrainBitsPerCharacter:F3} bits/char, held-out {c.HeldOutBitsPerCharacter:F3}; a sample:");
    Console.WriteLine(c.Sample);
    Console.WriteLine();
}

Console.WriteLine();
TextResult result;
if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
{
    result = null!;
    AnsiConsole.Progress()
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .Start(context =>
        {
            ProgressTask task = context.AddTask("training", maxValue: options.Iterations);
            result = TextTrainer.Run(options,
                c =>
                {
                    task.Description = $"step {c.Iteration}: train {c.TrainBitsPerCharacter:F3}, held-out {c.HeldOutBitsPerCharacter:F3} bits/char";
                    if (c.Sample.Length > 0)
                    {
                        AnsiConsole.MarkupLineInterpolated($"[grey]--- step {c.Iteration} ({c.Characters / 1000} k characters): held-out {c.HeldOutBitsPerCharacter:F3} bits/char; a sample:[/]");
                        AnsiConsole.WriteLine(c.Sample);
                        AnsiConsole.WriteLine();
                    }
                },
                i => task.Value = i);
        });
}
else
{
    result = TextTrainer.Run(options, Print);
}

Console.WriteLine();
Console.WriteLine($"held-out bits/char, untrained      {result.InitialHeldOutBitsPerCharacter:F3}");
Console.WriteLine($"held-out bits/char, unigram        {result.UnigramBitsPerCharacter:F3}  (character frequencies, no context)");
Console.WriteLine($"held-out bits/char, trained        {result.FinalHeldOutBitsPerCharacter:F3}");
Console.WriteLine($"training speed                     {result.CharactersPerSecond:F0} characters/s");
Console.WriteLine($"time                               {result.Elapsed.TotalSeconds:F1} s");
if (plotPath is not null)
{
    new LinePlot { Title = "CharacterModel: LSTM(64) on Shakespeare", XLabel = "training characters (thousands)", YLabel = "bits per character" }
        .Add("train", result.Checkpoints.Select(c => c.Characters / 1000.0).ToArray(), result.Checkpoints.Select(c => c.TrainBitsPerCharacter).ToArray())
        .Add("held-out", result.Checkpoints.Select(c => c.Characters / 1000.0).ToArray(), result.Checkpoints.Select(c => c.HeldOutBitsPerCharacter).ToArray())
        .Add("unigram (held-out)", new[] { 0.0, result.Checkpoints[^1].Characters / 1000.0 }, new[] { result.UnigramBitsPerCharacter, result.UnigramBitsPerCharacter })
        .Save(plotPath);
    Console.WriteLine($"loss curve                         {System.IO.Path.GetFullPath(plotPath)}");
}
return hello.Greedy == "hello" && result.FinalHeldOutBitsPerCharacter < result.UnigramBitsPerCharacter ? 0 : 1;
