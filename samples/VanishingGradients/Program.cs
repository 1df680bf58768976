using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using SeqGen.Samples.VanishingGradients;

// Vanishing gradients in a tanh RNN vs. LSTM and GRU, and exploding gradients tamed by clipping.
// Options: --plot PATH (default vanishing.svg in the current directory), --trials N (default 20), --gain G (the ReLU RNN's recurrent gain), --seed N.
Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;

string plotPath = "vanishing.svg";
int trials = 20;
long seed = 1;
double gain = new ExplodingOptions().Gain;
for (int i = 0; i < args.Length; i++)
{
    string? value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--plot" when !string.IsNullOrWhiteSpace(value):
            plotPath = value;
            i++;
            break;
        case "--trials" when int.TryParse(value, out int n) && n > 0:
            trials = n;
            i++;
            break;
        case "--gain" when double.TryParse(value, out double g):
            gain = g;
            i++;
            break;
        case "--seed" when long.TryParse(value, out long s):
            seed = s;
            i++;
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'; usage: VanishingGradients [--plot PATH] [--trials N] [--gain G] [--seed N]");
            return 2;
    }
}

Console.WriteLine($"Vanishing gradients: RNN (tanh), LSTM and GRU, hidden {GradientProbe.Hidden}, {GradientProbe.Steps} steps of {GradientProbe.InputSize} inputs, " +
    $"loss on the last output only, PyTorch's default initialization, untrained; mean over {trials} seeds of ||dLoss/dx_t|| / ||dLoss/dx_last||");
IReadOnlyList<GradientCurve> curves = GradientProbe.Measure(trials, seed);
int[] shown = [0, 1, 2, 5, 10, 20, 50, 99];
Console.WriteLine();
Console.WriteLine("steps back" + string.Concat(curves.Select(c => c.Name.PadLeft(Math.Max(14, c.Name.Length + 2)))));
foreach (int k in shown)
{
    Console.WriteLine($"{k,10}" + string.Concat(curves.Select(c => c.At(k).ToString("E2", CultureInfo.InvariantCulture).PadLeft(Math.Max(14, c.Name.Length + 2)))));
}

GradientProbe.Plot(curves, trials).Save(plotPath);
Console.WriteLine($"plot: {System.IO.Path.GetFullPath(plotPath)}");

var options = new ExplodingOptions(Gain: gain, Seed: seed);
ExplodingResult exploding = Exploding.Run(options);
Console.WriteLine();
Console.WriteLine($"Exploding gradients: ReLU RNN, hidden {Exploding.Hidden}, recurrent weight {options.Gain} * I + default init, {Exploding.Steps} steps");
Console.WriteLine($"  at the initial weights, ||dL/dx_t|| / ||dL/dx_last||: 10 steps back {exploding.Relative[10]:E2}, " +
    $"{Exploding.Steps - 1} steps back {exploding.Relative[Exploding.Steps - 1]:E2}");
Console.WriteLine($"  plain SGD (learning rate {options.LearningRate}, batch {options.BatchSize}, {options.Iterations} steps) on target = mean of the first feature:");
Report("without clipping", exploding.Unclipped);
Report($"clipped at global norm {options.MaxNorm}", exploding.Clipped);
return curves[0].At(10) < curves[1].At(10) && exploding.Clipped.Finite ? 0 : 1;

static void Report(string name, TrainingTrace trace)
{
    int bad = trace.FirstNonFinite;
    string end = bad == 0 ? $"finite throughout, final loss {trace.Losses[^1]:G3}" : $"loss or gradient not finite from step {bad}";
    double maxNorm = trace.GradientNorms.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
    Console.WriteLine($"    {name,-26} first loss {trace.Losses[0]:G3}, largest finite gradient norm {maxNorm:G3}; {end}");
}
