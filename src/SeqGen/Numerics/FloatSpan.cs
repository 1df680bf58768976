using System;
using System.Runtime.InteropServices;

namespace SeqGen.Numerics;

/// <summary>The first element of a span of T as a float reference, for the single-precision vector paths (T is float there).</summary>
internal static class FloatSpan
{
    public static ref float Ref<T>(ReadOnlySpan<T> span) where T : unmanaged =>
        ref MemoryMarshal.GetReference(MemoryMarshal.Cast<T, float>(span));

    public static ref float Ref<T>(Span<T> span) where T : unmanaged =>
        ref MemoryMarshal.GetReference(MemoryMarshal.Cast<T, float>(span));
}
