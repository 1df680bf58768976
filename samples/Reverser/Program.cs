using System;
using System.Globalization;
using System.Threading;
using SeqGen.Samples.Reverser;

// An encoder-decoder with attention learns to write 10 digits back reversed.
Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;

Console.WriteLine($"Reverser: bidirectional LSTM(16) encoder, LSTM(32) decoder with general (Luong) attention; " +
    $"{ReverserModel.ParameterCount:N0} parameters, Adam 0.01, batch 32, clip 1.0");
Console.WriteLine("held-out accuracy is greedy decoding: each output step is fed the model's own previous digit");
Console.WriteLine();
Console.WriteLine("epoch  train loss  token acc.  sequence acc.  time");
ReverserResult result = ReverserTrainer.Train(new ReverserOptions(), e =>
    Console.WriteLine($"{e.Epoch,5}  {e.TrainLoss,10:F4}  {e.TokenAccuracy,9:P2}  {e.SequenceAccuracy,13:P1}  {e.Seconds,5:F1} s"));

Console.WriteLine();
foreach (string example in result.Examples)
{
    Console.WriteLine("  " + example);
}
Console.WriteLine();
Console.WriteLine($"held-out per-digit accuracy {result.TokenAccuracy:P2}, whole sequences {result.SequenceAccuracy:P1}, in {result.Elapsed.TotalSeconds:F1} s");
return result.TokenAccuracy >= 0.99 ? 0 : 1;
