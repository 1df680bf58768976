using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SeqGen.Numerics;

/// <summary>
/// Weight matrices kept in IEEE half precision for <c>WeightStorage.Half</c> models: the copy
/// made from the float parameters, and y += W x reading it (converting 8 weights at a time to
/// float, then the same FMAs as <see cref="LinearAlgebra.AccumulateColumns{T}"/>).
/// </summary>
/// <remarks>
/// .NET 10 exposes no F16C conversion instruction, so a vector of 8 halves is widened with sign
/// extension, shifted into a float's exponent and mantissa fields, masked, and scaled by 2^112
/// (exact for normal and subnormal halves): four vector operations per 8 weights.
/// </remarks>
public static class HalfWeights
{
    private const float LargestHalf = 65504f;

    /// <summary>
    /// Rounds <paramref name="source"/> to half precision (nearest, ties to even) into
    /// <paramref name="destination"/>; magnitudes above 65504 saturate to ±65504.
    /// </summary>
    /// <exception cref="InvalidOperationException">A weight is NaN or infinite (nothing is written).</exception>
    public static void Store(ReadOnlySpan<float> source, Span<Half> destination)
    {
        if (destination.Length != source.Length)
        {
            throw new ArgumentException($"destination has {destination.Length} elements, but source has {source.Length}.", nameof(destination));
        }
        for (int i = 0; i < source.Length; i++)
        {
            if (!float.IsFinite(source[i]))
            {
                throw new InvalidOperationException(
                    $"Weight {i} of a matrix is {source[i]}: a half-precision copy needs finite weights (WeightStorage.Half). Set finite parameters before calling Step.");
            }
        }
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = (Half)Math.Clamp(source[i], -LargestHalf, LargestHalf);
        }
    }

    /// <summary>y += W x for an input-major half matrix: y[i] += sum_j x[j] * (float)matrix[j * stride + i].</summary>
    public static void AccumulateColumns(ReadOnlySpan<Half> matrix, int stride, ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length > stride || (x.Length > 0 && (long)(x.Length - 1) * stride + y.Length > matrix.Length))
        {
            throw new ArgumentException(
                $"A matrix of {x.Length} columns of {y.Length} values with stride {stride} needs {(long)(x.Length - 1) * stride + y.Length} elements, but has {matrix.Length}.");
        }
        ref short w = ref Unsafe.As<Half, short>(ref MemoryMarshal.GetReference(matrix));
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Avx2.IsSupported)
        {
            for (; i + 32 <= y.Length; i += 32)
            {
                Vector256<float> a0 = Vector256.LoadUnsafe(ref ys, (nuint)i);
                Vector256<float> a1 = Vector256.LoadUnsafe(ref ys, (nuint)i + 8);
                Vector256<float> a2 = Vector256.LoadUnsafe(ref ys, (nuint)i + 16);
                Vector256<float> a3 = Vector256.LoadUnsafe(ref ys, (nuint)i + 24);
                for (int j = 0; j < x.Length; j++)
                {
                    ref short column = ref Unsafe.Add(ref w, (nint)j * stride + i);
                    Vector256<float> xj = Vector256.Create(Unsafe.Add(ref xs, j));
                    a0 = LinearAlgebra.MultiplyAdd(Widen(ref column), xj, a0);
                    a1 = LinearAlgebra.MultiplyAdd(Widen(ref Unsafe.Add(ref column, 8)), xj, a1);
                    a2 = LinearAlgebra.MultiplyAdd(Widen(ref Unsafe.Add(ref column, 16)), xj, a2);
                    a3 = LinearAlgebra.MultiplyAdd(Widen(ref Unsafe.Add(ref column, 24)), xj, a3);
                }
                a0.StoreUnsafe(ref ys, (nuint)i);
                a1.StoreUnsafe(ref ys, (nuint)i + 8);
                a2.StoreUnsafe(ref ys, (nuint)i + 16);
                a3.StoreUnsafe(ref ys, (nuint)i + 24);
            }
            for (; i + 8 <= y.Length; i += 8)
            {
                Vector256<float> a0 = Vector256.LoadUnsafe(ref ys, (nuint)i);
                for (int j = 0; j < x.Length; j++)
                {
                    a0 = LinearAlgebra.MultiplyAdd(Widen(ref Unsafe.Add(ref w, (nint)j * stride + i)), Vector256.Create(Unsafe.Add(ref xs, j)), a0);
                }
                a0.StoreUnsafe(ref ys, (nuint)i);
            }
        }
        for (; i < y.Length; i++)
        {
            float sum = Unsafe.Add(ref ys, i);
            for (int j = 0; j < x.Length; j++)
            {
                sum += (float)BitConverter.Int16BitsToHalf(Unsafe.Add(ref w, (nint)j * stride + i)) * Unsafe.Add(ref xs, j);
            }
            Unsafe.Add(ref ys, i) = sum;
        }
    }

    /// <summary>
    /// 8 halves to 8 floats: sign-extended to 32 bits and shifted left by 13, a half's sign lands on
    /// bit 31 and its exponent and mantissa on the float's low exponent and mantissa bits; the mask
    /// clears the three sign copies between them, and 2^112 rebiases the exponent (15 to 127).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Widen(ref short halves)
    {
        Vector256<int> wide = Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref halves));
        Vector256<int> bits = Avx2.ShiftLeftLogical(wide, 13) & Vector256.Create(unchecked((int)0x8FFFE000));
        return bits.AsSingle() * Vector256.Create(5.192297E+33f); // 2^112
    }
}
