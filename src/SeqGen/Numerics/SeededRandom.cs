using System;
using System.Numerics;

namespace SeqGen.Numerics;

/// <summary>
/// A small deterministic generator (xoshiro256**, seeded through SplitMix64) so that a seed gives
/// the same initial weights on every runtime and platform.
/// </summary>
public struct SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the generator.</summary>
    public SeededRandom(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A double uniform in [0, 1), with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Fills <paramref name="values"/> uniformly from [-bound, bound).</summary>
    public void FillUniform<T>(Span<T> values, double bound)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T upper = T.CreateChecked(bound);
        for (int i = 0; i < values.Length; i++)
        {
            T value = T.CreateChecked((2 * NextDouble() - 1) * bound);
            // The double is below bound, but converting to a narrower T (float) can round it up to bound.
            values[i] = value == upper && upper > T.Zero ? T.BitDecrement(upper) : value;
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
