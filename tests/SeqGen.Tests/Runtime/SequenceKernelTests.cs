using System;
using System.Linq;
using SeqGen.Numerics;
using Xunit;

namespace SeqGen.Tests.Runtime;

/// <summary>
/// <see cref="LstmStep.ForwardSequence{T}"/> and <see cref="GruStep.ForwardResetAfterSequence{T}"/>
/// against a loop of the one-step kernels they stand in for, bit for bit: in single precision at
/// H = 8 and 16 they run their own whole-sequence kernel (h and c kept in registers from step to
/// step), elsewhere a loop of the step. The step kernels themselves are
/// checked against scalar oracles (LstmStepTests, GruStepTests). Without AVX both sides run the
/// loop, and these tests check only that.
/// </summary>
public sealed class SequenceKernelTests
{
    [Theory]
    [InlineData(1, 8, 9)]   // the whole-sequence kernel, one input column
    [InlineData(2, 8, 5)]   // pairs of input columns
    [InlineData(3, 8, 4)]   // pairs, then an odd column
    [InlineData(0, 8, 3)]   // no input columns
    [InlineData(1, 8, 1)]
    [InlineData(1, 8, 0)]   // no steps: the state stays as it was
    [InlineData(3, 16, 6)]  // H = 16: the two-block whole-sequence kernel
    [InlineData(1, 16, 9)]
    [InlineData(0, 16, 2)]
    [InlineData(1, 16, 0)]
    [InlineData(2, 24, 3)]  // the loop of the step
    [InlineData(2, 5, 6)]
    public void Lstm_sequence_matches_its_steps_bit_for_bit(int inputs, int h, int length)
    {
        var random = new Random(11 + inputs + h + length);
        float[] wIh = Fill(random, inputs * 4 * h), wHh = Fill(random, h * 4 * h), bIh = Fill(random, 4 * h), bHh = Fill(random, 4 * h);
        float[] xs = Fill(random, length * inputs, scale: 3f), h0 = Fill(random, h), c0 = Fill(random, h, scale: 2f);

        // expected: one step at a time, h of each step kept
        float[] hExpected = (float[])h0.Clone(), cExpected = (float[])c0.Clone(), outputsExpected = new float[length * h];
        var gates = new float[4 * h];
        for (int t = 0; t < length; t++)
        {
            LstmStep.Forward<float>(wIh, wHh, bIh, bHh, xs.AsSpan(t * inputs, inputs), hExpected, cExpected, gates, cExpected, hExpected);
            hExpected.CopyTo(outputsExpected, t * h);
        }

        // the buffers are longer than the sequence, as a padded Forward's are: the extra inputs are
        // not read and the extra outputs not written
        float[] paddedInputs = xs.Concat(Fill(random, 5, scale: 100f)).ToArray();
        float[] hidden = (float[])h0.Clone(), cell = (float[])c0.Clone(), outputs = Filled(length * h + 7, 42f);
        LstmStep.ForwardSequence<float>(wIh, wHh, bIh, bHh, paddedInputs, inputs, length, new float[4 * h], cell, hidden, outputs);
        AssertBits(outputsExpected, outputs[..(length * h)], "outputs");
        Assert.All(outputs[(length * h)..], v => Assert.Equal(42f, v));
        AssertBits(hExpected, hidden, "h");
        AssertBits(cExpected, cell, "c");

        // without outputs, the state advances the same way
        hidden = (float[])h0.Clone();
        cell = (float[])c0.Clone();
        LstmStep.ForwardSequence<float>(wIh, wHh, bIh, bHh, xs, inputs, length, new float[4 * h], cell, hidden, Span<float>.Empty);
        AssertBits(hExpected, hidden, "h without outputs");
        AssertBits(cExpected, cell, "c without outputs");
    }

