using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// Matrix kernels shared by every generated model. Weight matrices are stored input-major (the
/// transpose of PyTorch's [out][in]): the weights from input j to outputs i sit at
/// <c>j * stride + i</c>. A forward product then accumulates whole columns into the outputs with
/// vector FMAs, with no horizontal sums on the recurrent path. <c>stride</c> is usually the
/// output count; a GRU uses a larger one to address the r,z or the n rows of its W_hh alone.
/// </summary>
public static class LinearAlgebra
{
    /// <summary>y += W x: y[i] += sum_j x[j] * matrix[j * stride + i].</summary>
    public static void AccumulateColumns<T>(ReadOnlySpan<T> matrix, int stride, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(matrix.Length, stride, x.Length, y.Length);
        ref T w = ref MemoryMarshal.GetReference(matrix);
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ys = ref MemoryMarshal.GetReference(y);
        int n = y.Length, cols = x.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            int width = Vector256<T>.Count;
            // Four vectors of outputs stay in registers while every column is added in.
            for (; i + 4 * width <= n; i += 4 * width)
            {
                Vector256<T> a0 = Vector256.LoadUnsafe(ref ys, (nuint)i);
                Vector256<T> a1 = Vector256.LoadUnsafe(ref ys, (nuint)(i + width));
                Vector256<T> a2 = Vector256.LoadUnsafe(ref ys, (nuint)(i + 2 * width));
                Vector256<T> a3 = Vector256.LoadUnsafe(ref ys, (nuint)(i + 3 * width));
                for (int j = 0; j < cols; j++)
                {
                    Vector256<T> b = Vector256.Create(Unsafe.Add(ref xs, j));
                    nuint o = (nuint)(j * stride + i);
                    a0 = MultiplyAdd(Vector256.LoadUnsafe(ref w, o), b, a0);
                    a1 = MultiplyAdd(Vector256.LoadUnsafe(ref w, o + (nuint)width), b, a1);
                    a2 = MultiplyAdd(Vector256.LoadUnsafe(ref w, o + (nuint)(2 * width)), b, a2);
                    a3 = MultiplyAdd(Vector256.LoadUnsafe(ref w, o + (nuint)(3 * width)), b, a3);
                }
                a0.StoreUnsafe(ref ys, (nuint)i);
                a1.StoreUnsafe(ref ys, (nuint)(i + width));
                a2.StoreUnsafe(ref ys, (nuint)(i + 2 * width));
                a3.StoreUnsafe(ref ys, (nuint)(i + 3 * width));
            }
            for (; i + width <= n; i += width)
            {
                Vector256<T> a = Vector256.LoadUnsafe(ref ys, (nuint)i);
                for (int j = 0; j < cols; j++)
                {
                    a = MultiplyAdd(Vector256.LoadUnsafe(ref w, (nuint)(j * stride + i)), Vector256.Create(Unsafe.Add(ref xs, j)), a);
                }
                a.StoreUnsafe(ref ys, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            T sum = Unsafe.Add(ref ys, i);
            for (int j = 0; j < cols; j++)
            {
                sum += Unsafe.Add(ref w, j * stride + i) * Unsafe.Add(ref xs, j);
            }
            Unsafe.Add(ref ys, i) = sum;
        }
    }

    /// <summary>dx += W^T dy: dx[j] += sum_i matrix[j * stride + i] * dy[i].</summary>
    public static void AccumulateRowDots<T>(ReadOnlySpan<T> matrix, int stride, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(matrix.Length, stride, dx.Length, dy.Length);
        for (int j = 0; j < dx.Length; j++)
        {
            dx[j] += TensorPrimitives.Dot(matrix.Slice(j * stride, dy.Length), dy);
        }
    }

    /// <summary>dW += dy x^T: matrix[j * stride + i] += x[j] * dy[i].</summary>
    public static void AccumulateOuterProduct<T>(Span<T> matrix, int stride, ReadOnlySpan<T> x, ReadOnlySpan<T> dy)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(matrix.Length, stride, x.Length, dy.Length);
        for (int j = 0; j < x.Length; j++)
        {
            Span<T> row = matrix.Slice(j * stride, dy.Length);
            TensorPrimitives.MultiplyAdd(dy, x[j], row, row);
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

    /// <summary>Copies a PyTorch [rows][columns] matrix into input-major storage ([columns][rows]).</summary>
    public static void FromPyTorchLayout<T>(ReadOnlySpan<T> source, int rows, int columns, Span<T> destination)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                destination[c * rows + r] = source[r * columns + c];
            }
        }
    }

    /// <summary>Copies input-major storage ([columns][rows]) out as a PyTorch [rows][columns] matrix.</summary>
    public static void ToPyTorchLayout<T>(ReadOnlySpan<T> source, int rows, int columns, Span<T> destination)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                destination[r * columns + c] = source[c * rows + r];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> MultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        }
        if (typeof(T) == typeof(double))
        {
            return Vector256.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        }
#endif
        return a * b + c;
    }

    /// <summary>The one check that keeps the unchecked loads above inside the matrix.</summary>
    private static void CheckShape(int matrixLength, int stride, int columns, int rows)
    {
        if (rows > stride || (columns > 0 && (long)(columns - 1) * stride + rows > matrixLength))
        {
            throw new ArgumentException(
                $"A matrix of {columns} columns of {rows} values with stride {stride} needs {(long)(columns - 1) * stride + rows} elements, but has {matrixLength}.");
        }
    }
}
