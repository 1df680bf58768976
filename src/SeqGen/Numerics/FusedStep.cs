using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SeqGen.Numerics;

/// <summary>What the fused single-precision step kernels (<see cref="LstmStep"/>, <see cref="GruStep"/>) share.</summary>
internal static class FusedStep
{
    /// <summary>The first float of a span of T (T is float on the fused paths).</summary>
    public static ref float Ref<T>(ReadOnlySpan<T> span) where T : unmanaged =>
        ref MemoryMarshal.GetReference(MemoryMarshal.Cast<T, float>(span));

    /// <summary>The first float of a writable span of T.</summary>
    public static ref float Ref<T>(Span<T> span) where T : unmanaged =>
        ref MemoryMarshal.GetReference(MemoryMarshal.Cast<T, float>(span));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;
}
