using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace SeqGen.Numerics;

/// <summary>
/// Layer normalization over the last dimension, as PyTorch's <c>nn.LayerNorm(width, eps=1e-5)</c>:
/// y = (x - mean) / sqrt(var + eps) * gamma + beta, with the biased variance.
/// </summary>
public static class LayerNorm
{
    /// <summary>PyTorch's default eps.</summary>
    public const double Epsilon = 1e-5;

    /// <summary>Normalizes each of <paramref name="rows"/> rows; keeps each row's mean and 1/sqrt(var + eps) for the backward pass.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, int rows, int width, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta,
        Span<T> y, Span<T> mean, Span<T> inverseDeviation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = T.CreateTruncating(width);
        T epsilon = T.CreateTruncating(Epsilon);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> row = x.Slice(r * width, width);
            Span<T> output = y.Slice(r * width, width);
            T mu = TensorPrimitives.Sum(row) / n;
            T variance = T.Zero;
            for (int i = 0; i < width; i++)
            {
                T centered = row[i] - mu;
                variance += centered * centered;
            }
            T inverse = T.One / T.Sqrt(variance / n + epsilon);
            mean[r] = mu;
            inverseDeviation[r] = inverse;
            for (int i = 0; i < width; i++)
            {
                output[i] = (row[i] - mu) * inverse * gamma[i] + beta[i];
            }
        }
    }

    /// <summary>
    /// Backward of <see cref="Forward"/>: with xhat = (x - mean) * inv and g = dy * gamma, adds
    /// dgamma += dy * xhat, dbeta += dy, and dx += inv * (g - mean(g) - xhat * mean(g * xhat)).
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> x, int rows, int width, ReadOnlySpan<T> gamma,
        ReadOnlySpan<T> mean, ReadOnlySpan<T> inverseDeviation, ReadOnlySpan<T> dy,
        Span<T> gradGamma, Span<T> gradBeta, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = T.CreateTruncating(width);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> row = x.Slice(r * width, width);
            ReadOnlySpan<T> dyRow = dy.Slice(r * width, width);
            Span<T> dxRow = dx.Slice(r * width, width);
            T mu = mean[r], inverse = inverseDeviation[r];
            T sumG = T.Zero, sumGx = T.Zero;
            for (int i = 0; i < width; i++)
            {
                T xhat = (row[i] - mu) * inverse;
                T g = dyRow[i] * gamma[i];
                sumG += g;
                sumGx += g * xhat;
                gradGamma[i] += dyRow[i] * xhat;
                gradBeta[i] += dyRow[i];
            }
            T meanG = sumG / n, meanGx = sumGx / n;
            for (int i = 0; i < width; i++)
            {
                T xhat = (row[i] - mu) * inverse;
                dxRow[i] += inverse * (dyRow[i] * gamma[i] - meanG - xhat * meanGx);
            }
        }
    }
}
