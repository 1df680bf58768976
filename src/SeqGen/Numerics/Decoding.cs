using System;
using System.Numerics;

namespace SeqGen.Numerics;

/// <summary>Choosing the next token from logits, and feeding it back as a one-hot input.</summary>
public static class Decoding
{
    /// <summary>The index of the largest value (the first, on ties), as torch.argmax.</summary>
    public static int ArgMax<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>
    /// Draws an index from softmax(logits / temperature) with one uniform number from
    /// <paramref name="random"/>; allocates nothing. Lower temperatures sharpen the distribution.
    /// </summary>
    public static int Sample<T>(ReadOnlySpan<T> logits, T temperature, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = logits[0];
        foreach (T value in logits)
        {
            max = T.Max(max, value);
        }
        double sum = 0;
        foreach (T value in logits)
        {
            sum += Math.Exp(double.CreateTruncating((value - max) / temperature));
        }
        double draw = random.NextDouble() * sum;
        for (int i = 0; i < logits.Length; i++)
        {
            draw -= Math.Exp(double.CreateTruncating((logits[i] - max) / temperature));
            if (draw < 0)
            {
                return i;
            }
        }
        // rounding can leave a sliver above the last cumulative sum: the last index with weight
        for (int i = logits.Length - 1; i > 0; i--)
        {
            if (logits[i] > T.NegativeInfinity)
            {
                return i;
            }
        }
        return 0;
    }

    /// <summary>destination = the one-hot vector of <paramref name="index"/>.</summary>
    public static void OneHot<T>(int index, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        destination.Clear();
        destination[index] = T.One;
    }
}
