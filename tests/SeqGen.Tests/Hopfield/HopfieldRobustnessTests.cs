using System;
using Xunit;
using Xunit.Abstractions;

namespace SeqGen.Tests.HopfieldNetworks;

/// <summary>Bad input, allocation, and the capacity of a 64-unit memory.</summary>
public sealed class HopfieldRobustnessTests(ITestOutputHelper output)
{
    private static Memory4 TwoPatterns()
    {
        var memory = new Memory4();
        memory.Store(new sbyte[] { 1, 1, -1, -1 });
        memory.Store(new sbyte[] { 1, -1, 1, -1 });
        return memory;
    }

    [Fact]
    public void Bad_patterns_throw_and_leave_the_model_untouched()
    {
        Memory4 memory = TwoPatterns();
        float[] weights = memory.Weights.ToArray();

        void Unchanged()
        {
            Assert.Equal(2, memory.PatternCount);
            Assert.Equal(weights, memory.Weights.ToArray());
        }

        var length = Assert.Throws<ArgumentException>(() => memory.Store(new sbyte[] { 1, -1, 1 }));
        Assert.Equal("pattern has length 3, but this model expects 4 (one value per unit). (Parameter 'pattern')", length.Message);
        Unchanged();
        var zero = Assert.Throws<ArgumentException>(() => memory.Store(new sbyte[] { 1, -1, 0, 1 }));
        Assert.Equal("pattern[2] is 0, but a Hopfield pattern holds only +1 and -1. (Parameter 'pattern')", zero.Message);
        Unchanged();
        Assert.Throws<ArgumentException>(() => memory.Store(new sbyte[] { 1, -1, 2, 1 }));
        Unchanged();
        var half = Assert.Throws<ArgumentException>(() => memory.Store(new float[] { 1f, -1f, 1f, 0.5f }));
        Assert.Equal("pattern[3] is 0.5, but a Hopfield pattern holds only +1 and -1. (Parameter 'pattern')", half.Message);
        Unchanged();
        Assert.Throws<ArgumentException>(() => memory.Store(new float[] { 1f, -1f, float.NaN, 1f }));
        Assert.Throws<ArgumentException>(() => memory.Store(new float[5]));
        Unchanged();
    }

    [Fact]
    public void Bad_states_throw_and_leave_the_state_untouched()
    {
        Memory4 memory = TwoPatterns();
        sbyte[] state = { 1, 0, -1, 1 };
        Assert.Throws<ArgumentException>(() => memory.Recall(state));
        Assert.Throws<ArgumentException>(() => memory.Recall(state, HopfieldUpdate.Synchronous));
        Assert.Throws<ArgumentException>(() => memory.UpdateUnit(state, 0));
        Assert.Throws<ArgumentException>(() => memory.Energy(state));
        Assert.Equal(new sbyte[] { 1, 0, -1, 1 }, state);
        Assert.Throws<ArgumentException>(() => memory.Recall(new sbyte[] { 1, 1 }));
        Assert.Throws<ArgumentException>(() => memory.Energy(new sbyte[8]));

        sbyte[] good = { -1, 1, -1, 1 };
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.UpdateUnit(good, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.UpdateUnit(good, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.Recall(good, (HopfieldUpdate)7));
        Assert.Equal(new sbyte[] { -1, 1, -1, 1 }, good);
        Assert.Equal(2, memory.PatternCount);
    }

    [Fact]
    public void Recall_store_and_energy_allocate_nothing()
    {
        sbyte[][] patterns = HopfieldPatterns.Random(3, 64, seed: 11);
        var memory = new Memory64();
        foreach (sbyte[] p in patterns)
        {
            memory.Store(p);
        }
        sbyte[] corrupted = HopfieldPatterns.Corrupt(patterns[0], 8, seed: 1);
        sbyte[] state = new sbyte[64];
        foreach (HopfieldUpdate mode in new[] { HopfieldUpdate.Asynchronous, HopfieldUpdate.AsynchronousRandom, HopfieldUpdate.Synchronous })
        {
            long bytes = AllocationMeter.BytesOver1000Calls(() =>
            {
                corrupted.CopyTo(state, 0);
                memory.Recall(state, mode, seed: 4);
                memory.Energy(state);
                memory.UpdateUnit(state, 5);
            });
            Assert.Equal(0, bytes);
            Assert.Equal(patterns[0], state);
        }
        var scratch = new Memory64();
        float[] floatPattern = Array.ConvertAll(patterns[1], v => (float)v);
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() =>
        {
            scratch.Clear();
            scratch.Store(patterns[0]);
            scratch.Store(floatPattern);
        }));
    }

    /// <summary>Of <paramref name="count"/> random patterns stored together, the fraction recovered exactly from 8 of 64 flipped units, over 10 seeded trials.</summary>
    private static double RecoveryRate(int count)
    {
        int recovered = 0, tried = 0;
        var memory = new Memory64();
        for (int trial = 0; trial < 10; trial++)
        {
            memory.Clear();
            sbyte[][] patterns = HopfieldPatterns.Random(count, 64, seed: 1000 * count + trial);
            foreach (sbyte[] p in patterns)
            {
                memory.Store(p);
            }
            for (int p = 0; p < count; p++)
            {
                sbyte[] state = HopfieldPatterns.Corrupt(patterns[p], 8, seed: 7 * trial + p);
                memory.Recall(state);
                recovered += state.AsSpan().SequenceEqual(patterns[p]) ? 1 : 0;
                tried++;
            }
        }
        return (double)recovered / tried;
    }

    [Fact]
    public void Capacity_recall_degrades_well_before_0_3_n_patterns()
    {
        // Seeded, so these figures are fixed; docs/hopfield.md quotes them. The classical estimate of
        // capacity for random patterns is about 0.14 n (9 patterns at n = 64).
        int[] counts = { 3, 6, 9, 13, 19 };
        var rates = new double[counts.Length];
        for (int k = 0; k < counts.Length; k++)
        {
            rates[k] = RecoveryRate(counts[k]);
            output.WriteLine(FormattableString.Invariant(
                $"{counts[k],2} patterns ({counts[k] / 64.0:F2} n): {rates[k] * 100:F0}% of {10 * counts[k]} recovered exactly from 12.5% flipped units"));
        }
        Assert.True(rates[0] >= 0.9, $"3 patterns: {rates[0]:P0}");
        Assert.True(rates[^1] < rates[0] - 0.3, $"19 patterns (0.3 n): {rates[^1]:P0} against {rates[0]:P0} for 3");
    }
}
