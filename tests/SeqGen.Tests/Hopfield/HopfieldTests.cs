using System;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace SeqGen.Tests.HopfieldNetworks;

/// <summary>
/// The generated Hopfield memory: Hebbian weights, recall in every update mode, the energy, the
/// tie rule, bad input and allocation.
/// </summary>
public sealed class HopfieldTests(ITestOutputHelper output)
{
    private static readonly HopfieldUpdate[] s_modes = { HopfieldUpdate.Asynchronous, HopfieldUpdate.AsynchronousRandom, HopfieldUpdate.Synchronous };

    /// <summary>Three seeded random patterns of 64 units, checked to be near-orthogonal (|overlap| at most 16 of 64).</summary>
    private static sbyte[][] ThreePatterns()
    {
        sbyte[][] patterns = HopfieldPatterns.Random(3, 64, seed: 11);
        for (int a = 0; a < 3; a++)
        {
            for (int b = a + 1; b < 3; b++)
            {
                Assert.InRange(HopfieldPatterns.Overlap(patterns[a], patterns[b]), -16, 16);
            }
        }
        return patterns;
    }

    private static Memory64 StoreAll(sbyte[][] patterns)
    {
        var memory = new Memory64();
        foreach (sbyte[] p in patterns)
        {
            memory.Store(p);
        }
        return memory;
    }

    [Fact]
    public void Hebbian_weights_equal_a_hand_computed_case()
    {
        // x1 = (1, 1, -1, -1), x2 = (1, -1, 1, -1): x1 x1^T + x2 x2^T = [[2,0,0,-2],[0,2,-2,0],[0,-2,2,0],[-2,0,0,2]];
        // divided by n = 4, diagonal zeroed:
        float[] expected =
        {
            0f, 0f, 0f, -0.5f,
            0f, 0f, -0.5f, 0f,
            0f, -0.5f, 0f, 0f,
            -0.5f, 0f, 0f, 0f,
        };
        var memory = new Memory4();
        memory.Store(new sbyte[] { 1, 1, -1, -1 });
        memory.Store(new float[] { 1f, -1f, 1f, -1f });
        Assert.Equal(2, memory.PatternCount);
        Assert.Equal(expected, memory.Weights.ToArray());
        Assert.Equal(16, Memory4.WeightCount);

        // one pattern: W = x x^T / 4 off the diagonal
        memory.Clear();
        Assert.Equal(0, memory.PatternCount);
        Assert.All(memory.Weights.ToArray(), w => Assert.Equal(0f, w));
        memory.Store(new sbyte[] { 1, -1, -1, 1 });
        Assert.Equal(new[] { 0f, -0.25f, -0.25f, 0.25f, -0.25f, 0f, 0.25f, -0.25f, -0.25f, 0.25f, 0f, -0.25f, 0.25f, -0.25f, -0.25f, 0f }, memory.Weights.ToArray());
    }

    [Fact]
    public void Stored_patterns_are_fixed_points_in_every_mode()
    {
        sbyte[][] patterns = ThreePatterns();
        Memory64 memory = StoreAll(patterns);
        foreach (HopfieldUpdate mode in s_modes)
        {
            foreach (sbyte[] p in patterns)
            {
                sbyte[] state = (sbyte[])p.Clone();
                HopfieldRecall result = memory.Recall(state, mode, seed: 5);
                Assert.Equal(new HopfieldRecall(1, true), result);
                Assert.Equal(p, state);
            }
        }
    }

    [Fact]
    public void A_corrupted_pattern_is_recovered_exactly_in_every_mode()
    {
        sbyte[][] patterns = ThreePatterns();
        Memory64 memory = StoreAll(patterns);
        foreach (HopfieldUpdate mode in s_modes)
        {
            for (int p = 0; p < patterns.Length; p++)
            {
                // 8 of 64 units flipped: 12.5%
                sbyte[] state = HopfieldPatterns.Corrupt(patterns[p], 8, seed: 100 + p);
                Assert.Equal(64 - 2 * 8, HopfieldPatterns.Overlap(state, patterns[p]));
                HopfieldRecall result = memory.Recall(state, mode, seed: 3);
                Assert.True(result.Converged, $"{mode}, pattern {p}: {result}");
                Assert.Equal(patterns[p], state);
                // at least one sweep that changed units, and the one that confirmed the fixed point
                Assert.InRange(result.Iterations, 2, Memory64.MaxIterations);
                output.WriteLine($"{mode}, pattern {p}: recovered in {result.Iterations} sweeps");
            }
        }
    }

    [Fact]
    public void Energy_never_increases_at_any_single_unit_update_and_matches_a_reference()
    {
        sbyte[][] patterns = ThreePatterns();
        Memory64 memory = StoreAll(patterns);
        int updates = 0, changes = 0;
        // corrupted patterns and states far from any pattern
        sbyte[][] starts = patterns.Select((p, i) => HopfieldPatterns.Corrupt(p, 10, seed: 40 + i))
            .Concat(HopfieldPatterns.Random(5, 64, seed: 77))
            .ToArray();
        foreach (sbyte[] start in starts)
        {
            sbyte[] state = (sbyte[])start.Clone();
            double energy = HopfieldPatterns.ReferenceEnergy(patterns, state);
            Assert.Equal(energy, memory.Energy(state), 1e-9);
            bool changed = true;
            for (int sweep = 0; changed && sweep < 50; sweep++)
            {
                changed = false;
                for (int i = 0; i < 64; i++)
                {
                    bool unitChanged = memory.UpdateUnit(state, i);
                    double next = HopfieldPatterns.ReferenceEnergy(patterns, state);
                    Assert.Equal(next, memory.Energy(state), 1e-9);
                    if (unitChanged)
                    {
                        // a flip happens only on a non-zero field, so the energy falls strictly
                        Assert.True(next < energy - 1e-12, $"unit {i}: energy {energy} -> {next}");
                        changes++;
                    }
                    else
                    {
                        Assert.Equal(energy, next, 1e-12);
                    }
                    energy = next;
                    updates++;
                    changed |= unitChanged;
                }
            }
            Assert.False(changed);

            // Recall (in order) is these same sweeps
            sbyte[] recalled = (sbyte[])start.Clone();
            Assert.True(memory.Recall(recalled).Converged);
            Assert.Equal(state, recalled);
        }
        output.WriteLine($"{updates} single-unit updates checked, {changes} of them flips");
        Assert.True(changes > 20);
    }

