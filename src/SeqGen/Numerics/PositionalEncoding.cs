using System;
using System.Numerics;

namespace SeqGen.Numerics;

/// <summary>
/// The sinusoidal position encoding of "Attention Is All You Need" (as in PyTorch's transformer
/// tutorial): PE[t, 2i] = sin(t * exp(-2i ln(10000) / E)), PE[t, 2i+1] = cos(t * exp(-2i ln(10000) / E)).
/// It has no parameters, so its gradient is the identity: the gradient on x + PE is the gradient on x.
/// </summary>
public static class PositionalEncoding
{
    /// <summary>destination[t] = x[t] + PE[t] for <paramref name="length"/> steps of <paramref name="width"/>, positions counted from 0.</summary>
    public static void Add<T>(ReadOnlySpan<T> x, int length, int width, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // column by column: each column's frequency costs one exp, not one per step
        for (int i = 0; i < width; i++)
        {
            double frequency = Frequency(i, width);
            for (int t = 0; t < length; t++)
            {
                destination[t * width + i] = x[t * width + i] + T.CreateTruncating(Value(t * frequency, i));
            }
        }
    }

    /// <summary>PE[position, index] for a model width of <paramref name="width"/>, in double precision.</summary>
    public static double Value(int position, int index, int width) => Value(position * Frequency(index, width), index);

    private static double Frequency(int index, int width)
    {
        int even = index - (index & 1);
        return Math.Exp(even * -(Math.Log(10000.0) / width));
    }

    private static double Value(double angle, int index) => (index & 1) == 0 ? Math.Sin(angle) : Math.Cos(angle);
}
