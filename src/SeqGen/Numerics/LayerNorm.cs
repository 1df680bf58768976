using System;
using System.Numerics;

namespace SeqGen.Numerics;

/// <summary>
/// Layer normalization over one vector, as PyTorch's <c>nn.LayerNorm</c> with elementwise affine:
/// y = gamma * (x - mean) / sqrt(var + eps) + beta, var the biased variance, eps 1e-5.
/// </summary>
public static class LayerNorm
{
    /// <summary>nn.LayerNorm's default eps.</summary>
    public const double Epsilon = 1e-5;

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
    /// Backward of <see cref="Forward{T}"/>: <paramref name="gradient"/> enters as the gradient on the output y
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
