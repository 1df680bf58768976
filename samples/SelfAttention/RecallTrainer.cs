using System;
using System.Diagnostics;
using SeqGen.Numerics;

namespace SeqGen.Samples.SelfAttention;

/// <summary>How much data and training both models get; the same for both.</summary>
public sealed record RecallOptions(int TrainSequences = 8000, int TestSequences = 2000, int Epochs = 6,
    int BatchSize = 32, float LearningRate = 5e-3f, long Seed = 1);

/// <summary>One model's held-out accuracy after each epoch, and its training time.</summary>
public sealed record RecallResult(string Model, int Parameters, double[] TrainLoss, double[] TestAccuracy, TimeSpan Elapsed)
{
    public double FinalAccuracy => TestAccuracy[^1];
}

/// <summary>
/// Trains a model on <see cref="RecallTask"/> (Adam, mini-batches, gradient clipping at 1) and
/// measures exact-answer accuracy on held-out sequences after every epoch.
/// </summary>
public static class RecallTrainer
{
    /// <summary>The data both models get: the same sequences, in the same order each epoch.</summary>
    public sealed record Data(ClassificationDataset<float> Train, float[] TestInputs, int[] TestTargets, int[][] Orders);

    public static Data MakeData(RecallOptions options)
    {
        var random = new SeededRandom(options.Seed);
        (float[] trainInputs, int[] trainTargets) = RecallTask.Make(options.TrainSequences, random);
        (float[] testInputs, int[] testTargets) = RecallTask.Make(options.TestSequences, random);
        var orders = new int[options.Epochs][];
        for (int e = 0; e < options.Epochs; e++)
        {
            orders[e] = new int[options.TrainSequences];
            for (int i = 0; i < orders[e].Length; i++)
            {
                orders[e][i] = i;
            }
            for (int i = orders[e].Length - 1; i > 0; i--)
            {
                int j = (int)(random.NextDouble() * (i + 1));
                (orders[e][i], orders[e][j]) = (orders[e][j], orders[e][i]);
            }
        }
        return new Data(new ClassificationDataset<float>(trainInputs, RecallTask.InputLength, trainTargets, 1), testInputs, testTargets, orders);
    }

    public static RecallResult Train<TModel>(string name, TModel model, Data data, RecallOptions options, Action<int, double, double>? log = null)
        where TModel : IClassifierModel<float>
    {
        var adam = new Adam<float>(model.Parameters.Length, options.LearningRate);
        var losses = new double[options.Epochs];
        var accuracies = new double[options.Epochs];
        var clock = Stopwatch.StartNew();
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            int[] order = data.Orders[epoch];
            double loss = 0;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                int count = Math.Min(options.BatchSize, order.Length - start);
                loss += MiniBatch.Step(model, adam, data.Train, order.AsSpan(start, count), maxGradientNorm: 1f);
            }
            losses[epoch] = loss / order.Length;
            accuracies[epoch] = Accuracy(model, data.TestInputs, data.TestTargets);
            log?.Invoke(epoch + 1, losses[epoch], accuracies[epoch]);
        }
        return new RecallResult(name, model.Parameters.Length, losses, accuracies, clock.Elapsed);
    }

    /// <summary>The fraction of held-out sequences whose answer is the argmax of the logits.</summary>
    public static double Accuracy(IClassifierModel<float> model, float[] inputs, int[] targets)
    {
        var logits = new float[RecallTask.Values];
        int right = 0;
        for (int n = 0; n < targets.Length; n++)
        {
            model.Forward(inputs.AsSpan(n * RecallTask.InputLength, RecallTask.InputLength), logits);
            right += Decoding.ArgMax<float>(logits) == targets[n] ? 1 : 0;
        }
        return (double)right / targets.Length;
    }
}
