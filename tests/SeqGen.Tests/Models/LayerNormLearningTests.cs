using System;
using Xunit;
using Xunit.Abstractions;

namespace SeqGen.Tests.Models;

/// <summary>A layer-normalized LSTM learns; its hot paths allocate nothing.</summary>
public sealed class LayerNormLearningTests(ITestOutputHelper output)
{
    /// <summary>
    /// The task of <see cref="LearningTests.GruClassifierLearnsWhichChannelIsLarger"/> (which of two noisy
    /// channels has the larger mean), with the same data, optimizer and budget, for an LN-LSTM of 8 units.
    /// </summary>
    [Fact]
    public void LayerNormLstmClassifierLearnsWhichChannelIsLarger()
    {
        var model = new LayerNormWhichChannelIsLarger(seed: 3);
        var adam = new Adam<float>(LayerNormWhichChannelIsLarger.ParameterCount, learningRate: 0.02);
        var random = new Random(8);
        var input = new float[LayerNormWhichChannelIsLarger.InputLength];
        var label = new int[1];

        void Sample(Random r)
        {
            label[0] = r.Next(2);
            for (int t = 0; t < LayerNormWhichChannelIsLarger.Steps; t++)
            {
                for (int c = 0; c < 2; c++)
                {
                    double mean = c == label[0] ? 0.3 : -0.3;
                    input[t * 2 + c] = (float)(mean + r.NextDouble() * 1.6 - 0.8);
                }
            }
        }

        var scores = new float[2];
        int Accuracy()
        {
            int correct = 0;
            var r = new Random(123);
            for (int i = 0; i < 400; i++)
            {
                Sample(r);
                model.Forward(input, scores);
                correct += (scores[1] > scores[0] ? 1 : 0) == label[0] ? 1 : 0;
            }
            return correct;
        }

        int before = Accuracy();
        for (int batch = 0; batch < 150; batch++)
        {
            model.ZeroGradients();
            for (int i = 0; i < 8; i++)
            {
                Sample(random);
                model.ComputeGradients(input, label);
            }
            adam.Step(model.Parameters, model.Gradients);
        }
        int after = Accuracy();
        output.WriteLine($"held-out accuracy {after}/400 after 150 batches of 8 (before training {before}/400)");
        Assert.True(after >= 360, $"held-out accuracy {after}/400 (before training {before}/400) should be at least 90%");
    }

    [Fact]
    public void LayerNormAndClippedModelsDoNotAllocate()
    {
        var model = new StreamingLayerNormAndClip(seed: 1);
        var input = new float[StreamingLayerNormAndClip.InputLength];
        var output = new float[StreamingLayerNormAndClip.OutputLength];
        var targets = new float[StreamingLayerNormAndClip.OutputLength];
        var x = new float[StreamingLayerNormAndClip.InputSize];
        var y = new float[StreamingLayerNormAndClip.OutputSize];
        input.AsSpan().Fill(0.25f);
        targets.AsSpan().Fill(0.5f);
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.Forward(input, output)));
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.Step(x, y)));
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.ComputeGradients(input, targets)));
    }
}
