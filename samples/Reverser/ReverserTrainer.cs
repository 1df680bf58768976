using System;
using System.Diagnostics;
using SeqGen.Numerics;

namespace SeqGen.Samples.Reverser;

/// <summary>How long to train, and on how much data.</summary>
public sealed record ReverserOptions(int TrainSequences = 6000, int TestSequences = 1000, int MaxEpochs = 10,
    double TargetAccuracy = 0.995, int BatchSize = 32, float LearningRate = 1e-2f, long Seed = 1);

/// <summary>Held-out accuracy after one epoch.</summary>
public readonly record struct ReverserEpoch(int Epoch, double TrainLoss, double TokenAccuracy, double SequenceAccuracy, double Seconds);

/// <summary>What training reached: per-token and whole-sequence accuracy of greedy decoding on held-out sequences.</summary>
public sealed record ReverserResult(ReverserEpoch[] Epochs, double TokenAccuracy, double SequenceAccuracy, string[] Examples, TimeSpan Elapsed);

/// <summary>
/// Trains <see cref="ReverserModel"/> with teacher forcing (each decoder step fed the previous
/// true digit) and measures it the way it is used: greedy decoding (<c>Forward</c>), each step fed
/// its own previous choice, on sequences it never saw.
/// </summary>
public static class ReverserTrainer
{
    public static ReverserResult Train(ReverserOptions options, Action<ReverserEpoch>? log = null)
    {
        var random = new SeededRandom(options.Seed);
        (float[] trainInputs, int[] trainTargets) = MakeSequences(options.TrainSequences, random);
        (float[] testInputs, int[] testTargets) = MakeSequences(options.TestSequences, random);
        var train = new ClassificationDataset<float>(trainInputs, ReverserModel.InputLength, trainTargets, ReverserModel.OutputSteps);

        var model = new ReverserModel(options.Seed);
        var adam = new Adam<float>(ReverserModel.ParameterCount, options.LearningRate);
        int[] order = new int[options.TrainSequences];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        var epochs = new System.Collections.Generic.List<ReverserEpoch>();
        var clock = Stopwatch.StartNew();
        for (int epoch = 1; epoch <= options.MaxEpochs; epoch++)
        {
            Shuffle(order, random);
            double loss = 0;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                int count = Math.Min(options.BatchSize, order.Length - start);
                loss += MiniBatch.Step(model, adam, train, order.AsSpan(start, count), maxGradientNorm: 1f);
            }
            (double tokens, double sequences) = Evaluate(model, testInputs, testTargets);
            var record = new ReverserEpoch(epoch, loss / order.Length / Digits.Length, tokens, sequences, clock.Elapsed.TotalSeconds);
            epochs.Add(record);
            log?.Invoke(record);
            if (tokens >= options.TargetAccuracy)
            {
                break;
            }
        }
        ReverserEpoch last = epochs[^1];
        return new ReverserResult(epochs.ToArray(), last.TokenAccuracy, last.SequenceAccuracy, Examples(model, testInputs, 5), clock.Elapsed);
    }

    /// <summary>Random digit sequences, one-hot [Length][Count], and their reversals as class ids.</summary>
    public static (float[] Inputs, int[] Targets) MakeSequences(int count, SeededRandom random)
    {
        var inputs = new float[count * ReverserModel.InputLength];
        var targets = new int[count * Digits.Length];
        for (int n = 0; n < count; n++)
        {
            for (int t = 0; t < Digits.Length; t++)
            {
                int digit = (int)(random.NextDouble() * Digits.Count);
                inputs[n * ReverserModel.InputLength + t * Digits.Count + digit] = 1;
                targets[n * Digits.Length + Digits.Length - 1 - t] = digit;
            }
        }
        return (inputs, targets);
    }

    /// <summary>Greedy decoding of every held-out sequence: the fraction of digits, and of whole sequences, right.</summary>
    public static (double Tokens, double Sequences) Evaluate(ReverserModel model, float[] inputs, int[] targets)
    {
        int count = targets.Length / Digits.Length, rightTokens = 0, rightSequences = 0;
        var logits = new float[ReverserModel.OutputLength];
        for (int n = 0; n < count; n++)
        {
            model.Forward(inputs.AsSpan(n * ReverserModel.InputLength, ReverserModel.InputLength), logits);
            int right = 0;
            for (int t = 0; t < Digits.Length; t++)
            {
                if (Decoding.ArgMax<float>(logits.AsSpan(t * Digits.Count, Digits.Count)) == targets[n * Digits.Length + t])
                {
                    right++;
                }
            }
            rightTokens += right;
            rightSequences += right == Digits.Length ? 1 : 0;
        }
        return ((double)rightTokens / (count * Digits.Length), (double)rightSequences / count);
    }

    private static string[] Examples(ReverserModel model, float[] inputs, int count)
    {
        var lines = new string[count];
        var logits = new float[ReverserModel.OutputLength];
        for (int n = 0; n < count; n++)
        {
            ReadOnlySpan<float> input = inputs.AsSpan(n * ReverserModel.InputLength, ReverserModel.InputLength);
            model.Forward(input, logits);
            var read = new char[Digits.Length];
            var written = new char[Digits.Length];
            for (int t = 0; t < Digits.Length; t++)
            {
                read[t] = (char)('0' + Decoding.ArgMax<float>(input.Slice(t * Digits.Count, Digits.Count)));
                written[t] = (char)('0' + Decoding.ArgMax<float>(logits.AsSpan(t * Digits.Count, Digits.Count)));
            }
            lines[n] = $"{new string(read)} -> {new string(written)}";
        }
        return lines;
    }

    private static void Shuffle(int[] order, SeededRandom random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)(random.NextDouble() * (i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
