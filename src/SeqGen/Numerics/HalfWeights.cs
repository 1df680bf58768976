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
/// extension, shifted into a float's exponent and mantissa fields and masked: three vector
/// operations per 8 weights. The 2^112 that completes the conversion (exact for normal and
/// subnormal halves) multiplies the input instead, once per column of each row block.
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
        // The 2^112 that rebiases a widened half's exponent goes on x[j] (once per column of a row
        // block) rather than on every vector of weights, unless some |x[j]| >= 2^16 would overflow with it. Either way
        // each product is w * x exactly, so the sums are the same bit for bit.
        if (Avx2.IsSupported && InputsBelow65536(x))
        {
            Accumulate<ScaledInputs>(matrix, stride, x, y);
        }
        else
        {
            Accumulate<ScaledWeights>(matrix, stride, x, y);
        }
    }

    /// <summary>Whether every |x[j]| &lt; 2^16 (false for a NaN), so that x[j] * 2^112 stays finite.</summary>
    private static bool InputsBelow65536(ReadOnlySpan<float> x)
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        Vector256<float> limit = Vector256.Create(65536f);
        Vector256<float> outside = Vector256<float>.Zero;
        int j = 0;
        for (; j + 8 <= x.Length; j += 8)
        {
            outside |= ~Vector256.LessThan(Vector256.Abs(Vector256.LoadUnsafe(ref xs, (nuint)j)), limit);
        }
        for (; j < x.Length; j++)
        {
            if (!(Math.Abs(Unsafe.Add(ref xs, j)) < 65536f))
            {
                return false;
            }
        }
        return outside.AsUInt32() == Vector256<uint>.Zero; // all-ones lanes mark the inputs outside
    }

    private interface IRebias
    {
        /// <summary>Whether the widened weights carry the 2^112 (else the inputs do).</summary>
        static abstract bool OnWeights { get; }
    }

    private struct ScaledInputs : IRebias
    {
        public static bool OnWeights => false;
    }

    private struct ScaledWeights : IRebias
    {
        public static bool OnWeights => true;
    }

    private const float TwoTo112 = 5.192297E+33f;

    private static void Accumulate<TRebias>(ReadOnlySpan<Half> matrix, int stride, ReadOnlySpan<float> x, Span<float> y)
        where TRebias : struct, IRebias
    {
        ref short w = ref Unsafe.As<Half, short>(ref MemoryMarshal.GetReference(matrix));
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Avx2.IsSupported)
        {
            // eight accumulators where there are 64 rows, to cover the FMA latency (as BFloat16Weights)
            for (; i + 64 <= y.Length; i += 64)
            {
                Vector256<float> a0 = Vector256.LoadUnsafe(ref ys, (nuint)i);
                Vector256<float> a1 = Vector256.LoadUnsafe(ref ys, (nuint)i + 8);
                Vector256<float> a2 = Vector256.LoadUnsafe(ref ys, (nuint)i + 16);
                Vector256<float> a3 = Vector256.LoadUnsafe(ref ys, (nuint)i + 24);
                Vector256<float> a4 = Vector256.LoadUnsafe(ref ys, (nuint)i + 32);
                Vector256<float> a5 = Vector256.LoadUnsafe(ref ys, (nuint)i + 40);
                Vector256<float> a6 = Vector256.LoadUnsafe(ref ys, (nuint)i + 48);
                Vector256<float> a7 = Vector256.LoadUnsafe(ref ys, (nuint)i + 56);
                for (int j = 0; j < x.Length; j++)
                {
                    ref short column = ref Unsafe.Add(ref w, (nint)j * stride + i);
                    Vector256<float> xj = Input<TRebias>(Unsafe.Add(ref xs, j));
                    a0 = LinearAlgebra.MultiplyAdd(Widen<TRebias>(ref column), xj, a0);
                    a1 = LinearAlgebra.MultiplyAdd(Widen<TRebias>(ref Unsafe.Add(ref column, 8)), xj, a1);
                    a2 = LinearAlgebra.MultiplyAdd(Widen<TRebias>(ref Unsafe.Add(ref column, 16)), xj, a2);
                    a3 = LinearAlgebra.MultiplyAdd(Widen<TRebias>(ref Unsafe.Add(ref column, 24)), xj, a3);
                    a4 = LinearAlgebra.MultiplyAdd(Widen<TRebias>(ref Unsafe.Add(ref column, 32)), xj, a4);
                    a5 = LinearAlgebra.MultiplyAdd(Widen<TRebias>(ref Unsafe.Add(ref column, 40)), xj, a5);
                    a6 = LinearAlgebra.MultiplyAdd(Widen<TRebias>(ref Unsafe.Add(ref column, 48)), xj, a6);
                    a7 = LinearAlgebra.MultiplyAdd(Widen<TRebias>(ref Unsafe.Add(ref column, 56)), xj, a7);
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
            for (; i + 32 <= y.Length; i += 32)
            {
                Vector256<float> a0 = Vector256.LoadUnsafe(ref ys, (nuint)i);
                Vector256<float> a1 = Vector256.LoadUnsafe(ref ys, (nuint)i + 8);
                Vector256<float> a2 = Vector256.LoadUnsafe(ref ys, (nuint)i + 16);
                Vector256<float> a3 = Vector256.LoadUnsafe(ref ys, (nuint)i + 24);
                for (int j = 0; j < x.Length; j++)
                {
                    ref short column = ref Unsafe.Add(ref w, (nint)j * stride + i);
                    Vector256<float> xj = Input<TRebias>(Unsafe.Add(ref xs, j));
                    a0 = LinearAlgebra.MultiplyAdd(Widen<TRebias>(ref column), xj, a0);
                    a1 = LinearAlgebra.MultiplyAdd(Widen<TRebias>(ref Unsafe.Add(ref column, 8)), xj, a1);
                    a2 = LinearAlgebra.MultiplyAdd(Widen<TRebias>(ref Unsafe.Add(ref column, 16)), xj, a2);
                    a3 = LinearAlgebra.MultiplyAdd(Widen<TRebias>(ref Unsafe.Add(ref column, 24)), xj, a3);
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
                    a0 = LinearAlgebra.MultiplyAdd(Widen<TRebias>(ref Unsafe.Add(ref w, (nint)j * stride + i)), Input<TRebias>(Unsafe.Add(ref xs, j)), a0);
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

    /// <summary>x[j] broadcast, times 2^112 when the weights do not carry it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Input<TRebias>(float value) where TRebias : struct, IRebias =>
        Vector256.Create(TRebias.OnWeights ? value : value * TwoTo112);

    /// <summary>
    /// 8 halves to 8 floats, 2^-112 times their value unless the weights carry the rebias:
    /// sign-extended to 32 bits and shifted left by 13, a half's sign lands on bit 31 and its
    /// exponent and mantissa on the float's low exponent and mantissa bits; the mask clears the
    /// three sign copies between them (2^112 rebiases the exponent, 15 to 127).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Widen<TRebias>(ref short halves) where TRebias : struct, IRebias
    {
        Vector256<int> wide = Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref halves));
        Vector256<float> bits = (Avx2.ShiftLeftLogical(wide, 13) & Vector256.Create(unchecked((int)0x8FFFE000))).AsSingle();
        return TRebias.OnWeights ? bits * Vector256.Create(TwoTo112) : bits;
    }
}