    [Fact]
    public void Random_order_depends_on_the_seed_only()
    {
        sbyte[][] patterns = HopfieldPatterns.Random(8, 64, seed: 5);
        Memory64 memory = StoreAll(patterns);
        sbyte[] start = HopfieldPatterns.Random(1, 64, seed: 6)[0];
        sbyte[] a = (sbyte[])start.Clone(), b = (sbyte[])start.Clone();
        Assert.Equal(memory.Recall(a, HopfieldUpdate.AsynchronousRandom, seed: 9), memory.Recall(b, HopfieldUpdate.AsynchronousRandom, seed: 9));
        Assert.Equal(a, b);
        // different seeds reach different fixed points from some of these starts
        int differ = 0;
        foreach (sbyte[] s in HopfieldPatterns.Random(20, 64, seed: 12))
        {
            sbyte[] x = (sbyte[])s.Clone(), y = (sbyte[])s.Clone();
            memory.Recall(x, HopfieldUpdate.AsynchronousRandom, seed: 1);
            memory.Recall(y, HopfieldUpdate.AsynchronousRandom, seed: 2);
            differ += x.AsSpan().SequenceEqual(y) ? 0 : 1;
        }
        Assert.True(differ > 0);
    }

    [Fact]
    public void Synchronous_updates_can_cycle_where_asynchronous_ones_converge()
    {
        // Size 2, pattern (1, -1): W = [[0, -1/2], [-1/2, 0]]. From (1, 1) both fields are -1/2, so a
        // synchronous sweep gives (-1, -1), then (1, 1) again: a 2-cycle, never a fixed point.
        var memory = new Memory2();
        memory.Store(new sbyte[] { 1, -1 });
        sbyte[] state = { 1, 1 };
        Assert.Equal(new HopfieldRecall(Memory2.MaxIterations, false), memory.Recall(state, HopfieldUpdate.Synchronous));
        Assert.Equal(7, Memory2.MaxIterations);
        Assert.Equal(new sbyte[] { -1, -1 }, state); // 7 sweeps: odd, so the other state of the cycle
        // asynchronous: unit 0 flips to -1, then unit 1 sees +1/2 and stays 1: (-1, 1), the inverse pattern
        state = new sbyte[] { 1, 1 };
        Assert.Equal(new HopfieldRecall(2, true), memory.Recall(state));
        Assert.Equal(new sbyte[] { -1, 1 }, state);
    }

    [Fact]
    public void A_zero_field_keeps_the_unit()
    {
        // nothing stored: every field is 0, so no unit changes in any mode
        var empty = new Memory4();
        foreach (HopfieldUpdate mode in s_modes)
        {
            sbyte[] state = { 1, -1, -1, 1 };
            Assert.Equal(new HopfieldRecall(1, true), empty.Recall(state, mode));
            Assert.Equal(new sbyte[] { 1, -1, -1, 1 }, state);
        }

        // (1,1,1,1) and (1,1,1,-1): row 0 of W is (0, 1/2, 1/2, 0), so unit 0's field is (s1 + s2)/2,
        // exactly 0 when s1 = -s2: the unit keeps +1 or -1, whichever it has
        var memory = new Memory4();
        memory.Store(new sbyte[] { 1, 1, 1, 1 });
        memory.Store(new sbyte[] { 1, 1, 1, -1 });
        Assert.Equal(new[] { 0f, 0.5f, 0.5f }, memory.Weights[..3].ToArray());
        Assert.Equal(0f, memory.Weights[3]);
        foreach (sbyte s0 in new sbyte[] { 1, -1 })
        {
            sbyte[] state = { s0, 1, -1, 1 };
            Assert.False(memory.UpdateUnit(state, 0));
            Assert.Equal(s0, state[0]);
        }
        // a non-zero field does flip it: (s1 + s2)/2 = 1 from (-1, 1, 1, 1)
        sbyte[] flips = { -1, 1, 1, 1 };
        Assert.True(memory.UpdateUnit(flips, 0));
        Assert.Equal(1, flips[0]);

        // four orthogonal patterns of 4 units: sum_p x_p x_p^T = 4 I, so W = 0 off the diagonal too
        var zero = new Memory4();
        zero.Store(new sbyte[] { 1, 1, 1, 1 });
        zero.Store(new sbyte[] { 1, -1, 1, -1 });
        zero.Store(new sbyte[] { 1, 1, -1, -1 });
        zero.Store(new sbyte[] { 1, -1, -1, 1 });
        Assert.All(zero.Weights.ToArray(), w => Assert.Equal(0f, w));
        sbyte[] any = { 1, 1, -1, 1 };
        Assert.Equal(new HopfieldRecall(1, true), zero.Recall(any, HopfieldUpdate.Synchronous));
        Assert.Equal(new sbyte[] { 1, 1, -1, 1 }, any);
    }
}
