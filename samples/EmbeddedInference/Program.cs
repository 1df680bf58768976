using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using SeqGen.Samples.EmbeddedInference;

// Streaming inference with weights built into the binary: one Step per input sample, the model's
// state carried from sample to sample, the prediction of the next sample printed for each.
//   EmbeddedInference [file]          samples (numbers separated by white space) from file, else stdin
//   EmbeddedInference --sine N        N samples of the noisy sine the model was trained on, as input
//   EmbeddedInference --train PATH    retrains from scratch and writes the weights file (sine.safetensors)
if (args.Length == 2 && args[0] == "--train")
{
    SineTraining.Train(args[1], epochs: 60, Console.WriteLine);
    return 0;
}
if (args.Length == 2 && args[0] == "--sine")
{
    var random = new Random(11);
    int count = int.Parse(args[1], CultureInfo.InvariantCulture);
    for (int i = 0; i < count; i++)
    {
        Console.WriteLine(SineTraining.Sample(i, random).ToString("R", CultureInfo.InvariantCulture));
    }
    return 0;
}

long started = Stopwatch.GetTimestamp();
var model = new SineModel();               // the weights of sine.safetensors, no file read
TextReader input = args.Length == 1 ? new StreamReader(args[0]) : Console.In;
float[] x = new float[1];
float[] y = new float[1];
int steps = 0;
double squaredError = 0;
float previousPrediction = float.NaN;
string? line;
while ((line = input.ReadLine()) is not null)
{
    foreach (string token in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
    {
        x[0] = float.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!float.IsNaN(previousPrediction))
        {
            squaredError += (previousPrediction - x[0]) * (previousPrediction - x[0]);
        }
        model.Step(x, y);
        Console.WriteLine($"{steps} {x[0].ToString("F6", CultureInfo.InvariantCulture)} -> {y[0].ToString("F6", CultureInfo.InvariantCulture)}");
        previousPrediction = y[0];
        steps++;
    }
}
double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
if (steps > 1)
{
    Console.Error.WriteLine($"{steps} steps in {elapsedMs:F2} ms; one-step-ahead MSE {squaredError / (steps - 1):F5}");
}
return 0;
