using System;
using System.Globalization;
using System.Threading;
using SeqGen.Samples.SineWave;

// Train an LSTM to predict the next value of a noisy sine wave from the previous 20 samples.
Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;

Console.WriteLine($"SineWave: LSTM(16) over {SineWaveTrainer.Window} samples -> next sample; " +
    $"{SineWaveModel.ParameterCount} parameters, Adam, batch 32, clip 1.0");
SineWaveResult result = SineWaveTrainer.Train(epochs: 20, log: Console.WriteLine);

Console.WriteLine();
Console.WriteLine("  t    predicted    truth   last value");
foreach (SineWavePrediction p in result.Samples)
{
    Console.WriteLine($"{p.Index,4} {p.Predicted,10:F4} {p.Truth,8:F4} {p.LastValue,10:F4}");
}
Console.WriteLine();
Console.WriteLine($"final train MSE        {result.FinalTrainLoss:F5}");
Console.WriteLine($"test MSE, model        {result.TestMse:F5}");
Console.WriteLine($"test MSE, last value   {result.BaselineMse:F5}");
Console.WriteLine($"noise floor (sigma^2)  {result.NoiseVariance:F5}");
Console.WriteLine($"model / baseline       {result.TestMse / result.BaselineMse:F3}");
Console.WriteLine($"time                   {result.Elapsed.TotalSeconds:F1} s");
return result.TestMse < result.BaselineMse ? 0 : 1;
