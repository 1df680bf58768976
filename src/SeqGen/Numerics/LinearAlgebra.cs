using System;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    /// <summary>Above this many outputs, stream the matrix column group by column group instead of keeping outputs in registers.</summary>
    internal const int RegisterBlockLimit = 128;

    /// <summary>y += W x: y[i] += sum_j x[j] * matrix[j * stride + i].</summary>
    public static void AccumulateColumns<T>(ReadOnlySpan<T> matrix, int stride, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(matrix.Length, stride, x.Length, y.Length);
        if (y.Length == 1 && stride == 1)
        {
            // one output (a regression head): its weights are contiguous, so a vector dot product
            // instead of one scalar FMA chain per column (BenchmarkDotNet: 10 ns for 32 columns)
            y[0] += Dot(matrix.Slice(0, x.Length), x);
            return;
        }
        ref T w = ref MemoryMarshal.GetReference(matrix);
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ys = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && y.Length >= Vector256<T>.Count) // not for Half
        {
            i = y.Length > RegisterBlockLimit
                ? AccumulateColumnGroups(ref w, stride, ref xs, x.Length, ref ys, y.Length)
                : AccumulateInRegisters(ref w, stride, ref xs, x.Length, ref ys, y.Length);
        }
        for (; i < y.Length; i++)
        {
            T sum = Unsafe.Add(ref ys, i);
            for (int j = 0; j < x.Length; j++)
            {
                sum += Unsafe.Add(ref w, j * stride + i) * Unsafe.Add(ref xs, j);
            }
            Unsafe.Add(ref ys, i) = sum;
        }
    }

    /// <summary>
    /// Small outputs (a gate vector of up to 128 floats, whose weights sit in L1): eight vectors of
    /// outputs stay in registers while every column is added in; eight independent FMA chains
    /// cover the FMA latency. Returns how many outputs it handled (whole vectors only).
    /// </summary>
    private static int AccumulateInRegisters<T>(ref T w, int stride, ref T xs, int cols, ref T ys, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count, i = 0;
        for (; i + 8 * width <= n; i += 8 * width)
        {
            Vector256<T> a0 = Vector256.LoadUnsafe(ref ys, (nuint)i);
            Vector256<T> a1 = Vector256.LoadUnsafe(ref ys, (nuint)(i + width));
            Vector256<T> a2 = Vector256.LoadUnsafe(ref ys, (nuint)(i + 2 * width));
            Vector256<T> a3 = Vector256.LoadUnsafe(ref ys, (nuint)(i + 3 * width));
            Vector256<T> a4 = Vector256.LoadUnsafe(ref ys, (nuint)(i + 4 * width));
            Vector256<T> a5 = Vector256.LoadUnsafe(ref ys, (nuint)(i + 5 * width));
            Vector256<T> a6 = Vector256.LoadUnsafe(ref ys, (nuint)(i + 6 * width));
            Vector256<T> a7 = Vector256.LoadUnsafe(ref ys, (nuint)(i + 7 * width));
            for (int j = 0; j < cols; j++)
            {
                Vector256<T> b = Vector256.Create(Unsafe.Add(ref xs, j));
                ref T column = ref Unsafe.Add(ref w, j * stride + i);
                a0 = MultiplyAdd(Vector256.LoadUnsafe(ref column), b, a0);
                a1 = MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)width), b, a1);
                a2 = MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(2 * width)), b, a2);
                a3 = MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(3 * width)), b, a3);
                a4 = MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(4 * width)), b, a4);
                a5 = MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(5 * width)), b, a5);
                a6 = MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(6 * width)), b, a6);
                a7 = MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(7 * width)), b, a7);
            }
            a0.StoreUnsafe(ref ys, (nuint)i);
            a1.StoreUnsafe(ref ys, (nuint)(i + width));
            a2.StoreUnsafe(ref ys, (nuint)(i + 2 * width));
            a3.StoreUnsafe(ref ys, (nuint)(i + 3 * width));
            a4.StoreUnsafe(ref ys, (nuint)(i + 4 * width));
            a5.StoreUnsafe(ref ys, (nuint)(i + 5 * width));
            a6.StoreUnsafe(ref ys, (nuint)(i + 6 * width));
            a7.StoreUnsafe(ref ys, (nuint)(i + 7 * width));
        }
        for (; i + 2 * width <= n; i += 2 * width)
        {
            Vector256<T> a0 = Vector256.LoadUnsafe(ref ys, (nuint)i);
            Vector256<T> a1 = Vector256.LoadUnsafe(ref ys, (nuint)(i + width));
            for (int j = 0; j < cols; j++)
            {
                Vector256<T> b = Vector256.Create(Unsafe.Add(ref xs, j));
                ref T column = ref Unsafe.Add(ref w, j * stride + i);
                a0 = MultiplyAdd(Vector256.LoadUnsafe(ref column), b, a0);
                a1 = MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)width), b, a1);
            }
            a0.StoreUnsafe(ref ys, (nuint)i);
            a1.StoreUnsafe(ref ys, (nuint)(i + width));
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
        return i;
    }

    /// <summary>
    /// Large outputs (weights from L2): four columns at a time, each read front to back, added into
    /// the outputs, which stay in L1. The matrix is read once, as four sequential streams.
    /// Returns how many outputs it handled (whole vectors only).
    /// </summary>
    internal static int AccumulateColumnGroups<T>(ref T w, int stride, ref T xs, int cols, ref T ys, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        int vectorEnd = n - n % width;
        int j = 0;
        for (; j + 4 <= cols; j += 4)
        {
            Vector256<T> b0 = Vector256.Create(Unsafe.Add(ref xs, j));
            Vector256<T> b1 = Vector256.Create(Unsafe.Add(ref xs, j + 1));
            Vector256<T> b2 = Vector256.Create(Unsafe.Add(ref xs, j + 2));
            Vector256<T> b3 = Vector256.Create(Unsafe.Add(ref xs, j + 3));
            ref T c0 = ref Unsafe.Add(ref w, j * stride);
            ref T c1 = ref Unsafe.Add(ref c0, stride);
            ref T c2 = ref Unsafe.Add(ref c1, stride);
            ref T c3 = ref Unsafe.Add(ref c2, stride);
            for (int i = 0; i < vectorEnd; i += width)
            {
                Vector256<T> a = Vector256.LoadUnsafe(ref ys, (nuint)i);
                a = MultiplyAdd(Vector256.LoadUnsafe(ref c0, (nuint)i), b0, a);
                a = MultiplyAdd(Vector256.LoadUnsafe(ref c1, (nuint)i), b1, a);
                a = MultiplyAdd(Vector256.LoadUnsafe(ref c2, (nuint)i), b2, a);
                a = MultiplyAdd(Vector256.LoadUnsafe(ref c3, (nuint)i), b3, a);
                a.StoreUnsafe(ref ys, (nuint)i);
            }
        }
        for (; j < cols; j++)
        {
            Vector256<T> b = Vector256.Create(Unsafe.Add(ref xs, j));
            ref T c = ref Unsafe.Add(ref w, j * stride);
            for (int i = 0; i < vectorEnd; i += width)
            {
                MultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)i), b, Vector256.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref ys, (nuint)i);
            }
        }
        return vectorEnd;
    }

    /// <summary>
    /// sum_i a[i] b[i] over equal lengths. Single precision with Vector256 inlines one vector loop
    /// and a horizontal sum: a streaming step's head is a dot product of H (often 8 to 64) values,
    /// where the library's TensorPrimitives.Dot spent 11-14% of a GRU 1->8 step (perf) in its
    /// general setup. Otherwise TensorPrimitives.Dot.
    /// </summary>
    public static T Dot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"A dot product needs equal lengths; got {a.Length} and {b.Length}.", nameof(b));
        }
        if (typeof(T) != typeof(float) || !Vector256.IsHardwareAccelerated || a.Length < 8)
        {
            return TensorPrimitives.Dot(a, b);
        }
        ref float x = ref FloatSpan.Ref(a), y = ref FloatSpan.Ref(b);
        Vector256<float> sum = Vector256<float>.Zero;
        int i = 0;
        for (; i + 8 <= a.Length; i += 8)
        {
            sum = MultiplyAdd(Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref y, (nuint)i), sum);
        }
        float total = Vector256.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += Unsafe.Add(ref x, i) * Unsafe.Add(ref y, i);
        }
        return Unsafe.As<float, T>(ref total);
    }

    /// <summary>dx += W^T dy: dx[j] += sum_i matrix[j * stride + i] * dy[i].</summary>
    public static void AccumulateRowDots<T>(ReadOnlySpan<T> matrix, int stride, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(matrix.Length, stride, dx.Length, dy.Length);
        if (dy.Length == 1 && stride == 1)
        {
            // one output (a regression head): dx += dy[0] * w, one vector pass instead of a dot product per row
            TensorPrimitives.MultiplyAdd(matrix.Slice(0, dx.Length), dy[0], dx, dx);
            return;
        }
        int j = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && dy.Length >= Vector256<T>.Count)
        {
            j = RowDotsFourAtATime(ref MemoryMarshal.GetReference(matrix), stride, ref MemoryMarshal.GetReference(dy), dy.Length, ref MemoryMarshal.GetReference(dx), dx.Length);
        }
        for (; j < dx.Length; j++)
        {
            dx[j] += TensorPrimitives.Dot(matrix.Slice(j * stride, dy.Length), dy);
        }
    }

    /// <summary>
    /// Four rows per pass over dy: four independent FMA chains, and each dy vector loaded once for
    /// all four, instead of one library dot product (and its call) per row. Returns how many rows
    /// it handled.
    /// </summary>
    private static int RowDotsFourAtATime<T>(ref T w, int stride, ref T dy, int n, ref T dx, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count, vectorEnd = n - n % width, j = 0;
        for (; j + 4 <= rows; j += 4)
        {
            ref T r0 = ref Unsafe.Add(ref w, j * stride);
            ref T r1 = ref Unsafe.Add(ref r0, stride);
            ref T r2 = ref Unsafe.Add(ref r1, stride);
            ref T r3 = ref Unsafe.Add(ref r2, stride);
            Vector256<T> a0 = Vector256<T>.Zero, a1 = Vector256<T>.Zero, a2 = Vector256<T>.Zero, a3 = Vector256<T>.Zero;
            for (int i = 0; i < vectorEnd; i += width)
            {
                Vector256<T> d = Vector256.LoadUnsafe(ref dy, (nuint)i);
                a0 = MultiplyAdd(Vector256.LoadUnsafe(ref r0, (nuint)i), d, a0);
                a1 = MultiplyAdd(Vector256.LoadUnsafe(ref r1, (nuint)i), d, a1);
                a2 = MultiplyAdd(Vector256.LoadUnsafe(ref r2, (nuint)i), d, a2);
                a3 = MultiplyAdd(Vector256.LoadUnsafe(ref r3, (nuint)i), d, a3);
            }
            T s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
            for (int i = vectorEnd; i < n; i++)
            {
                T d = Unsafe.Add(ref dy, i);
                s0 += Unsafe.Add(ref r0, i) * d;
                s1 += Unsafe.Add(ref r1, i) * d;
                s2 += Unsafe.Add(ref r2, i) * d;
                s3 += Unsafe.Add(ref r3, i) * d;
            }
            Unsafe.Add(ref dx, j) += s0;
            Unsafe.Add(ref dx, j + 1) += s1;
            Unsafe.Add(ref dx, j + 2) += s2;
            Unsafe.Add(ref dx, j + 3) += s3;
        }
        return j;
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

    /// <summary>
    /// a * b + c, fused where the hardware has FMA, on every target framework (so .NET 8 and later
    /// round the same way), and never the slow software FMA where it has not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<T> MultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(float))
            {
                return Fma.MultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
            }
            if (typeof(T) == typeof(double))
            {
                return Fma.MultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
            }
        }
        return a * b + c;
    }

    /// <summary>a * b + c with one rounding, on AVX-512 hardware (callers test Vector512.IsHardwareAccelerated).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Avx512F.FusedMultiplyAdd(a, b, c);

    /// <summary>The one check that keeps the unchecked loads above inside the matrix (inlined; the throw is a helper).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckShape(int matrixLength, int stride, int columns, int rows)
    {
        if (rows > stride || (columns > 0 && (long)(columns - 1) * stride + rows > matrixLength))
        {
            ThrowShape(matrixLength, stride, columns, rows);
        }
    }

    [DoesNotReturn]
    private static void ThrowShape(int matrixLength, int stride, int columns, int rows) =>
        throw new ArgumentException(
            $"A matrix of {columns} columns of {rows} values with stride {stride} needs {(long)(columns - 1) * stride + rows} elements, but has {matrixLength}.");
}
