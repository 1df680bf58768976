using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// Weight matrices kept as bfloat16 (a float's top 16 bits: its sign, its 8 exponent bits and 7 of
/// its 23 mantissa bits) for <c>WeightStorage.BFloat16</c> models, and y += W x reading them.
/// </summary>
/// <remarks>
/// Decoding a bfloat16 is a 16-bit shift, so the copy is laid out to need nothing else: within each
/// column, outputs i..i+15 of a block of 16 are stored as 8 pairs, output i+k in the low half of a
/// 32-bit word and output i+8+k in the high half. A shift left by 16 gives outputs i..i+7 as floats,
/// a mask gives i+8..i+15: one load and two integer operations per 16 weights.
/// <para>
/// The rows are cut into the product's row blocks (64 rows while they last, then at most one of 32
/// and one of 16, then the last rows % 16 one at a time), and each block stores all its columns one
/// after another. So a block's pass over the columns reads one contiguous run of memory, which the
/// hardware prefetcher follows; with column-major storage each pass read 128 bytes at a stride of a
/// whole column (512 bytes for an LSTM of H = 64) across the matrix.
/// </para>
/// </remarks>
public static class BFloat16Weights
{
    /// <summary>
    /// Rounds an input-major matrix (<paramref name="source"/>[j * rows + i]) to bfloat16 (nearest,
    /// ties to even; magnitudes that would round past float's largest value are truncated instead)
    /// into <paramref name="destination"/> in the block layout above.
    /// </summary>
    /// <exception cref="InvalidOperationException">A weight is NaN or infinite (nothing is written).</exception>
    public static void Store(ReadOnlySpan<float> source, int rows, Span<ushort> destination)
    {
        if (rows <= 0 || source.Length % rows != 0 || destination.Length != source.Length)
        {
            throw new ArgumentException($"A matrix of {source.Length} weights in columns of {rows} needs a destination of the same length, but has {destination.Length}.", nameof(destination));
        }
        CheckFinite(source);
        int columns = source.Length / rows;
        for (int column = 0; column < columns; column++)
        {
            for (int i = 0; i < rows; i++)
            {
                destination[Position(i, column, rows, columns)] = Round(source[column * rows + i]);
            }
        }
    }

    /// <summary>Where weight (row <paramref name="i"/>, column <paramref name="j"/>) of a rows x columns matrix sits in the copy.</summary>
    internal static int Position(int i, int j, int rows, int columns)
    {
        (int first, int stride) = RowAddress(i, rows, columns);
        return first + j * stride;
    }

    /// <summary>Where row <paramref name="i"/>'s weight of column 0 sits, and how far apart its columns are.</summary>
    private static (int First, int Stride) RowAddress(int i, int rows, int columns)
    {
        int blocked = rows - rows % 16;
        if (i >= blocked)
        {
            return (blocked * columns + (i - blocked), rows - blocked);
        }
        (int start, int size) = Block(i, blocked);
        int k = i - start;
        return (start * columns + (k / 16) * 16 + (k % 16 % 8) * 2 + k % 16 / 8, size);
    }

    /// <summary>The row block holding row <paramref name="i"/> (&lt; <paramref name="blocked"/>): blocks of 64, then one of 32, then one of 16, as the product walks them.</summary>
    private static (int Start, int Size) Block(int i, int blocked)
    {
        int sixtyFours = blocked - blocked % 64;
        if (i < sixtyFours)
        {
            return (i - i % 64, 64);
        }
        if (blocked - sixtyFours >= 32 && i < sixtyFours + 32)
        {
            return (sixtyFours, 32);
        }
        return (blocked - 16, 16);
    }

    /// <summary>Throws, before anything is written, if a weight is NaN or infinite.</summary>
    internal static void CheckFinite(ReadOnlySpan<float> source)
    {
        for (int i = 0; i < source.Length; i++)
        {
            if (!float.IsFinite(source[i]))
            {
                throw new InvalidOperationException(
                    $"Weight {i} of a matrix is {source[i]}: a bfloat16 copy needs finite weights (WeightStorage.BFloat16). Set finite parameters before calling Step.");
            }
        }
    }

