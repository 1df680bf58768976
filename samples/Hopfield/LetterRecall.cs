using System;
using System.Collections.Generic;
using System.Linq;
using SeqGen.Numerics;

namespace SeqGen.Samples.HopfieldLetters;

/// <summary>What the sample did: the frames of one recall, sweep by sweep, and whether it ended on the stored letter.</summary>
public sealed record LetterRecallResult(
    char Letter,
    int Flipped,
    IReadOnlyList<string[]> Frames,
    HopfieldRecall Recall,
    bool Recovered,
    bool EveryLetterIsAFixedPoint,
    List<double> Energies);

/// <summary>Stores the letters, corrupts one, and recalls it with asynchronous sweeps in unit order.</summary>
public static class LetterRecall
{
    public static LetterRecallResult Run(char letter = 'X', int flipped = 10, long seed = 3)
    {
        var memory = new LetterMemory();
        foreach (string[] bitmap in Letters.Bitmaps.Values)
        {
            memory.Store(Letters.ToPattern(bitmap));
        }
        bool fixedPoints = Letters.Bitmaps.Values.All(b =>
        {
            sbyte[] p = Letters.ToPattern(b);
            return memory.Recall(p) == new HopfieldRecall(1, true);
        });

        sbyte[] original = Letters.ToPattern(Letters.Bitmaps[letter]);
        sbyte[] state = Corrupt(original, flipped, seed);
        sbyte[] start = (sbyte[])state.Clone();

        // the sweeps Recall runs, one at a time, to show each as a frame
        var frames = new List<string[]> { Letters.ToRows(state) };
        var energies = new List<double> { memory.Energy(state) };
        for (int sweep = 0; sweep < LetterMemory.MaxIterations; sweep++)
        {
            bool changed = false;
            for (int unit = 0; unit < LetterMemory.Size; unit++)
            {
                changed |= memory.UpdateUnit(state, unit);
            }
            if (!changed)
            {
                break;
            }
            frames.Add(Letters.ToRows(state));
            energies.Add(memory.Energy(state));
        }

        // the same in one call
        HopfieldRecall recall = memory.Recall(start);
        if (!start.AsSpan().SequenceEqual(state))
        {
            throw new InvalidOperationException("Recall and the sweeps shown disagree.");
        }
        return new LetterRecallResult(letter, flipped, frames, recall, state.AsSpan().SequenceEqual(original), fixedPoints, energies);
    }

    /// <summary>The pattern with <paramref name="count"/> distinct seeded-random pixels flipped.</summary>
    private static sbyte[] Corrupt(sbyte[] pattern, int count, long seed)
    {
        var random = new SeededRandom(seed);
        int[] order = Enumerable.Range(0, pattern.Length).ToArray();
        HopfieldGuard.Shuffle(order, ref random);
        sbyte[] corrupted = (sbyte[])pattern.Clone();
        foreach (int unit in order.Take(count))
        {
            corrupted[unit] = (sbyte)-corrupted[unit];
        }
        return corrupted;
    }
}
