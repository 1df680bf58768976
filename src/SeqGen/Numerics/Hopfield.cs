using System;
using SeqGen.Numerics;

namespace SeqGen;

/// <summary>How a Hopfield recall updates its units.</summary>
public enum HopfieldUpdate
{
    /// <summary>One unit at a time, in index order, each seeing the units already updated in the sweep.</summary>
    Asynchronous,

    /// <summary>One unit at a time, in a new seeded random order every sweep.</summary>
    AsynchronousRandom,

    /// <summary>All units at once from the previous state (can end in a 2-cycle instead of a fixed point).</summary>
    Synchronous,
}

/// <summary>The outcome of a Hopfield recall.</summary>
/// <param name="Iterations">Sweeps run, including the last one, which changed nothing if <paramref name="Converged"/>.</param>
/// <param name="Converged">Whether a sweep changed no unit (a fixed point) within the model's MaxIterations.</param>
public readonly record struct HopfieldRecall(int Iterations, bool Converged);

/// <summary>Argument checks and helpers shared by generated Hopfield models.</summary>
public static class HopfieldGuard
{
    /// <summary>Throws unless <paramref name="pattern"/> has length <paramref name="size"/> and holds only +1 and -1.</summary>
    public static void Bipolar(ReadOnlySpan<sbyte> pattern, int size, string argument)
    {
        ModelGuard.Length(pattern.Length, size, argument, "one value per unit");
        for (int i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] is not (1 or -1))
            {
                throw new ArgumentException($"{argument}[{i}] is {pattern[i]}, but a Hopfield pattern holds only +1 and -1.", argument);
            }
        }
    }

    /// <summary>Throws unless <paramref name="pattern"/> has length <paramref name="size"/> and holds only +1f and -1f.</summary>
    public static void Bipolar(ReadOnlySpan<float> pattern, int size, string argument)
    {
        ModelGuard.Length(pattern.Length, size, argument, "one value per unit");
        for (int i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] is not (1f or -1f))
            {
                throw new ArgumentException($"{argument}[{i}] is {pattern[i]}, but a Hopfield pattern holds only +1 and -1.", argument);
            }
        }
    }

    /// <summary>Throws unless 0 &lt;= <paramref name="unit"/> &lt; <paramref name="size"/>.</summary>
    public static void Unit(int unit, int size)
    {
        if ((uint)unit >= (uint)size)
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, $"A unit index must be from 0 to {size - 1}.");
        }
    }

    /// <summary>A Fisher-Yates shuffle of 0..order.Length-1 drawn from <paramref name="random"/>.</summary>
    public static void Shuffle(Span<int> order, ref SeededRandom random)
    {
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)(random.NextUInt64() % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
