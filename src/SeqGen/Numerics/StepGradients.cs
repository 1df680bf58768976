using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// A layer's weight and bias gradients over a whole chunk at once, from the gate gradients of
/// every step (kept by the backward loop): dW += sum_s a_s dPre_s^T as one product over the steps
/// instead of an outer product per step. Per step, the gradient matrix would be read and written
/// whole (from L2 once it outgrows L1); here each block of it stays in registers while the steps
/// stream past.
/// </summary>
public static class StepGradients
{
    /// <summary>
    /// gradient[r * columns + g] += sum over s of a[s', r] * d[s, g], where a is [steps][rows]
    /// (the inputs or previous states, in time order), d is [steps][columns] (the gate gradients,
    /// in the backward loop's order), and s' = s, or steps - 1 - s when <paramref name="reverseInputs"/>
    /// (a reverse direction's step s reads the input at time steps - 1 - s). The gradient matrix is
    /// input-major, like the weights.
    /// </summary>
    public static void AccumulateWeights<T>(Span<T> gradient, ReadOnlySpan<T> a, int rows, ReadOnlySpan<T> d, int columns, int steps, bool reverseInputs)
        where T : unmanaged, IFloatingPointIeee754<T>
        => AccumulateWeights(gradient, columns, a, rows, d, columns, columns, steps, reverseInputs);