    [Theory]
    [InlineData(1, 8, 9)]
    [InlineData(2, 8, 5)]
    [InlineData(3, 8, 4)]
    [InlineData(0, 8, 3)]
    [InlineData(1, 8, 0)]
    [InlineData(3, 16, 6)]  // H = 16: the two-block whole-sequence kernel
    [InlineData(2, 16, 4)]
    [InlineData(1, 16, 9)]
    [InlineData(0, 16, 2)]
    [InlineData(1, 16, 0)]
    [InlineData(2, 24, 3)]  // the loop of the step
    [InlineData(2, 5, 6)]
    public void Gru_sequence_matches_its_steps_bit_for_bit(int inputs, int h, int length)
    {
        var random = new Random(23 + inputs + h + length);
        float[] wIh = Fill(random, inputs * 3 * h), wHh = Fill(random, h * 3 * h), bIh = Fill(random, 3 * h), bHh = Fill(random, 3 * h);
        float[] xs = Fill(random, length * inputs, scale: 3f), h0 = Fill(random, h);

        float[] hExpected = (float[])h0.Clone(), outputsExpected = new float[length * h];
        float[] gates = new float[3 * h], recurrent = new float[3 * h], recurrentN = new float[h];
        for (int t = 0; t < length; t++)
        {
            GruStep.ForwardResetAfter<float>(wIh, wHh, bIh, bHh, xs.AsSpan(t * inputs, inputs), hExpected, gates, recurrent, recurrentN, hExpected);
            hExpected.CopyTo(outputsExpected, t * h);
        }

        float[] paddedInputs = xs.Concat(Fill(random, 5, scale: 100f)).ToArray();
        float[] hidden = (float[])h0.Clone(), outputs = Filled(length * h + 7, 42f);
        GruStep.ForwardResetAfterSequence<float>(wIh, wHh, bIh, bHh, paddedInputs, inputs, length, new float[3 * h], new float[3 * h], new float[h], hidden, outputs);
        AssertBits(outputsExpected, outputs[..(length * h)], "outputs");
        Assert.All(outputs[(length * h)..], v => Assert.Equal(42f, v));
        AssertBits(hExpected, hidden, "h");

        hidden = (float[])h0.Clone();
        GruStep.ForwardResetAfterSequence<float>(wIh, wHh, bIh, bHh, xs, inputs, length, new float[3 * h], new float[3 * h], new float[h], hidden, Span<float>.Empty);
        AssertBits(hExpected, hidden, "h without outputs");
    }

    /// <summary>Double precision has no sequence kernel: the loop of the step, from a non-zero state.</summary>
    [Fact]
    public void Double_precision_sequences_match_their_steps()
    {
        var random = new Random(5);
        const int Inputs = 2, H = 8, Length = 4;
        double[] wIh = Fill(random, Inputs * 4 * H).Select(v => (double)v).ToArray(), wHh = Fill(random, H * 4 * H).Select(v => (double)v).ToArray();
        double[] bIh = Fill(random, 4 * H).Select(v => (double)v).ToArray(), bHh = Fill(random, 4 * H).Select(v => (double)v).ToArray();
        double[] xs = Fill(random, Length * Inputs).Select(v => (double)v).ToArray();
        double[] h0 = Fill(random, H).Select(v => (double)v).ToArray(), c0 = Fill(random, H).Select(v => 2.0 * v).ToArray();
        double[] hExpected = (double[])h0.Clone(), cExpected = (double[])c0.Clone(), gates = new double[4 * H];
        for (int t = 0; t < Length; t++)
        {
            LstmStep.Forward<double>(wIh, wHh, bIh, bHh, xs.AsSpan(t * Inputs, Inputs), hExpected, cExpected, gates, cExpected, hExpected);
        }
        double[] hidden = (double[])h0.Clone(), cell = (double[])c0.Clone();
        LstmStep.ForwardSequence<double>(wIh, wHh, bIh, bHh, xs, Inputs, Length, new double[4 * H], cell, hidden, Span<double>.Empty);
        Assert.Equal(hExpected, hidden);
        Assert.Equal(cExpected, cell);
    }

    [Theory]
    [InlineData(8, 3, 2, 24, 0)]    // the input width disagrees with W_ih
    [InlineData(8, 2, 4, 7, 0)]     // fewer inputs than length x width
    [InlineData(8, 2, 4, 8, 31)]    // outputs neither empty nor length x H
    [InlineData(8, 2, -1, 8, 0)]    // a negative length
    [InlineData(8, -1, 2, 8, 0)]    // a negative input width
    [InlineData(16, 2, 2, 3, 0)]    // the same checks at H = 16
    [InlineData(16, 2, 2, 4, 31)]
    [InlineData(24, 2, 2, 3, 0)]    // and on the loop path
    public void Misshapen_lstm_sequences_throw_and_leave_the_state_alone(int h, int inputWidth, int length, int inputCount, int outputCount)
    {
        float[] cell = Filled(h, 42f), hidden = Filled(h, 42f), outputs = Filled(outputCount, 42f);
        var e = Assert.Throws<ArgumentException>(() => LstmStep.ForwardSequence<float>(
            new float[2 * 4 * h], new float[h * 4 * h], new float[4 * h], new float[4 * h], new float[inputCount], inputWidth, length, new float[4 * h], cell, hidden, outputs));
        Assert.Contains($"H = {h}", e.Message);
        Assert.All(cell, v => Assert.Equal(42f, v));
        Assert.All(hidden, v => Assert.Equal(42f, v));
        Assert.All(outputs, v => Assert.Equal(42f, v));
    }

