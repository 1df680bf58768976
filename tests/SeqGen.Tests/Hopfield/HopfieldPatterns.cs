using System;
using SeqGen.Numerics;

namespace SeqGen.Tests.HopfieldNetworks;

/// <summary>Seeded random bipolar patterns, corruption, and an independently written reference energy.</summary>
internal static class HopfieldPatterns
{
    /// <summary><paramref name="count"/> patterns of <paramref name="size"/> units, each unit +1 or -1 with probability 1/2.</summary>
    public static sbyte[][] Random(int count, int size, long seed)
    {
        var random = new SeededRandom(seed);
        var patterns = new sbyte[count][];
        for (int p = 0; p < count; p++)
        {
            patterns[p] = new sbyte[size];
            for (int i = 0; i < size; i++)
            {
                patterns[p][i] = (random.NextUInt64() & 1) == 0 ? (sbyte)1 : (sbyte)-1;
            }
        }
        return patterns;
    }

    /// <summary>A copy of <paramref name="pattern"/> with exactly <paramref name="flips"/> distinct units flipped.</summary>
    public static sbyte[] Corrupt(sbyte[] pattern, int flips, long seed)
    {
        var random = new SeededRandom(seed);
        int[] order = new int[pattern.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)(random.NextUInt64() % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        sbyte[] corrupted = (sbyte[])pattern.Clone();
        for (int k = 0; k < flips; k++)
        {
            corrupted[order[k]] = (sbyte)-corrupted[order[k]];
        }
        return corrupted;
    }

    public static int Overlap(sbyte[] a, sbyte[] b)
    {
        int sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /// <summary>
    /// E(s) = -1/2 sum_{i != j} W_ij s_i s_j with W_ij = (1/n) sum_p x_pi x_pj, written from the
    /// definition in double (not from the model's weights).
    /// </summary>
    public static double ReferenceEnergy(sbyte[][] patterns, ReadOnlySpan<sbyte> state)
    {
        int n = state.Length;
        double energy = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (i == j)
                {
                    continue;
                }
                double w = 0;
                foreach (sbyte[] x in patterns)
                {
                    w += x[i] * x[j];
                }
                energy += w / n * state[i] * state[j];
            }
        }
        return -0.5 * energy;
    }
}
