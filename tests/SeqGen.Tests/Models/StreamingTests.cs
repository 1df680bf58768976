using System;
using System.Linq;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>Step, one call per time step, must give exactly what Forward gives for the whole sequence.</summary>
public sealed class StreamingTests
{
    [Fact]
    public void StepMatchesForwardInDouble()
    {
        var model = new StreamingMixedDouble(seed: 3);
        var random = new Random(1);
        double[] input = Enumerable.Range(0, StreamingMixedDouble.InputLength).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        for (int i = 0; i < model.InitialHidden.Length; i++)
        {
            model.InitialHidden[i] = 0.1 * (i % 5) - 0.2;
        }
        model.InitialCell.Fill(0.3);
        var whole = new double[StreamingMixedDouble.OutputLength];
        model.Forward(input, whole);

        model.ResetState();
        var stepped = new double[StreamingMixedDouble.OutputLength];
        for (int t = 0; t < StreamingMixedDouble.Steps; t++)
        {
            model.Step(input.AsSpan(t * 3, 3), stepped.AsSpan(t * 2, 2));
        }
        for (int i = 0; i < whole.Length; i++)
        {
            Assert.Equal(whole[i], stepped[i], 1e-12);
        }
    }

    [Fact]
    public void StepMatchesForwardInSingleAndResetStateRestarts()
    {
        var model = new StreamingMixed(seed: 5);
        var random = new Random(2);
        float[] input = Enumerable.Range(0, StreamingMixed.InputLength).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var whole = new float[StreamingMixed.OutputLength];
        model.Forward(input, whole);
        var stepped = new float[StreamingMixed.OutputLength];
        for (int pass = 0; pass < 2; pass++)
        {
            model.ResetState();
            for (int t = 0; t < StreamingMixed.Steps; t++)
            {
                model.Step(input.AsSpan(t * 3, 3), stepped.AsSpan(t * 2, 2));
            }
            for (int i = 0; i < whole.Length; i++)
            {
                Assert.Equal(whole[i], stepped[i], 1e-5f);
            }
        }
    }

    [Fact]
    public void BidirectionalModelsHaveNoStep()
    {
        Assert.Null(typeof(SentimentLike).GetMethod("Step"));
        Assert.False(typeof(IStreamingModel<float>).IsAssignableFrom(typeof(SentimentLike)));
        Assert.True(typeof(IStreamingModel<float>).IsAssignableFrom(typeof(StreamingMixed)));
    }
}