    /// <summary>float to bfloat16, nearest with ties to even.</summary>
    internal static ushort Round(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        uint rounded = (bits + 0x7FFFu + ((bits >> 16) & 1)) >> 16;
        return (rounded & 0x7F80) == 0x7F80 ? (ushort)(bits >> 16) : (ushort)rounded; // never round a finite weight up to infinity
    }

    /// <summary>
    /// Adds x times 16 weights stored as 8 pairs (see the remarks): a shift left by 16 decodes the
    /// low halves, added into <paramref name="low"/>; a mask the high halves, into <paramref name="high"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AddPairs(Vector256<uint> pairs, Vector256<float> x, ref Vector256<float> low, ref Vector256<float> high)
    {
        low = LinearAlgebra.MultiplyAdd(Vector256.ShiftLeft(pairs, 16).AsSingle(), x, low);
        high = LinearAlgebra.MultiplyAdd((pairs & Vector256.Create(0xFFFF0000u)).AsSingle(), x, high);
    }

    /// <summary><see cref="AddPairs(Vector256{uint}, Vector256{float}, ref Vector256{float}, ref Vector256{float})"/> on 16 pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AddPairs(Vector512<uint> pairs, Vector512<float> x, ref Vector512<float> low, ref Vector512<float> high)
    {
        low = LinearAlgebra.MultiplyAdd(Vector512.ShiftLeft(pairs, 16).AsSingle(), x, low);
        high = LinearAlgebra.MultiplyAdd((pairs & Vector512.Create(0xFFFF0000u)).AsSingle(), x, high);
    }

    /// <summary>The float a bfloat16 stands for.</summary>
    public static float Widen(ushort value) => BitConverter.UInt32BitsToSingle((uint)value << 16);

