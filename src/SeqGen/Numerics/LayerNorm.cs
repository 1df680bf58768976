using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace SeqGen.Numerics;

/// <summary>
/// Layer normalization over the last dimension, as PyTorch's <c>nn.LayerNorm(width, eps=1e-5)</c>:
/// y = (x - mean) / sqrt(var + eps) * gamma + beta, with the biased variance. Two forms: rows of a
/// sequence at once, keeping each row's mean and 1/sqrt(var + eps) (transformer blocks), and one
/// vector keeping x_hat (layer-normalized LSTM and GRU cells, one step at a time).
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
    /// Backward of the rows form of Forward: with xhat = (x - mean) * inv and g = dy * gamma, adds
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

    /// <summary>
    /// Normalizes <paramref name="input"/>, writes x_hat = (x - mean) * rstd into <paramref name="normalized"/>
    /// and gamma * x_hat + beta into <paramref name="output"/> (added to it when <paramref name="accumulate"/>);
    /// returns rstd = 1 / sqrt(var + eps), which the backward pass needs. <paramref name="output"/> may be
    /// <paramref name="input"/>.
    /// </summary>
    public static T Forward<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> normalized, Span<T> output, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = input.Length;
        T count = T.CreateChecked(n);
        T mean = T.Zero;
        for (int j = 0; j < n; j++)
        {
            mean += input[j];
        }
        mean /= count;
        T variance = T.Zero;
        for (int j = 0; j < n; j++)
        {
            T d = input[j] - mean;
            variance += d * d;
        }
        variance /= count;
        T rstd = T.One / T.Sqrt(variance + T.CreateChecked(Epsilon));
        for (int j = 0; j < n; j++)
        {
            T xHat = (input[j] - mean) * rstd;
            normalized[j] = xHat;
            T y = gamma[j] * xHat + beta[j];
            output[j] = accumulate ? output[j] + y : y;
        }
        return rstd;
    }

    /// <summary>
    /// Backward of the one-vector form of Forward: <paramref name="gradient"/> enters as the gradient on the output y
    /// and leaves as the gradient on the input x; adds dy * x_hat to <paramref name="gradGamma"/> and dy to
    /// <paramref name="gradBeta"/>. dx = rstd * (g - mean(g) - x_hat * mean(g * x_hat)) with g = dy * gamma.
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> normalized, T rstd, ReadOnlySpan<T> gamma, Span<T> gradGamma, Span<T> gradBeta, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = gradient.Length;
        T meanG = T.Zero, meanGx = T.Zero;
        for (int j = 0; j < n; j++)
        {
            T dy = gradient[j];
            gradGamma[j] += dy * normalized[j];
            gradBeta[j] += dy;
            T g = dy * gamma[j];
            gradient[j] = g;
            meanG += g;
            meanGx += g * normalized[j];
        }
        T count = T.CreateChecked(n);
        meanG /= count;
        meanGx /= count;
        for (int j = 0; j < n; j++)
        {
            gradient[j] = rstd * (gradient[j] - meanG - normalized[j] * meanGx);
        }
    }
}
