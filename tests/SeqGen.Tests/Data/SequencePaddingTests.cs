using System;
using SeqGen.Data;
using Xunit;

namespace SeqGen.Tests.Data;

public sealed class SequencePaddingTests
{
    private static readonly float[] TwoSteps = [1, 2, 3, 4]; // [2][2]

    [Fact]
    public void InputsArePaddedAtTheFrontSoTheLastInputIsTheLastStep()
    {
        var destination = new float[8];
        destination.AsSpan().Fill(9);
        int padded = SequencePadding.PadFront<float>(TwoSteps, features: 2, destination);
        Assert.Equal(2, padded);
        Assert.Equal([0, 0, 0, 0, 1, 2, 3, 4], destination);
    }

    [Fact]
    public void TargetsArePaddedAtTheBack()
    {
        var destination = new float[8];
        destination.AsSpan().Fill(9);
        int padded = SequencePadding.PadBack<float>(TwoSteps, features: 2, destination);
        Assert.Equal(2, padded);
        Assert.Equal([1, 2, 3, 4, 0, 0, 0, 0], destination);
    }

    [Fact]
    public void ClassIdsTakeAChosenPaddingAndRowsWork()
    {
        var labels = new int[4];
        SequencePadding.PadBack<int>([2, 1], features: 1, labels, padding: -1);
        Assert.Equal([2, 1, -1, -1], labels);

        var destination = new double[6];
        Assert.Equal(1, SequencePadding.PadFront(new[] { new[] { 1.0, 2.0 }, new[] { 3.0, 4.0 } }, 2, destination));
        Assert.Equal([0, 0, 1, 2, 3, 4], destination);
        Assert.Equal(1, SequencePadding.PadBack(new[] { new[] { 1.0, 2.0 }, new[] { 3.0, 4.0 } }, 2, destination));
        Assert.Equal([1, 2, 3, 4, 0, 0], destination);
    }

    [Fact]
    public void FullAndEmptySequences()
    {
        var destination = new float[4];
        Assert.Equal(0, SequencePadding.PadFront<float>(TwoSteps, 2, destination));
        Assert.Equal(TwoSteps, destination);
        Assert.Equal(2, SequencePadding.PadBack<float>(ReadOnlySpan<float>.Empty, 2, destination));
        Assert.Equal(new float[4], destination);
    }

    [Fact]
    public void RejectsSequencesLongerThanSteps()
    {
        var error = Assert.Throws<ArgumentException>(() => SequencePadding.PadFront<float>(TwoSteps, 2, new float[2]));
        Assert.Contains("sequence has 2 steps, but the destination holds only 1", error.Message);
        Assert.Throws<ArgumentException>(() => SequencePadding.PadBack<float>(TwoSteps, 1, new float[3]));
        Assert.Throws<ArgumentException>(() => SequencePadding.PadBack(new[] { new[] { 1f }, new[] { 2f } }, 1, new float[1]));
    }

    [Fact]
    public void RejectsMisshapenData()
    {
        var sequence = Assert.Throws<ArgumentException>(() => SequencePadding.PadFront<float>([1, 2, 3], 2, new float[4]));
        Assert.Contains("sequence has length 3, which is not a whole number of steps of 2 features", sequence.Message);
        var destination = Assert.Throws<ArgumentException>(() => SequencePadding.PadBack<float>(TwoSteps, 2, new float[5]));
        Assert.Contains("destination has length 5", destination.Message);
        var row = Assert.Throws<ArgumentException>(() => SequencePadding.PadFront(new[] { new[] { 1f, 2f }, new[] { 3f } }, 2, new float[6]));
        Assert.Contains("rows[1] has 1 values, but every step must have 2 features", row.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SequencePadding.PadFront<float>(TwoSteps, 0, new float[4]));
    }
}
