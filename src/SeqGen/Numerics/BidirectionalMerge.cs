using System;
using System.Numerics;

namespace SeqGen.Numerics;

/// <summary>
/// Keras's merge modes for a bidirectional layer (1 sum, 2 average, 3 multiply; 0, concatenation,
/// needs no merging), forward and backward, element-wise over one step's outputs.
/// </summary>
public static class BidirectionalMerge
{
    /// <summary>merged = forward + reverse, their average, or their product.</summary>
    public static void Forward<T>(ReadOnlySpan<T> forward, ReadOnlySpan<T> reverse, Span<T> merged, int mode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = T.One / (T.One + T.One);
        for (int i = 0; i < merged.Length; i++)
        {
            merged[i] = mode switch
            {
                1 => forward[i] + reverse[i],
                2 => (forward[i] + reverse[i]) * half,
                3 => forward[i] * reverse[i],
                _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Merge modes are 1 (sum), 2 (average) and 3 (multiply)."),
            };
        }
    }

    /// <summary>Adds the gradient on each direction's output from the gradient on the merged output.</summary>
    public static void Backward<T>(ReadOnlySpan<T> forward, ReadOnlySpan<T> reverse, ReadOnlySpan<T> dMerged, Span<T> dForward, Span<T> dReverse, int mode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = T.One / (T.One + T.One);
        for (int i = 0; i < dMerged.Length; i++)
        {
            T g = dMerged[i];
            switch (mode)
            {
                case 1:
                    dForward[i] += g;
                    dReverse[i] += g;
                    break;
                case 2:
                    dForward[i] += g * half;
                    dReverse[i] += g * half;
                    break;
                case 3:
                    dForward[i] += g * reverse[i];
                    dReverse[i] += g * forward[i];
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(mode), mode, "Merge modes are 1 (sum), 2 (average) and 3 (multiply).");
            }
        }
    }
}
