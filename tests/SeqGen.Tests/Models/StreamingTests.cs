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
    public void StepMatchesForwardForAProjectedLstmStack()
    {
        var model = new StreamingProjected(seed: 4);
        var random = new Random(3);
        float[] input = Enumerable.Range(0, StreamingProjected.InputLength).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        model.InitialHidden.Fill(0.2f);
        model.InitialCell.Fill(-0.1f);
        var whole = new float[StreamingProjected.OutputLength];
        model.Forward(input, whole);
        model.ResetState();
        var stepped = new float[StreamingProjected.OutputLength];
        for (int t = 0; t < StreamingProjected.Steps; t++)
        {
            model.Step(input.AsSpan(t * StreamingProjected.InputSize, StreamingProjected.InputSize), stepped.AsSpan(t * StreamingProjected.OutputSize, StreamingProjected.OutputSize));
        }
        Assert.Equal(whole, stepped, (a, b) => Math.Abs(a - b) <= 1e-5f);
    }

    [Fact]
    public void StepMatchesForwardForEightUnitLayers()
    {
        // H = 8 runs the one-method step kernels: in place in Step, into the caches in Forward
        var model = new StreamingEight(seed: 6);
        var random = new Random(4);
        float[] input = Enumerable.Range(0, StreamingEight.InputLength).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        model.InitialHidden.Fill(0.1f);
        model.InitialCell.Fill(-0.2f);
        var whole = new float[StreamingEight.OutputLength];
        model.Forward(input, whole);
        model.ResetState();
        var stepped = new float[StreamingEight.OutputLength];
        for (int t = 0; t < StreamingEight.Steps; t++)
        {
            model.Step(input.AsSpan(t * StreamingEight.InputSize, StreamingEight.InputSize), stepped.AsSpan(t * StreamingEight.OutputSize, StreamingEight.OutputSize));
        }
        Assert.Equal(whole, stepped, (a, b) => Math.Abs(a - b) <= 1e-5f);
        Assert.Contains(whole, v => Math.Abs(v) > 1e-3f); // not a trivially zero output
    }

    [Fact]
    public void BidirectionalModelsHaveNoStep()
    {
        Assert.Null(typeof(SentimentLike).GetMethod("Step"));
        Assert.False(typeof(IStreamingModel<float>).IsAssignableFrom(typeof(SentimentLike)));
        Assert.True(typeof(IStreamingModel<float>).IsAssignableFrom(typeof(StreamingMixed)));
    }
}

// Two projected LSTM layers (H = 16, a multiple of 8: the fused kernel) and a GRU on top.
[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 6, OutputSize = 2)]
[Lstm(16, Layers = 2, ProjectionSize = 5)]
[Gru(4)]
public partial class StreamingProjected { }

// Two LSTM layers and a GRU of 8 units each (the one-method H = 8 kernels), 3 inputs (a column pair and an odd column).
[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 10, OutputSize = 2)]
[Lstm(8, Layers = 2)]
[Gru(8)]
public partial class StreamingEight { }
