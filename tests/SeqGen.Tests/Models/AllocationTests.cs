using System;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>After construction, the hot paths allocate nothing: 1,000 calls each leave the thread's allocation count unchanged (see <see cref="AllocationMeter"/>).</summary>
public sealed class AllocationTests
{
    private static long AllocatedBy(Action action) => AllocationMeter.BytesOver1000Calls(action);

    [Fact]
    public void ForwardStepAndComputeGradientsDoNotAllocate()
    {
        var model = new StreamingMixed(seed: 1);
        var input = new float[StreamingMixed.InputLength];
        var output = new float[StreamingMixed.OutputLength];
        var targets = new float[StreamingMixed.OutputLength];
        var x = new float[StreamingMixed.InputSize];
        var y = new float[StreamingMixed.OutputSize];
        input.AsSpan().Fill(0.25f);
        targets.AsSpan().Fill(0.5f);

        Assert.Equal(0, AllocatedBy(() => model.Forward(input, output)));
        Assert.Equal(0, AllocatedBy(() => model.Step(x, y)));
        Assert.Equal(0, AllocatedBy(() => model.ComputeGradients(input, targets)));
    }

    [Fact]
    public void BidirectionalClassifierAndTruncatedBpttDoNotAllocate()
    {
        var classifier = new SentimentLike(seed: 1);
        var input = new float[SentimentLike.InputLength];
        int[] label = { 3 };
        var output = new float[SentimentLike.OutputLength];
        Assert.Equal(0, AllocatedBy(() => classifier.Forward(input, output)));
        Assert.Equal(0, AllocatedBy(() => classifier.ComputeGradients(input, label)));

        var truncated = new TruncatedGru(seed: 1);
        var sequence = new float[TruncatedGru.InputLength];
        var targets = new float[TruncatedGru.OutputLength];
        Assert.Equal(0, AllocatedBy(() => truncated.ComputeGradients(sequence, targets)));
    }

    [Fact]
    public void OptimizersAndClippingDoNotAllocate()
    {
        var model = new StreamingMixed(seed: 1);
        model.Gradients.Fill(0.01f);
        var adam = new Adam<float>(StreamingMixed.ParameterCount, learningRate: 1e-3);
        var sgd = new Sgd<float>(StreamingMixed.ParameterCount, learningRate: 1e-3, momentum: 0.9);
        Assert.Equal(0, AllocatedBy(() => adam.Step(model.Parameters, model.Gradients)));
        Assert.Equal(0, AllocatedBy(() => sgd.Step(model.Parameters, model.Gradients)));
        Assert.Equal(0, AllocatedBy(() => GradientClipping.ClipByGlobalNorm(model.Gradients, 0.5f)));
    }
}