    /// <summary>
    /// The same for a block of columns: the gradient's rows are <paramref name="gradientStride"/>
    /// apart and d's <paramref name="dStride"/> apart, and only the first <paramref name="columns"/>
    /// of each are used (a GRU's recurrent n rows take another gate gradient than its r and z rows).
    /// </summary>
    public static void AccumulateWeights<T>(Span<T> gradient, int gradientStride, ReadOnlySpan<T> a, int rows, ReadOnlySpan<T> d, int dStride, int columns, int steps, bool reverseInputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rows < 0 || columns < 0 || steps < 0 || columns > gradientStride || columns > dStride
            || (rows > 0 && gradient.Length < (rows - 1) * gradientStride + columns) || a.Length < steps * rows
            || (steps > 0 && d.Length < (steps - 1) * dStride + columns))
        {
            throw new ArgumentException(
                $"AccumulateWeights needs a gradient of {rows}x{columns} (stride {gradientStride}), inputs of {steps}x{rows} and gate gradients of {steps}x{columns} (stride {dStride}), " +
                $"but has {gradient.Length}, {a.Length} and {d.Length} values.");
        }
        ref T gs = ref MemoryMarshal.GetReference(gradient);
        ref T first = ref MemoryMarshal.GetReference(a);
        ref T ds = ref MemoryMarshal.GetReference(d);
        // a's row for the loop's step s: time s, or steps - 1 - s, going back one row per step when reversed
        nint aStart = reverseInputs ? (nint)(steps - 1) * rows : 0;
        nint aStep = reverseInputs ? -rows : rows;
        // Half has no Vector256: its Count would throw, so it is read only where vectors are used
        int width = Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported ? Vector256<T>.Count : 1;
        int panelEnd = Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported ? columns - columns % (2 * width) : 0;
        // Steps in tiles, column panels, then rows: one tile of a panel of d (two vectors wide) is
        // copied to contiguous scratch, where it stays in L1 while every block of rows reads it.
        // Read in place, d's rows are a gate width apart (2 KB at 4H = 512), so a panel's lines
        // all fall in two L1 sets and evict each other; a tile of 64 steps also keeps the 4-row
        // runs of a (steps apart by the row count) inside L1's ways. Rows outer, unpacked, this
        // was 28-30% of a batched LSTM 16->128 training step in a profile.
        const int TileSteps = 64;
        Span<T> panel = panelEnd > 0 ? stackalloc T[TileSteps * 2 * width] : default;
        ref T ps = ref MemoryMarshal.GetReference(panel);
        for (int s0 = 0; s0 < steps && panelEnd > 0; s0 += TileSteps)
        {
            int tile = Math.Min(TileSteps, steps - s0);
            nint aTile = aStart + s0 * aStep;
            for (int c = 0; c < panelEnd; c += 2 * width)
            {
                for (int s = 0; s < tile; s++)
                {
                    ref T dRow = ref Unsafe.Add(ref ds, (nint)(s0 + s) * dStride + c);
                    Vector256.LoadUnsafe(ref dRow).StoreUnsafe(ref ps, (nuint)(s * 2 * width));
                    Vector256.LoadUnsafe(ref dRow, (nuint)width).StoreUnsafe(ref ps, (nuint)(s * 2 * width + width));
                }
                int r = 0;
                for (; r + 4 <= rows; r += 4)
                {
                    FourRowsOnePanel(ref gs, gradientStride, ref first, aTile + r, aStep, ref ps, r, c, tile);
                }
                for (; r < rows; r++)
                {
                    OneRowOnePanel(ref gs, gradientStride, ref first, aTile + r, aStep, ref ps, r, c, tile);
                }
            }
        }
        // the columns after the last whole panel, one at a time
        for (int c = panelEnd; c < columns; c++)
        {
            for (int r = 0; r < rows; r++)
            {
                T sum = T.Zero;
                nint ai = aStart + r;
                for (int step = 0; step < steps; step++, ai += aStep)
                {
                    sum += Unsafe.Add(ref first, ai) * Unsafe.Add(ref ds, (nint)step * dStride + c);
                }
                Unsafe.Add(ref gs, (nint)r * gradientStride + c) += sum;
            }
        }
    }

    /// <summary>gradient[g] += sum over s of d[s, g]: the bias gradient, the gate gradients summed over the steps.</summary>
    public static void AccumulateBias<T>(Span<T> gradient, ReadOnlySpan<T> d, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
        => AccumulateBias(gradient, d, gradient.Length, steps);

    /// <summary>The same with d's rows <paramref name="dStride"/> apart, of which the first gradient.Length values are summed.</summary>
    public static void AccumulateBias<T>(Span<T> gradient, ReadOnlySpan<T> d, int dStride, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int columns = gradient.Length;
        if (columns > dStride || (steps > 0 && d.Length < (steps - 1) * dStride + columns))
        {
            throw new ArgumentException($"AccumulateBias needs {steps}x{columns} gate gradients (stride {dStride}), but has {d.Length} values.");
        }
        for (int s = 0; s < steps; s++)
        {
            TensorPrimitives.Add(gradient, d.Slice(s * dStride, columns), gradient);
        }
    }

    /// <summary>
    /// Four gradient rows by one panel of two column vectors (gradient columns c..): eight accumulators
    /// take every step's contribution. The panel of d is packed, two vectors per step.
    /// </summary>
    private static void FourRowsOnePanel<T>(ref T gs, int gradientStride, ref T first, nint aRow, nint aStep, ref T panel, int r, int c, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        Vector256<T> a00 = Vector256<T>.Zero, a01 = Vector256<T>.Zero, a10 = Vector256<T>.Zero, a11 = Vector256<T>.Zero;
        Vector256<T> a20 = Vector256<T>.Zero, a21 = Vector256<T>.Zero, a30 = Vector256<T>.Zero, a31 = Vector256<T>.Zero;
        nint ai = aRow;
        for (int s = 0; s < steps; s++, ai += aStep)
        {
            ref T dRow = ref Unsafe.Add(ref panel, s * 2 * width);
            Vector256<T> d0 = Vector256.LoadUnsafe(ref dRow);
            Vector256<T> d1 = Vector256.LoadUnsafe(ref dRow, (nuint)width);
            ref T aValues = ref Unsafe.Add(ref first, ai);
            Vector256<T> x0 = Vector256.Create(aValues);
            Vector256<T> x1 = Vector256.Create(Unsafe.Add(ref aValues, 1));
            Vector256<T> x2 = Vector256.Create(Unsafe.Add(ref aValues, 2));
            Vector256<T> x3 = Vector256.Create(Unsafe.Add(ref aValues, 3));
            a00 = LinearAlgebra.MultiplyAdd(x0, d0, a00);
            a01 = LinearAlgebra.MultiplyAdd(x0, d1, a01);
            a10 = LinearAlgebra.MultiplyAdd(x1, d0, a10);
            a11 = LinearAlgebra.MultiplyAdd(x1, d1, a11);
            a20 = LinearAlgebra.MultiplyAdd(x2, d0, a20);
            a21 = LinearAlgebra.MultiplyAdd(x2, d1, a21);
            a30 = LinearAlgebra.MultiplyAdd(x3, d0, a30);
            a31 = LinearAlgebra.MultiplyAdd(x3, d1, a31);
        }
        ref T g0 = ref Unsafe.Add(ref gs, (nint)r * gradientStride);
        ref T g1 = ref Unsafe.Add(ref g0, gradientStride);
        ref T g2 = ref Unsafe.Add(ref g1, gradientStride);
        ref T g3 = ref Unsafe.Add(ref g2, gradientStride);
        AddTo(ref g0, c, a00, a01);
        AddTo(ref g1, c, a10, a11);
        AddTo(ref g2, c, a20, a21);
        AddTo(ref g3, c, a30, a31);
    }

    /// <summary>One gradient row by one panel (the rows after the blocks of four).</summary>
    private static void OneRowOnePanel<T>(ref T gs, int gradientStride, ref T first, nint aRow, nint aStep, ref T panel, int r, int c, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        Vector256<T> a00 = Vector256<T>.Zero, a01 = Vector256<T>.Zero;
        nint ai = aRow;
        for (int s = 0; s < steps; s++, ai += aStep)
        {
            ref T dRow = ref Unsafe.Add(ref panel, s * 2 * width);
            Vector256<T> x0 = Vector256.Create(Unsafe.Add(ref first, ai));
            a00 = LinearAlgebra.MultiplyAdd(x0, Vector256.LoadUnsafe(ref dRow), a00);
            a01 = LinearAlgebra.MultiplyAdd(x0, Vector256.LoadUnsafe(ref dRow, (nuint)width), a01);
        }
        AddTo(ref Unsafe.Add(ref gs, (nint)r * gradientStride), c, a00, a01);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo<T>(ref T row, int c, Vector256<T> low, Vector256<T> high)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (Vector256.LoadUnsafe(ref row, (nuint)c) + low).StoreUnsafe(ref row, (nuint)c);
        (Vector256.LoadUnsafe(ref row, (nuint)(c + Vector256<T>.Count)) + high).StoreUnsafe(ref row, (nuint)c + (nuint)Vector256<T>.Count);
    }
}
