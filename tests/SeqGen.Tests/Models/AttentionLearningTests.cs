using System;
using SeqGen.Numerics;
using Xunit;
using Xunit.Abstractions;

namespace SeqGen.Tests.Models;

/// <summary>
/// Attention against the single-vector bottleneck: reversing 16 symbols of 6 needs the decoder to
/// reach every input position. Both models have the same encoder and decoder, the same data, seed
/// and training budget; only attention differs.
/// </summary>
public sealed class AttentionLearningTests(ITestOutputHelper output)
{
    private const int Symbols = 6, Length = 16, TrainSequences = 2000, TestSequences = 300, Epochs = 7;

    [Fact]
    public void Attention_beats_the_final_state_bottleneck_on_long_inputs()
    {
        var random = new SeededRandom(5);
        (float[] trainInputs, int[] trainTargets) = Reversals(TrainSequences, random);
        (float[] testInputs, int[] testTargets) = Reversals(TestSequences, random);

        double attention = TrainAndTest(new LongReverserWithAttention(seed: 1), LongReverserWithAttention.ParameterCount, trainInputs, trainTargets, testInputs, testTargets);
        double bottleneck = TrainAndTest(new LongReverserBottleneck(seed: 1), LongReverserBottleneck.ParameterCount, trainInputs, trainTargets, testInputs, testTargets);
        output.WriteLine($"held-out per-symbol accuracy after {Epochs} epochs: attention {attention:P1}, bottleneck {bottleneck:P1} (chance {1.0 / Symbols:P1})");

        Assert.True(attention >= 0.95, $"attention reached {attention:P1}");
        Assert.True(bottleneck <= attention - 0.25, $"bottleneck {bottleneck:P1} against attention {attention:P1}");
    }

    private static double TrainAndTest<TModel>(TModel model, int parameterCount, float[] trainInputs, int[] trainTargets, float[] testInputs, int[] testTargets)
        where TModel : IClassifierModel<float>
    {
        int inputLength = Length * Symbols;
        var data = new ClassificationDataset<float>(trainInputs, inputLength, trainTargets, Length);
        var adam = new Adam<float>(parameterCount, 1e-2f);
        int[] order = new int[TrainSequences];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            for (int start = 0; start < order.Length; start += 32)
            {
                MiniBatch.Step(model, adam, data, order.AsSpan(start, Math.Min(32, order.Length - start)), maxGradientNorm: 1f);
            }
        }
        // greedy decoding, each step fed the model's own previous choice
        var logits = new float[Length * Symbols];
        int right = 0;
        for (int n = 0; n < TestSequences; n++)
        {
            model.Forward(testInputs.AsSpan(n * inputLength, inputLength), logits);
            for (int t = 0; t < Length; t++)
            {
                right += Decoding.ArgMax<float>(logits.AsSpan(t * Symbols, Symbols)) == testTargets[n * Length + t] ? 1 : 0;
            }
        }
        return (double)right / (TestSequences * Length);
    }

    private static (float[] Inputs, int[] Targets) Reversals(int count, SeededRandom random)
    {
        var inputs = new float[count * Length * Symbols];
        var targets = new int[count * Length];
        for (int n = 0; n < count; n++)
        {
            for (int t = 0; t < Length; t++)
            {
                int symbol = (int)(random.NextDouble() * Symbols);
                inputs[(n * Length + t) * Symbols + symbol] = 1;
                targets[n * Length + Length - 1 - t] = symbol;
            }
        }
        return (inputs, targets);
    }
}
