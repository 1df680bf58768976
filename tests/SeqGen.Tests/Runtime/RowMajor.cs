using System;

namespace SeqGen.Tests.Runtime;

/// <summary>
/// Plain loops over PyTorch-layout ([out][in] row-major) matrices: the oracle side of the cell
/// gradient tests, independent of the library's input-major kernels.
/// </summary>
internal static class RowMajor
{
    /// <summary>y += W x.</summary>
    public static void MatVecAdd(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int r = 0; r < y.Length; r++)
        {
            for (int c = 0; c < x.Length; c++)
            {
                y[r] += w[r * x.Length + c] * x[c];
            }
        }
    }

    /// <summary>dx += W^T dy.</summary>
    public static void MatTransposeVecAdd(ReadOnlySpan<double> w, ReadOnlySpan<double> dy, Span<double> dx)
    {
        for (int r = 0; r < dy.Length; r++)
        {
            for (int c = 0; c < dx.Length; c++)
            {
                dx[c] += w[r * dx.Length + c] * dy[r];
            }
        }
    }

    /// <summary>dW += dy x^T.</summary>
    public static void OuterProductAdd(Span<double> dw, ReadOnlySpan<double> dy, ReadOnlySpan<double> x)
    {
        for (int r = 0; r < dy.Length; r++)
        {
            for (int c = 0; c < x.Length; c++)
            {
                dw[r * x.Length + c] += dy[r] * x[c];
            }
        }
    }
}
