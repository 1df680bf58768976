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
        switch (mode)
        {
            case 1:
                for (int i = 0; i < merged.Length; i++)
                {
                    merged[i] = forward[i] + reverse[i];
                }
                break;
            case 2:
                for (int i = 0; i < merged.Length; i++)
                {
                    merged[i] = (forward[i] + reverse[i]) * half;
                }
                break;
            case 3:
                for (int i = 0; i < merged.Length; i++)
                {
                    merged[i] = forward[i] * reverse[i];
                }
                break;
            default:
                throw BadMode(mode);
        }
    }

    /// <summary>Adds the gradient on each direction's output from the gradient on the merged output.</summary>
    public static void Backward<T>(ReadOnlySpan<T> forward, ReadOnlySpan<T> reverse, ReadOnlySpan<T> dMerged, Span<T> dForward, Span<T> dReverse, int mode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = T.One / (T.One + T.One);
        switch (mode)
        {
            case 1:
                for (int i = 0; i < dMerged.Length; i++)
                {
                    dForward[i] += dMerged[i];
                    dReverse[i] += dMerged[i];
                }
                break;
            case 2:
                for (int i = 0; i < dMerged.Length; i++)
                {
                    dForward[i] += dMerged[i] * half;
                    dReverse[i] += dMerged[i] * half;
                }
                break;
            case 3:
                for (int i = 0; i < dMerged.Length; i++)
                {
                    dForward[i] += dMerged[i] * reverse[i];
                    dReverse[i] += dMerged[i] * forward[i];
                }
                break;
            default:
                throw BadMode(mode);
        }
    }

    private static ArgumentOutOfRangeException BadMode(int mode) =>
        new(nameof(mode), mode, "Merge modes are 1 (sum), 2 (average) and 3 (multiply).");
}
