using System;
using System.Globalization;
using System.Threading;
using SeqGen.Samples.SelfAttention;

// Key-value recall: a transformer block and an LSTM of about the same size, the same data and budget.
Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;
var options = new RecallOptions();
RecallTrainer.Data data = RecallTrainer.MakeData(options);
Console.WriteLine($"Key-value recall: {RecallTask.Pairs} (key, value) steps, keys of {RecallTask.Keys}, values of {RecallTask.Values}, then a query key;");
Console.WriteLine($"answer its value. {options.TrainSequences} training sequences, {options.Epochs} epochs, Adam {options.LearningRate}, batch {options.BatchSize}, " +
    $"clip 1; accuracy on {options.TestSequences} held-out sequences (chance {1.0 / RecallTask.Values:P1}).");

RecallResult[] results =
{
    Run("TransformerBlock(Heads = 2, FeedForward = 48)", new RecallTransformer(options.Seed)),
    Run("Lstm(24)", new RecallLstm(options.Seed)),
};

Console.WriteLine();
foreach (RecallResult r in results)
{
    Console.WriteLine($"{r.Model,-46} {r.Parameters,6:N0} parameters  held-out accuracy {r.FinalAccuracy,7:P1}  in {r.Elapsed.TotalSeconds,5:F1} s");
}
return 0;

RecallResult Run(string name, SeqGen.IClassifierModel<float> model)
{
    Console.WriteLine();
    Console.WriteLine($"{name}: {model.Parameters.Length:N0} parameters");
    Console.WriteLine("epoch  train loss  held-out acc.");
    return RecallTrainer.Train(name, model, data, options, (epoch, loss, accuracy) => Console.WriteLine($"{epoch,5}  {loss,10:F4}  {accuracy,13:P1}"));
}