    [Theory]
    [InlineData(8, 3, 2, 24, 0)]
    [InlineData(8, 2, 4, 7, 0)]
    [InlineData(8, 2, 4, 8, 31)]
    [InlineData(8, 2, -1, 8, 0)]
    [InlineData(8, -1, 2, 8, 0)]
    [InlineData(16, 2, 2, 3, 0)]
    [InlineData(16, 2, 2, 4, 31)]
    [InlineData(24, 2, 2, 3, 0)]
    public void Misshapen_gru_sequences_throw_and_leave_the_state_alone(int h, int inputWidth, int length, int inputCount, int outputCount)
    {
        float[] hidden = Filled(h, 42f), outputs = Filled(outputCount, 42f);
        var e = Assert.Throws<ArgumentException>(() => GruStep.ForwardResetAfterSequence<float>(
            new float[2 * 3 * h], new float[h * 3 * h], new float[3 * h], new float[3 * h], new float[inputCount], inputWidth, length,
            new float[3 * h], new float[3 * h], new float[h], hidden, outputs));
        Assert.Contains($"H = {h}", e.Message);
        Assert.All(hidden, v => Assert.Equal(42f, v));
        Assert.All(outputs, v => Assert.Equal(42f, v));
    }

    [Theory]
    [InlineData(8, 31, 8)]   // gates scratch too short
    [InlineData(8, 32, 7)]   // a cell state shorter than h
    [InlineData(16, 64, 17)]
    [InlineData(24, 96, 23)]
    public void Lstm_sequences_with_misshapen_scratch_or_state_throw(int h, int gateCount, int cellCount)
    {
        float[] cell = Filled(cellCount, 42f), hidden = Filled(h, 42f), outputs = Filled(2 * h, 42f);
        var e = Assert.Throws<ArgumentException>(() => LstmStep.ForwardSequence<float>(
            new float[4 * h], new float[h * 4 * h], new float[4 * h], new float[4 * h], new float[2], 1, 2, new float[gateCount], cell, hidden, outputs));
        Assert.Contains($"H = {h}", e.Message);
        Assert.All(cell, v => Assert.Equal(42f, v));
        Assert.All(hidden, v => Assert.Equal(42f, v));
        Assert.All(outputs, v => Assert.Equal(42f, v));
    }

    [Theory]
    [InlineData(8, 23, 24, 8)]   // gates scratch too short
    [InlineData(8, 24, 23, 8)]   // recurrent scratch too short (the H = 8 kernel never uses it; it is still checked)
    [InlineData(8, 24, 24, 7)]   // recurrent n scratch too short
    [InlineData(5, 15, 14, 5)]   // the separate kernels, which use the recurrent scratch
    public void Gru_sequences_with_misshapen_scratch_throw(int h, int gateCount, int recurrentCount, int recurrentNCount)
    {
        float[] hidden = Filled(h, 42f), outputs = Filled(2 * h, 42f);
        var e = Assert.Throws<ArgumentException>(() => GruStep.ForwardResetAfterSequence<float>(
            new float[3 * h], new float[h * 3 * h], new float[3 * h], new float[3 * h], new float[2], 1, 2,
            new float[gateCount], new float[recurrentCount], new float[recurrentNCount], hidden, outputs));
        Assert.Contains($"H = {h}", e.Message);
        Assert.All(hidden, v => Assert.Equal(42f, v));
        Assert.All(outputs, v => Assert.Equal(42f, v));
    }

    private static float[] Fill(Random random, int n, float scale = 1f) =>
        Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray();

    private static float[] Filled(int n, float value)
    {
        var values = new float[n];
        Array.Fill(values, value);
        return values;
    }

    private static void AssertBits(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
    }
}
