using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// Sigmoid and tanh over spans. Double precision uses <see cref="TensorPrimitives"/> for sigmoid
/// and Math.Tanh for tanh (both within a few ulp). Single precision with Vector256 hardware uses a Cephes-style polynomial
/// exp and tanh with fused multiply-adds (coefficients in <see cref="ActivationConstants"/>); its error against the exact
/// functions (tested over a dense grid of [-30, 30] and beyond) is at most 2.5e-7 relative for
/// sigmoid at x &gt;= -87 (below, where sigmoid leaves float's normal range, 1e-37 absolute) and
/// 2.5e-7 absolute for tanh (4e-7 relative for |x| &gt;= 1e-3).
/// </summary>
public static class Activations
{
    /// <summary>1 / (1 + exp(-x)) for one value (cells that compute element by element).</summary>
    public static T Sigmoid<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-x));

    /// <summary>destination = 1 / (1 + exp(-source)); the spans may be the same.</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated)
        {
            SigmoidSingle(MemoryMarshal.Cast<T, float>(source), MemoryMarshal.Cast<T, float>(destination));
            return;
        }
        TensorPrimitives.Sigmoid(source, destination);
    }

    /// <summary>destination = tanh(source); the spans may be the same.</summary>
    public static void Tanh<T>(ReadOnlySpan<T> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated)
        {
            TanhSingle(MemoryMarshal.Cast<T, float>(source), MemoryMarshal.Cast<T, float>(destination));
            return;
        }
        // Not TensorPrimitives.Tanh: in System.Numerics.Tensors 10.0.0 its double version loses
        // accuracy near zero (tanh(1e-10) off by 8e-8 relative, tanh(1e-30) = -0), which the
        // 1e-9 double-precision contract cannot afford. Math.Tanh is correctly rounded or nearly.
        CheckLengths(source.Length, destination.Length);
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = T.Tanh(source[i]);
        }
    }

    /// <summary>Sigmoid of 8 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Sigmoid(x, ref ActivationConstants.Values);

    /// <summary>Tanh of 8 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x) => Tanh(x, ref ActivationConstants.Values);

    /// <summary>exp of 8 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x) => Exp(x, ref ActivationConstants.Values);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Sigmoid(Vector256<float> x, ref ActivationConstants k) =>
        k.One / (k.One + Exp(-x, ref k));

    /// <summary>
    /// An odd polynomial for |x| &lt; 0.625 (no cancellation near 0), else 1 - 2 / (exp(2|x|) + 1)
    /// with the sign of x restored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Tanh(Vector256<float> x, ref ActivationConstants k)
    {
        Vector256<float> magnitude = Vector256.Abs(x);
        Vector256<float> z = x * x;
        Vector256<float> p = LinearAlgebra.MultiplyAdd(k.Tanh0, z, k.Tanh1);
        p = LinearAlgebra.MultiplyAdd(p, z, k.Tanh2);
        p = LinearAlgebra.MultiplyAdd(p, z, k.Tanh3);
        p = LinearAlgebra.MultiplyAdd(p, z, k.Tanh4);
        Vector256<float> small = LinearAlgebra.MultiplyAdd(p * z, x, x);
        Vector256<float> large = k.One - k.Two / (Exp(magnitude + magnitude, ref k) + k.One);
        large = Vector256.ConditionalSelect(Vector256.Create(-0f), x, large); // copy the sign of x
        return Vector256.ConditionalSelect(Vector256.LessThan(magnitude, k.TanhSmall), small, large);
    }

    /// <summary>
    /// Cephes expf: x = n ln2 + r with |r| &lt;= ln2/2, exp(r) by a polynomial, times 2^n built in
    /// the exponent bits. Inputs are clamped to [-87.3, 88.3] so 2^n stays a normal float; a NaN
    /// passes the clamp (the native min/max return their second operand for NaN) and stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Exp(Vector256<float> x, ref ActivationConstants k)
    {
#if NET9_0_OR_GREATER
        x = Vector256.MinNative(k.ExpHigh, Vector256.MaxNative(k.ExpLow, x));
#else
        x = Vector256.Min(k.ExpHigh, Vector256.Max(k.ExpLow, x)); // .NET 8's are the native ones
#endif
        Vector256<float> shifted = LinearAlgebra.MultiplyAdd(x, k.Log2E, k.RoundingMagic);
        Vector256<float> n = shifted - k.RoundingMagic;
        Vector256<float> r = LinearAlgebra.MultiplyAdd(n, -k.Ln2High, x);
        r = LinearAlgebra.MultiplyAdd(n, -k.Ln2Low, r);
        Vector256<float> p = LinearAlgebra.MultiplyAdd(k.Exp0, r, k.Exp1);
        p = LinearAlgebra.MultiplyAdd(p, r, k.Exp2);
        p = LinearAlgebra.MultiplyAdd(p, r, k.Exp3);
        p = LinearAlgebra.MultiplyAdd(p, r, k.Exp4);
        p = LinearAlgebra.MultiplyAdd(p, r, k.Exp5);
        p = LinearAlgebra.MultiplyAdd(p, r * r, r + k.One);
        Vector256<int> exponent = (shifted.AsInt32() + k.ExponentBias.AsInt32()) << 23;
        return p * exponent.AsSingle();
    }

    private static void SigmoidSingle(ReadOnlySpan<float> source, Span<float> destination) =>
        Apply<SigmoidFunction>(source, destination);

    private static void TanhSingle(ReadOnlySpan<float> source, Span<float> destination) =>
        Apply<TanhFunction>(source, destination);

    /// <summary>One vector function over a span, 8 floats at a time, the tail padded.</summary>
    private static void Apply<TFunction>(ReadOnlySpan<float> source, Span<float> destination)
        where TFunction : struct, IVectorFunction
    {
        CheckLengths(source.Length, destination.Length);
        int i = ApplyVectors<TFunction>(ref MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(destination), source.Length, ref ActivationConstants.Values);
        if (i < source.Length)
        {
            TFunction.Invoke(Tail(source, i), ref ActivationConstants.Values).StoreTail(destination, i);
        }
    }

    // Not inlined, with the coefficients as a parameter, for the reason given at LstmCell.ForwardBlocks.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ApplyVectors<TFunction>(ref float s, ref float d, int length, ref ActivationConstants k)
        where TFunction : struct, IVectorFunction
    {
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            TFunction.Invoke(Vector256.LoadUnsafe(ref s, (nuint)i), ref k).StoreUnsafe(ref d, (nuint)i);
        }
        return i;
    }

    private interface IVectorFunction
    {
        static abstract Vector256<float> Invoke(Vector256<float> x, ref ActivationConstants k);
    }

    private readonly struct SigmoidFunction : IVectorFunction
    {
        public static Vector256<float> Invoke(Vector256<float> x, ref ActivationConstants k) => Sigmoid(x, ref k);
    }

    private readonly struct TanhFunction : IVectorFunction
    {
        public static Vector256<float> Invoke(Vector256<float> x, ref ActivationConstants k) => Tanh(x, ref k);
    }

    /// <summary>The last 1..7 elements, zero-padded to a vector.</summary>
    private static Vector256<float> Tail(ReadOnlySpan<float> source, int start)
    {
        Span<float> padded = stackalloc float[8];
        padded.Clear();
        source.Slice(start).CopyTo(padded);
        return Vector256.Create<float>(padded);
    }

    private static void StoreTail(this Vector256<float> value, Span<float> destination, int start)
    {
        Span<float> padded = stackalloc float[8];
        value.CopyTo(padded);
        padded.Slice(0, destination.Length - start).CopyTo(destination.Slice(start));
    }

    private static void CheckLengths(int source, int destination)
    {
        if (source != destination)
        {
            throw new ArgumentException($"destination has length {destination}, but source has length {source}.", nameof(destination));
        }
    }
}
