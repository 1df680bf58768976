using System;
using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;

namespace SeqGen.Numerics;

/// <summary>
/// Dense matrix-vector kernels over row-major matrices, shared by every generated model.
/// Generated code passes slices whose lengths are compile-time constants of the model.
/// </summary>
public static class LinearAlgebra
{
    /// <summary>y += W x, where W is [y.Length][x.Length] row-major.</summary>
    public static void MatVecAdd<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = x.Length;
        Debug.Assert(w.Length == y.Length * cols);
        for (int r = 0; r < y.Length; r++)
        {
            y[r] += TensorPrimitives.Dot(w.Slice(r * cols, cols), x);
        }
    }

    /// <summary>dx += W^T dy, where W is [dy.Length][dx.Length] row-major.</summary>
    public static void MatTransposeVecAdd<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = dx.Length;
        Debug.Assert(w.Length == dy.Length * cols);
        for (int r = 0; r < dy.Length; r++)
        {
            TensorPrimitives.MultiplyAdd(w.Slice(r * cols, cols), dy[r], dx, dx);
        }
    }

    /// <summary>dW += dy x^T, where dW is [dy.Length][x.Length] row-major.</summary>
    public static void OuterProductAdd<T>(Span<T> dw, ReadOnlySpan<T> dy, ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = x.Length;
        Debug.Assert(dw.Length == dy.Length * cols);
        for (int r = 0; r < dy.Length; r++)
        {
            Span<T> row = dw.Slice(r * cols, cols);
            TensorPrimitives.MultiplyAdd(x, dy[r], row, row);
        }
    }

    /// <summary>destination = a + b, element-wise.</summary>
    public static void Add<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Add(a, b, destination);

    /// <summary>destination += source, element-wise.</summary>
    public static void AddInPlace<T>(Span<T> destination, ReadOnlySpan<T> source)
        where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Add(destination, source, destination);
}
