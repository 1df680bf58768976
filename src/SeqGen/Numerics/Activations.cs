using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// Sigmoid and tanh over spans. Double precision uses <see cref="TensorPrimitives"/> for sigmoid
/// and Math.Tanh for tanh (both within a few ulp). Single precision with Vector256 hardware uses a
/// rational tanh with fused multiply-adds, and sigmoid through it (coefficients in
/// <see cref="ActivationConstants"/>), chosen for latency, which bounds a streaming step. Their
/// error against the exact functions (tested over a dense grid of [-30, 30] and beyond): tanh at
/// most 3.5e-7 absolute and relative; sigmoid at most 2e-7 absolute everywhere and 2e-7 relative
/// for x &gt;= 0. For x &lt; 0 its relative error grows as sigmoid shrinks (about 4e-6 at -5, 2e-4 at
/// -10, 3% at -15, and 0 or twice the true value below about -16.8), which gates and gradients,
/// working in absolute terms, do not notice; nothing should take its logarithm.
/// Both stay within their ranges ([-1, 1] and [0, 1]); NaN stays NaN.
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

    /// <summary>
    /// sigmoid(x) = (1 + tanh(x / 2)) / 2, with tanh(x / 2) as the rational function below with its
    /// coefficients rescaled for x (<see cref="ActivationConstants"/>' Sigmoid* fields: P_k / (2 4^k)
    /// and Q_k / 4^k, the clamp at +-19). Every rescaling is by a power of two, so each intermediate
    /// is the tanh form's exactly scaled and the result is the same bits as
    /// (1 + Tanh(x / 2)) / 2 (ActivationTests), one multiplication sooner: the step's dependency chain
    /// runs through a sigmoid. Against 1 / (1 + exp(-x)), which waits on exp and a division (as a
    /// dependent chain, benchmark ActivationLatency: 26 ns against 18 ns), the cost is that the error
    /// is absolute (at most 2e-7), not relative, so for negative x the relative error grows (see the
    /// class remarks); below about -19 the result is 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Sigmoid(Vector256<float> x, ref ActivationConstants k)
    {
#if NET9_0_OR_GREATER
        x = Vector256.MinNative(k.SigmoidHigh, Vector256.MaxNative(k.SigmoidLow, x));
#else
        x = Vector256.Min(k.SigmoidHigh, Vector256.Max(k.SigmoidLow, x));
#endif
        Vector256<float> z = x * x;
        Vector256<float> z2 = z * z;
        Vector256<float> p = LinearAlgebra.MultiplyAdd(
            LinearAlgebra.MultiplyAdd(k.SigmoidP4, z2, LinearAlgebra.MultiplyAdd(k.SigmoidP3, z, k.SigmoidP2)), z2,
            LinearAlgebra.MultiplyAdd(k.SigmoidP1, z, k.SigmoidP0));
        Vector256<float> q = LinearAlgebra.MultiplyAdd(
            LinearAlgebra.MultiplyAdd(k.SigmoidQ4, z2, LinearAlgebra.MultiplyAdd(k.SigmoidQ3, z, k.SigmoidQ2)), z2,
            LinearAlgebra.MultiplyAdd(k.SigmoidQ1, z, k.One));
        Vector256<float> t = x * p / q;
#if NET9_0_OR_GREATER
        t = Vector256.MinNative(k.One, Vector256.MaxNative(k.MinusOne, t));
#else
        t = Vector256.Min(k.One, Vector256.Max(k.MinusOne, t));
#endif
        return LinearAlgebra.MultiplyAdd(k.Half, t, k.Half);
    }

    /// <summary>
    /// tanh(x) = x P(x^2) / Q(x^2), a rational minimax fit (degrees 9 over 8) on |x| &lt;= 9.5, where
    /// tanh(9.5) already rounds to 1. Its latency is what a streaming step waits on, so both
    /// polynomials are evaluated by Estrin's scheme (two FMAs deep after x^4, not four) and there is
    /// one division and no exp: 14 ns as a dependent chain against 32 ns for the exp-based form (ActivationLatency).
    /// Inputs are clamped first (a NaN passes: the native min/max return their second operand for
    /// NaN), and the result is clamped to [-1, 1], which rounding could otherwise leave by an ulp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Tanh(Vector256<float> x, ref ActivationConstants k)
    {
#if NET9_0_OR_GREATER
        x = Vector256.MinNative(k.TanhHigh, Vector256.MaxNative(k.TanhLow, x));
#else
        x = Vector256.Min(k.TanhHigh, Vector256.Max(k.TanhLow, x)); // .NET 8's are the native ones
#endif
        Vector256<float> z = x * x;
        Vector256<float> z2 = z * z;
        Vector256<float> p = LinearAlgebra.MultiplyAdd(
            LinearAlgebra.MultiplyAdd(k.TanhP4, z2, LinearAlgebra.MultiplyAdd(k.TanhP3, z, k.TanhP2)), z2,
            LinearAlgebra.MultiplyAdd(k.TanhP1, z, k.TanhP0));
        Vector256<float> q = LinearAlgebra.MultiplyAdd(
            LinearAlgebra.MultiplyAdd(k.TanhQ4, z2, LinearAlgebra.MultiplyAdd(k.TanhQ3, z, k.TanhQ2)), z2,
            LinearAlgebra.MultiplyAdd(k.TanhQ1, z, k.One));
        Vector256<float> t = x * p / q;
#if NET9_0_OR_GREATER
        return Vector256.MinNative(k.One, Vector256.MaxNative(k.MinusOne, t));
#else
        return Vector256.Min(k.One, Vector256.Max(k.MinusOne, t));
#endif
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
