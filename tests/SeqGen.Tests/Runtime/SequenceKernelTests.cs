using System;
using System.Linq;
using SeqGen.Numerics;
using Xunit;

namespace SeqGen.Tests.Runtime;

/// <summary>
/// <see cref="LstmStep.ForwardSequence{T}"/> and <see cref="GruStep.ForwardResetAfterSequence{T}"/>
/// against a loop of the one-step kernels they stand in for, bit for bit: in single precision at
/// H = 8 (and H = 16 for the LSTM) they run their own whole-sequence kernel (h and c kept in
/// registers from step to step), elsewhere a loop of the step. The step kernels themselves are checked against scalar
/// oracles (LstmStepTests, GruStepTests).
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

        float[] hidden = (float[])h0.Clone(), cell = (float[])c0.Clone(), outputs = Filled(length * h, 42f);
        LstmStep.ForwardSequence<float>(wIh, wHh, bIh, bHh, xs, inputs, length, new float[4 * h], cell, hidden, outputs);
        AssertBits(outputsExpected, outputs, "outputs");
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
    [InlineData(3, 16, 6)]  // the loop of the step
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

        float[] hidden = (float[])h0.Clone(), outputs = Filled(length * h, 42f);
        GruStep.ForwardResetAfterSequence<float>(wIh, wHh, bIh, bHh, xs, inputs, length, new float[3 * h], new float[3 * h], new float[h], hidden, outputs);
        AssertBits(outputsExpected, outputs, "outputs");
        AssertBits(hExpected, hidden, "h");

        hidden = (float[])h0.Clone();
        GruStep.ForwardResetAfterSequence<float>(wIh, wHh, bIh, bHh, xs, inputs, length, new float[3 * h], new float[3 * h], new float[h], hidden, Span<float>.Empty);
        AssertBits(hExpected, hidden, "h without outputs");
    }

    [Fact]
    public void Double_precision_sequences_match_their_steps()
    {
        var random = new Random(5);
        const int Inputs = 2, H = 8, Length = 4;
        double[] wIh = Fill(random, Inputs * 4 * H).Select(v => (double)v).ToArray(), wHh = Fill(random, H * 4 * H).Select(v => (double)v).ToArray();
        double[] bIh = Fill(random, 4 * H).Select(v => (double)v).ToArray(), bHh = Fill(random, 4 * H).Select(v => (double)v).ToArray();
        double[] xs = Fill(random, Length * Inputs).Select(v => (double)v).ToArray();
        double[] hExpected = new double[H], cExpected = new double[H], gates = new double[4 * H];
        for (int t = 0; t < Length; t++)
        {
            LstmStep.Forward<double>(wIh, wHh, bIh, bHh, xs.AsSpan(t * Inputs, Inputs), hExpected, cExpected, gates, cExpected, hExpected);
        }
        double[] hidden = new double[H], cell = new double[H];
        LstmStep.ForwardSequence<double>(wIh, wHh, bIh, bHh, xs, Inputs, Length, new double[4 * H], cell, hidden, Span<double>.Empty);
        Assert.Equal(hExpected, hidden);
        Assert.Equal(cExpected, cell);
    }

    [Theory]
    [InlineData(8, 3, 2, 24, 0)]    // the input width disagrees with W_ih
    [InlineData(8, 2, 4, 7, 0)]     // fewer inputs than length x width
    [InlineData(8, 2, 4, 8, 31)]    // outputs neither empty nor length x H
    [InlineData(8, 2, -1, 8, 0)]    // a negative length
    [InlineData(16, 2, 2, 3, 0)]    // the same checks on the loop path
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
    [InlineData(16, 2, 2, 3, 0)]
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