    /// <summary>
    /// y += W x for a bfloat16 copy made by <see cref="Store"/> with <paramref name="y"/>.Length rows
    /// per column; <paramref name="stride"/> must equal that length (the copy's blocks span every
    /// row; the parameter keeps the call shaped like the float kernel's).
    /// </summary>
    public static void AccumulateColumns(ReadOnlySpan<ushort> matrix, int stride, ReadOnlySpan<float> x, Span<float> y)
    {
        int rows = y.Length;
        if (stride != rows || (long)x.Length * rows != matrix.Length)
        {
            throw new ArgumentException($"A bfloat16 matrix of {x.Length} columns of {rows} values (stride {stride}, which must equal the column length) needs {(long)x.Length * rows} elements, but has {matrix.Length}.");
        }
        ref ushort w = ref MemoryMarshal.GetReference(matrix);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        int columns = x.Length;
        int blocked = rows - rows % 16;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Eight accumulators where there are 64 rows: eight FMA chains cover the FMA latency,
            // which four left exposed (each column's four FMAs waited on the previous column's).
            for (; i + 64 <= blocked; i += 64)
            {
                Vector256<float> a0 = Vector256.LoadUnsafe(ref ys, (nuint)i);
                Vector256<float> a1 = Vector256.LoadUnsafe(ref ys, (nuint)i + 8);
                Vector256<float> a2 = Vector256.LoadUnsafe(ref ys, (nuint)i + 16);
                Vector256<float> a3 = Vector256.LoadUnsafe(ref ys, (nuint)i + 24);
                Vector256<float> a4 = Vector256.LoadUnsafe(ref ys, (nuint)i + 32);
                Vector256<float> a5 = Vector256.LoadUnsafe(ref ys, (nuint)i + 40);
                Vector256<float> a6 = Vector256.LoadUnsafe(ref ys, (nuint)i + 48);
                Vector256<float> a7 = Vector256.LoadUnsafe(ref ys, (nuint)i + 56);
                // the block's columns follow one another: step a reference through them
                ref uint pairs = ref Unsafe.As<ushort, uint>(ref Unsafe.Add(ref w, (nint)i * columns));
                for (int j = 0; j < columns; j++, pairs = ref Unsafe.Add(ref pairs, 32))
                {
                    Vector256<uint> p0 = Vector256.LoadUnsafe(ref pairs);
                    Vector256<uint> p1 = Vector256.LoadUnsafe(ref pairs, 8);
                    Vector256<uint> p2 = Vector256.LoadUnsafe(ref pairs, 16);
                    Vector256<uint> p3 = Vector256.LoadUnsafe(ref pairs, 24);
                    Vector256<float> xj = Vector256.Create(Unsafe.Add(ref xs, j));
                    AddPairs(p0, xj, ref a0, ref a1);
                    AddPairs(p1, xj, ref a2, ref a3);
                    AddPairs(p2, xj, ref a4, ref a5);
                    AddPairs(p3, xj, ref a6, ref a7);
                }
                a0.StoreUnsafe(ref ys, (nuint)i);
                a1.StoreUnsafe(ref ys, (nuint)i + 8);
                a2.StoreUnsafe(ref ys, (nuint)i + 16);
                a3.StoreUnsafe(ref ys, (nuint)i + 24);
                a4.StoreUnsafe(ref ys, (nuint)i + 32);
                a5.StoreUnsafe(ref ys, (nuint)i + 40);
                a6.StoreUnsafe(ref ys, (nuint)i + 48);
                a7.StoreUnsafe(ref ys, (nuint)i + 56);
            }
            for (; i + 32 <= blocked; i += 32)
            {
                Vector256<float> a0 = Vector256.LoadUnsafe(ref ys, (nuint)i);
                Vector256<float> a1 = Vector256.LoadUnsafe(ref ys, (nuint)i + 8);
                Vector256<float> a2 = Vector256.LoadUnsafe(ref ys, (nuint)i + 16);
                Vector256<float> a3 = Vector256.LoadUnsafe(ref ys, (nuint)i + 24);
                // the block's columns follow one another: step a reference through them
                ref uint pairs = ref Unsafe.As<ushort, uint>(ref Unsafe.Add(ref w, (nint)i * columns));
                for (int j = 0; j < columns; j++, pairs = ref Unsafe.Add(ref pairs, 16))
                {
                    Vector256<uint> p0 = Vector256.LoadUnsafe(ref pairs);
                    Vector256<uint> p1 = Vector256.LoadUnsafe(ref pairs, 8);
                    Vector256<float> xj = Vector256.Create(Unsafe.Add(ref xs, j));
                    AddPairs(p0, xj, ref a0, ref a1);
                    AddPairs(p1, xj, ref a2, ref a3);
                }
                a0.StoreUnsafe(ref ys, (nuint)i);
                a1.StoreUnsafe(ref ys, (nuint)i + 8);
                a2.StoreUnsafe(ref ys, (nuint)i + 16);
                a3.StoreUnsafe(ref ys, (nuint)i + 24);
            }
            for (; i + 16 <= blocked; i += 16)
            {
                Vector256<float> a0 = Vector256.LoadUnsafe(ref ys, (nuint)i);
                Vector256<float> a1 = Vector256.LoadUnsafe(ref ys, (nuint)i + 8);
                ref uint pairs = ref Unsafe.As<ushort, uint>(ref Unsafe.Add(ref w, (nint)i * columns));
                for (int j = 0; j < columns; j++, pairs = ref Unsafe.Add(ref pairs, 8))
                {
                    Vector256<uint> p0 = Vector256.LoadUnsafe(ref pairs);
                    Vector256<float> xj = Vector256.Create(Unsafe.Add(ref xs, j));
                    AddPairs(p0, xj, ref a0, ref a1);
                }
                a0.StoreUnsafe(ref ys, (nuint)i);
                a1.StoreUnsafe(ref ys, (nuint)i + 8);
            }
        }
        for (; i < rows; i++)
        {
            float sum = Unsafe.Add(ref ys, i);
            (int first, int step) = RowAddress(i, rows, columns);
            for (int j = 0; j < columns; j++)
            {
                sum += Widen(Unsafe.Add(ref w, first + j * step)) * Unsafe.Add(ref xs, j);
            }
            Unsafe.Add(ref ys, i) = sum;
        }
    }
}
