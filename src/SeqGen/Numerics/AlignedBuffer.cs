using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SeqGen.Numerics;

/// <summary>
/// A fixed-length buffer whose first element sits on a 64-byte (cache-line) boundary, for the
/// parameters and gradients of generated models. The kernels read weights in 32-byte vectors; in
/// an ordinary array those start wherever the GC put the array (8-byte aligned), and every other
/// vector then spans two cache lines: measured 15-25% more cycles per LSTM and GRU step (1->32)
/// than with aligned weights (docs/performance.md).
/// </summary>
/// <remarks>
/// The storage is an array on the pinned object heap (which never moves its objects, so the
/// alignment holds for the buffer's life) with 56-62 bytes of padding, part of it before the first
/// element. Pinned-heap objects are reclaimed only by full (gen 2) collections.
/// </remarks>
public readonly struct AlignedBuffer<T> where T : unmanaged
{
    private const int Alignment = 64;

    private readonly T[] _array;
    private readonly int _start;

    private AlignedBuffer(T[] array, int start, int length)
    {
        _array = array;
        _start = start;
        Length = length;
    }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>
    /// A zeroed buffer of <paramref name="length"/> elements starting on a 64-byte boundary. That
    /// needs an element size that divides 64 (every primitive numeric type does; on a 64-bit
    /// process array data sits on 8-byte boundaries); other elements start where the array does.
    /// </summary>
    public static AlignedBuffer<T> Allocate(int length)
    {
        int size = Unsafe.SizeOf<T>();
        int padding = Alignment % size == 0 ? Alignment / size - 1 : 0;
        if (length < 0 || length > Array.MaxLength - padding)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A buffer needs between 0 and {Array.MaxLength - padding} elements.");
        }
        T[] array = GC.AllocateArray<T>(length + padding, pinned: true);
        GCHandle handle = GCHandle.Alloc(array, GCHandleType.Pinned); // the address only; the array never moves anyway
        long address = (long)handle.AddrOfPinnedObject();
        handle.Free();
        // the first element within the padding that sits on a boundary, if one does
        int start = 0;
        for (int k = 0; k <= padding; k++)
        {
            if ((address + (long)k * size) % Alignment == 0)
            {
                start = k;
                break;
            }
        }
        return new AlignedBuffer<T>(array, start, length);
    }

    /// <summary>Element <paramref name="index"/>.</summary>
    public ref T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)Length)
            {
                ThrowIndex(index, Length);
            }
            return ref Element(index);
        }
    }

    /// <summary>The whole buffer (empty for a default instance).</summary>
    public Span<T> AsSpan() => _array is null ? default : MemoryMarshal.CreateSpan(ref Element(0), Length);

    /// <summary><paramref name="length"/> elements from <paramref name="start"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> AsSpan(int start, int length)
    {
        if ((ulong)(uint)start + (uint)length > (uint)Length)
        {
            ThrowRange(start, length, Length);
        }
        if (_array is null)
        {
            ThrowDefault(); // a default instance: only (0, 0) passes the check above
        }
        // no second range check: _start + Length never exceeds the array (Allocate's invariant)
        return MemoryMarshal.CreateSpan(ref Element(start), length);
    }

    /// <summary>Element <paramref name="offset"/> past the first, unchecked (callers check).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref T Element(int offset) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), _start + offset);

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => AsSpan().Clear();

    /// <summary>The whole buffer as a span.</summary>
    public static implicit operator Span<T>(AlignedBuffer<T> buffer) => buffer.AsSpan();

    /// <summary>The whole buffer as a read-only span.</summary>
    public static implicit operator ReadOnlySpan<T>(AlignedBuffer<T> buffer) => buffer.AsSpan();

    private static void ThrowIndex(int index, int length) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"Index {index} is outside a buffer of {length} elements.");

    // A throw rather than an empty span: with one return the JIT keeps a constant length constant
    // (so a one-element CopyTo stays a move, not a Memmove call, in a generated Step).
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowDefault() =>
        throw new InvalidOperationException("This AlignedBuffer is a default instance, with no storage: create buffers with AlignedBuffer<T>.Allocate.");

    private static void ThrowRange(int start, int length, int bufferLength) =>
        throw new ArgumentOutOfRangeException(nameof(start), $"{length} elements from {start} do not fit in a buffer of {bufferLength} elements.");
}
