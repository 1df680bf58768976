using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// bfloat16 weight copies in 16-unit gate blocks, and the whole LSTM and GRU steps that read them
/// (<c>WeightStorage.BFloat16</c>, H a multiple of 16, single precision).
/// </summary>
/// <remarks>
/// <para>
/// A gate matrix has <c>gates</c> x H rows (gate k of unit u at row k * H + u) and one column per
/// input. Block b holds the rows of units 16b..16b+15 for every gate, so one pass of a block over
/// the columns leaves all the gate pre-activations of 16 units in eight registers, and the cell for
/// those units runs at once: its activations overlap the next block's loads and multiply-adds
/// instead of waiting for the whole product, and no gate is stored.
/// </para>
/// <para>
/// Within a block the columns follow one another (one contiguous run, which the hardware prefetcher
/// follows); within a column, gate k's 16 values are 8 pairs as in <see cref="BFloat16Weights"/>
/// (unit 16b+m in the low half of a 32-bit word, 16b+8+m in the high half), so a shift and a mask
/// decode them.
/// </para>
/// <para>
/// The arithmetic is the unfused path's, in the same order: b_ih + b_hh (for the GRU's n, b_in and
/// b_hn apart), then the input columns, then the state columns, one FMA per weight; the same vector
/// activations (on AVX-512 hardware an LSTM block reads two gates per 512-bit load, lane for lane
/// the same operations). So an LSTM step gives
/// the bits of <see cref="BFloat16Weights.AccumulateColumns"/> followed by <see cref="LstmCell.Forward{T}(Span{T}, ReadOnlySpan{T}, Span{T}, Span{T})"/>.
/// </para>
/// </remarks>
public static class BFloat16GateBlocks
{
    private const int Units = 16;

    /// <summary>
    /// Rounds an input-major gate matrix (<paramref name="source"/>[j * gates * H + k * H + u]) to
    /// bfloat16 (as <see cref="BFloat16Weights.Store"/> rounds) into <paramref name="destination"/> in the block layout above.
    /// </summary>
    /// <exception cref="ArgumentException">H is not a positive multiple of 16, or the lengths do not match.</exception>
    /// <exception cref="InvalidOperationException">A weight is NaN or infinite (nothing is written).</exception>
    public static void Store(ReadOnlySpan<float> source, int gates, int units, Span<ushort> destination)
    {
        int rows = gates * units;
        if (gates <= 0 || units <= 0 || units % Units != 0 || source.Length % rows != 0 || destination.Length != source.Length)
        {
            throw new ArgumentException($"A gate-block copy needs H a positive multiple of 16 (got {units}), {gates} gate(s) > 0, and a source of whole columns of {rows} weights with a destination of the same length; got {source.Length} and {destination.Length}.", nameof(destination));
        }
        BFloat16Weights.CheckFinite(source);
        int columns = source.Length / rows;
        for (int j = 0; j < columns; j++)
        {
            for (int row = 0; row < rows; row++)
            {
                destination[Position(row / units, row % units, j, gates, columns)] = BFloat16Weights.Round(source[j * rows + row]);
            }
        }
    }

    /// <summary>Where the weight of gate <paramref name="gate"/>, unit <paramref name="unit"/>, column <paramref name="j"/> sits in the copy.</summary>
    internal static int Position(int gate, int unit, int j, int gates, int columns) => First(gate, unit, gates, columns) + j * gates * Units;

    /// <summary>Where that weight of column 0 sits (each further column is gates x 16 further on).</summary>
    private static int First(int gate, int unit, int gates, int columns)
    {
        int block = unit / Units, m = unit % Units;
        return block * columns * gates * Units + gate * Units + (m % 8) * 2 + m / 8;
    }

    /// <summary>
    /// One LSTM step (gates i, f, g, o; no peepholes, projection or clip) reading copies made by
    /// <see cref="Store"/> with 4 gates: c' = f*c + i*g and h' = o*tanh(c') replace
    /// <paramref name="cell"/> and <paramref name="hidden"/> in place. <paramref name="scratch"/> [4H]
    /// holds the new h until the product has read all of the old.
    /// </summary>
    public static void LstmStep(
        ReadOnlySpan<ushort> weightIh, ReadOnlySpan<ushort> weightHh, ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh,
        ReadOnlySpan<float> x, Span<float> hidden, Span<float> cell, Span<float> scratch)
    {
        int h = hidden.Length;
        CheckShapes(4, h, weightIh, weightHh, biasIh, biasHh, x, scratch);
        if (cell.Length != h)
        {
            throw new ArgumentException($"An LSTM step of H = {h} needs a cell state of {h}; got {cell.Length}.", nameof(cell));
        }
        if (Vector512.IsHardwareAccelerated)
        {
            LstmBlocksWide(h, x.Length, ref MemoryMarshal.GetReference(weightIh), ref MemoryMarshal.GetReference(weightHh),
                ref FloatSpan.Ref(biasIh), ref FloatSpan.Ref(biasHh), ref FloatSpan.Ref(x),
                ref MemoryMarshal.GetReference(hidden), ref MemoryMarshal.GetReference(cell), ref MemoryMarshal.GetReference(scratch), ref ActivationConstantSets.Values);
            return;
        }
        if (Vector256.IsHardwareAccelerated)
        {
            LstmBlocks(h, x.Length, ref MemoryMarshal.GetReference(weightIh), ref MemoryMarshal.GetReference(weightHh),
                ref FloatSpan.Ref(biasIh), ref FloatSpan.Ref(biasHh), ref FloatSpan.Ref(x),
                ref MemoryMarshal.GetReference(hidden), ref MemoryMarshal.GetReference(cell), ref MemoryMarshal.GetReference(scratch), ref ActivationConstantSets.Values);
            return;
        }
        PreActivations(4, 4, h, weightIh, weightHh, biasIh, biasHh, x, hidden, scratch);
        LstmCell.Forward<float>(scratch, cell, cell, hidden);
    }

    /// <summary>
    /// One reset-after GRU step (PyTorch's: r, z = sigmoid(W_i x + b_i + W_h h + b_h);
    /// n = tanh(W_in x + b_in + r*(W_hn h + b_hn)); h' = (1-z)*n + z*h) reading copies made by
    /// <see cref="Store"/> with 3 gates; <paramref name="hidden"/> advances in place.
    /// <paramref name="scratch"/> [3H] holds the new h until the product has read all of the old.
    /// </summary>
    public static void GruStep(
        ReadOnlySpan<ushort> weightIh, ReadOnlySpan<ushort> weightHh, ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh,
        ReadOnlySpan<float> x, Span<float> hidden, Span<float> scratch)
    {
        int h = hidden.Length;
        CheckShapes(3, h, weightIh, weightHh, biasIh, biasHh, x, scratch);
        if (Vector256.IsHardwareAccelerated)
        {
            GruBlocks(h, x.Length, ref MemoryMarshal.GetReference(weightIh), ref MemoryMarshal.GetReference(weightHh),
                ref FloatSpan.Ref(biasIh), ref FloatSpan.Ref(biasHh), ref FloatSpan.Ref(x),
                ref MemoryMarshal.GetReference(hidden), ref MemoryMarshal.GetReference(scratch), ref ActivationConstantSets.Values);
            return;
        }
        GruScalar(h, weightIh, weightHh, biasIh, biasHh, x, hidden, scratch);
    }

    private static void CheckShapes(int gates, int h, ReadOnlySpan<ushort> weightIh, ReadOnlySpan<ushort> weightHh,
        ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh, ReadOnlySpan<float> x, Span<float> scratch)
    {
        int rows = gates * h;
        if (h <= 0 || h % Units != 0 || weightIh.Length != (long)rows * x.Length || weightHh.Length != (long)rows * h
            || biasIh.Length != rows || biasHh.Length != rows || scratch.Length < rows)
        {
            throw new ArgumentException(
                $"A bfloat16 gate-block step of H = {h} (a positive multiple of 16) with {x.Length} inputs and {gates} gates needs W_ih of {(long)rows * x.Length}, W_hh of {(long)rows * h}, biases of {rows} and scratch of at least {rows}; " +
                $"got {weightIh.Length}, {weightHh.Length}, {biasIh.Length}, {biasHh.Length} and {scratch.Length}.");
        }
    }

    // Eight accumulators: gate a's units 0-7 and 8-15 of the block in a0/a1, and so on.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LstmBlocks(int h, int inputs, ref ushort weightIh, ref ushort weightHh, ref float biasIh, ref float biasHh,
        ref float x, ref float hidden, ref float cell, ref float scratch, ref ActivationConstantSets k)
    {
        for (int u = 0; u < h; u += Units)
        {
            nuint i0 = (nuint)u, f0 = (nuint)(h + u), g0 = (nuint)(2 * h + u), o0 = (nuint)(3 * h + u);
            Vector256<float> i = BiasSum(ref biasIh, ref biasHh, i0);
            Vector256<float> iHigh = BiasSum(ref biasIh, ref biasHh, i0 + 8);
            Vector256<float> f = BiasSum(ref biasIh, ref biasHh, f0);
            Vector256<float> fHigh = BiasSum(ref biasIh, ref biasHh, f0 + 8);
            Vector256<float> g = BiasSum(ref biasIh, ref biasHh, g0);
            Vector256<float> gHigh = BiasSum(ref biasIh, ref biasHh, g0 + 8);
            Vector256<float> o = BiasSum(ref biasIh, ref biasHh, o0);
            Vector256<float> oHigh = BiasSum(ref biasIh, ref biasHh, o0 + 8);
            AddColumns4(ref BlockStart(ref weightIh, u, inputs, 4), ref x, inputs, ref i, ref iHigh, ref f, ref fHigh, ref g, ref gHigh, ref o, ref oHigh);
            AddColumns4(ref BlockStart(ref weightHh, u, h, 4), ref hidden, h, ref i, ref iHigh, ref f, ref fHigh, ref g, ref gHigh, ref o, ref oHigh);
            LstmCell16(i, iHigh, f, fHigh, g, gHigh, o, oHigh, ref cell, ref scratch, i0, ref k);
        }
        Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref hidden), ref Unsafe.As<float, byte>(ref scratch), (uint)(h * sizeof(float)));
    }

    // AVX-512: one 512-bit load takes two gates' 8 pairs (i and f, then g and o), so four
    // accumulators hold what eight do above, lane for lane in the same order: the same bits.
    // ifLow holds i's units 0-7 then f's units 0-7, ifHigh their units 8-15, and so on. Measured
    // 0.80-0.91x LstmBlocks' step time at LSTM 1->32, 1->64 and 16->128 (docs/performance.md, eleventh session). The
    // GRU has no such variant: one (r and z by a 512-bit load) measured 1.06x the 256-bit step at
    // GRU 1->64, and still 1.04x with a layout that kept n apart so no load crossed a cache line.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LstmBlocksWide(int h, int inputs, ref ushort weightIh, ref ushort weightHh, ref float biasIh, ref float biasHh,
        ref float x, ref float hidden, ref float cell, ref float scratch, ref ActivationConstantSets k)
    {
        for (int u = 0; u < h; u += Units)
        {
            nuint i0 = (nuint)u, f0 = (nuint)(h + u), g0 = (nuint)(2 * h + u), o0 = (nuint)(3 * h + u);
            Vector512<float> ifLow = Vector512.Create(BiasSum(ref biasIh, ref biasHh, i0), BiasSum(ref biasIh, ref biasHh, f0));
            Vector512<float> ifHigh = Vector512.Create(BiasSum(ref biasIh, ref biasHh, i0 + 8), BiasSum(ref biasIh, ref biasHh, f0 + 8));
            Vector512<float> goLow = Vector512.Create(BiasSum(ref biasIh, ref biasHh, g0), BiasSum(ref biasIh, ref biasHh, o0));
            Vector512<float> goHigh = Vector512.Create(BiasSum(ref biasIh, ref biasHh, g0 + 8), BiasSum(ref biasIh, ref biasHh, o0 + 8));
            AddColumns4Wide(ref BlockStart(ref weightIh, u, inputs, 4), ref x, inputs, ref ifLow, ref ifHigh, ref goLow, ref goHigh);
            AddColumns4Wide(ref BlockStart(ref weightHh, u, h, 4), ref hidden, h, ref ifLow, ref ifHigh, ref goLow, ref goHigh);
            LstmCell16(ifLow.GetLower(), ifHigh.GetLower(), ifLow.GetUpper(), ifHigh.GetUpper(), goLow.GetLower(), goHigh.GetLower(), goLow.GetUpper(), goHigh.GetUpper(),
                ref cell, ref scratch, i0, ref k);
        }
        Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref hidden), ref Unsafe.As<float, byte>(ref scratch), (uint)(h * sizeof(float)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> BiasSum(ref float biasIh, ref float biasHh, nuint offset) =>
        Vector256.LoadUnsafe(ref biasIh, offset) + Vector256.LoadUnsafe(ref biasHh, offset);

    /// <summary>
    /// The cell of 16 units (<paramref name="i0"/> on) from their pre-activations, in LstmCell's order:
    /// i, g, f, o, then c' = f*c + i*g, and h' = o*tanh(c') into <paramref name="scratch"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LstmCell16(
        Vector256<float> i, Vector256<float> iHigh, Vector256<float> f, Vector256<float> fHigh,
        Vector256<float> g, Vector256<float> gHigh, Vector256<float> o, Vector256<float> oHigh,
        ref float cell, ref float scratch, nuint i0, ref ActivationConstantSets k)
    {
        i = Activations.Sigmoid(i, ref k[0]);
        iHigh = Activations.Sigmoid(iHigh, ref k[0]);
        g = Activations.Tanh(g, ref k[1]);
        gHigh = Activations.Tanh(gHigh, ref k[1]);
        f = Activations.Sigmoid(f, ref k[2]);
        fHigh = Activations.Sigmoid(fHigh, ref k[2]);
        o = Activations.Sigmoid(o, ref k[3]);
        oHigh = Activations.Sigmoid(oHigh, ref k[3]);
        Vector256<float> c = LinearAlgebra.MultiplyAdd(f, Vector256.LoadUnsafe(ref cell, i0), i * g);
        Vector256<float> cHigh = LinearAlgebra.MultiplyAdd(fHigh, Vector256.LoadUnsafe(ref cell, i0 + 8), iHigh * gHigh);
        c.StoreUnsafe(ref cell, i0);
        cHigh.StoreUnsafe(ref cell, i0 + 8);
        (o * Activations.Tanh(c, ref k[4])).StoreUnsafe(ref scratch, i0);
        (oHigh * Activations.Tanh(cHigh, ref k[4])).StoreUnsafe(ref scratch, i0 + 8);
    }

    // r, z accumulate both products; the n parts stay apart (nx: b_in + W_in x, nh: b_hn + W_hn h) because r scales only nh.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void GruBlocks(int h, int inputs, ref ushort weightIh, ref ushort weightHh, ref float biasIh, ref float biasHh,
        ref float x, ref float hidden, ref float scratch, ref ActivationConstantSets k)
    {
        for (int u = 0; u < h; u += Units)
        {
            nuint r0 = (nuint)u, z0 = (nuint)(h + u), n0 = (nuint)(2 * h + u);
            Vector256<float> r = BiasSum(ref biasIh, ref biasHh, r0);
            Vector256<float> rHigh = BiasSum(ref biasIh, ref biasHh, r0 + 8);
            Vector256<float> z = BiasSum(ref biasIh, ref biasHh, z0);
            Vector256<float> zHigh = BiasSum(ref biasIh, ref biasHh, z0 + 8);
            Vector256<float> nx = Vector256.LoadUnsafe(ref biasIh, n0);
            Vector256<float> nxHigh = Vector256.LoadUnsafe(ref biasIh, n0 + 8);
            Vector256<float> nh = Vector256.LoadUnsafe(ref biasHh, n0);
            Vector256<float> nhHigh = Vector256.LoadUnsafe(ref biasHh, n0 + 8);
            AddColumns3(ref BlockStart(ref weightIh, u, inputs, 3), ref x, inputs, ref r, ref rHigh, ref z, ref zHigh, ref nx, ref nxHigh);
            AddColumns3(ref BlockStart(ref weightHh, u, h, 3), ref hidden, h, ref r, ref rHigh, ref z, ref zHigh, ref nh, ref nhHigh);
            r = Activations.Sigmoid(r, ref k[0]);
            rHigh = Activations.Sigmoid(rHigh, ref k[0]);
            z = Activations.Sigmoid(z, ref k[1]);
            zHigh = Activations.Sigmoid(zHigh, ref k[1]);
            Vector256<float> n = Activations.Tanh(LinearAlgebra.MultiplyAdd(r, nh, nx), ref k[2]);
            Vector256<float> nHigh = Activations.Tanh(LinearAlgebra.MultiplyAdd(rHigh, nhHigh, nxHigh), ref k[2]);
            // h' = (1-z)*n + z*h = n + z*(h - n)
            LinearAlgebra.MultiplyAdd(z, Vector256.LoadUnsafe(ref hidden, r0) - n, n).StoreUnsafe(ref scratch, r0);
            LinearAlgebra.MultiplyAdd(zHigh, Vector256.LoadUnsafe(ref hidden, r0 + 8) - nHigh, nHigh).StoreUnsafe(ref scratch, r0 + 8);
        }
        Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref hidden), ref Unsafe.As<float, byte>(ref scratch), (uint)(h * sizeof(float)));
    }

    /// <summary>The first weight of unit block <paramref name="u"/> / 16 in a copy with <paramref name="columns"/> columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref uint BlockStart(ref ushort weights, int u, int columns, int gates) =>
        ref Unsafe.As<ushort, uint>(ref Unsafe.Add(ref weights, (nint)u * columns * gates));

    /// <summary>Adds the block's four gates' columns times x[j] (one FMA per weight, columns in order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColumns4(ref uint pairs, ref float x, int columns,
        ref Vector256<float> a0, ref Vector256<float> a1, ref Vector256<float> a2, ref Vector256<float> a3,
        ref Vector256<float> a4, ref Vector256<float> a5, ref Vector256<float> a6, ref Vector256<float> a7)
    {
        for (int j = 0; j < columns; j++, pairs = ref Unsafe.Add(ref pairs, 4 * Units / 2))
        {
            Vector256<uint> p0 = Vector256.LoadUnsafe(ref pairs);
            Vector256<uint> p1 = Vector256.LoadUnsafe(ref pairs, 8);
            Vector256<uint> p2 = Vector256.LoadUnsafe(ref pairs, 16);
            Vector256<uint> p3 = Vector256.LoadUnsafe(ref pairs, 24);
            Vector256<float> xj = Vector256.Create(Unsafe.Add(ref x, j));
            BFloat16Weights.AddPairs(p0, xj, ref a0, ref a1);
            BFloat16Weights.AddPairs(p1, xj, ref a2, ref a3);
            BFloat16Weights.AddPairs(p2, xj, ref a4, ref a5);
            BFloat16Weights.AddPairs(p3, xj, ref a6, ref a7);
        }
    }

    /// <summary>Adds the block's three gates' columns times x[j] (one FMA per weight, columns in order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColumns3(ref uint pairs, ref float x, int columns,
        ref Vector256<float> a0, ref Vector256<float> a1, ref Vector256<float> a2, ref Vector256<float> a3,
        ref Vector256<float> a4, ref Vector256<float> a5)
    {
        for (int j = 0; j < columns; j++, pairs = ref Unsafe.Add(ref pairs, 3 * Units / 2))
        {
            Vector256<uint> p0 = Vector256.LoadUnsafe(ref pairs);
            Vector256<uint> p1 = Vector256.LoadUnsafe(ref pairs, 8);
            Vector256<uint> p2 = Vector256.LoadUnsafe(ref pairs, 16);
            Vector256<float> xj = Vector256.Create(Unsafe.Add(ref x, j));
            BFloat16Weights.AddPairs(p0, xj, ref a0, ref a1);
            BFloat16Weights.AddPairs(p1, xj, ref a2, ref a3);
            BFloat16Weights.AddPairs(p2, xj, ref a4, ref a5);
        }
    }

    /// <summary>AddColumns4 with 512-bit loads: gates i and f in the first, g and o in the second.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColumns4Wide(ref uint pairs, ref float x, int columns,
        ref Vector512<float> ifLow, ref Vector512<float> ifHigh, ref Vector512<float> goLow, ref Vector512<float> goHigh)
    {
        for (int j = 0; j < columns; j++, pairs = ref Unsafe.Add(ref pairs, 4 * Units / 2))
        {
            Vector512<uint> p0 = Vector512.LoadUnsafe(ref pairs);
            Vector512<uint> p1 = Vector512.LoadUnsafe(ref pairs, 16);
            Vector512<float> xj = Vector512.Create(Unsafe.Add(ref x, j));
            BFloat16Weights.AddPairs(p0, xj, ref ifLow, ref ifHigh);
            BFloat16Weights.AddPairs(p1, xj, ref goLow, ref goHigh);
        }
    }

    /// <summary>Without vector hardware: the gate pre-activations b_ih + b_hh + W_ih x + W_hh h into <paramref name="gates"/>, in the vector path's order.</summary>
    private static void PreActivations(int gateCount, int summedGates, int h, ReadOnlySpan<ushort> weightIh, ReadOnlySpan<ushort> weightHh,
        ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh, ReadOnlySpan<float> x, ReadOnlySpan<float> hidden, Span<float> gates)
    {
        // the first summedGates of the copy's gateCount gates (a GRU's r and z; its n parts stay apart)
        for (int gate = 0; gate < summedGates; gate++)
        {
            for (int unit = 0; unit < h; unit++)
            {
                int row = gate * h + unit, stride = gateCount * Units;
                float sum = biasIh[row] + biasHh[row];
                int ih = First(gate, unit, gateCount, x.Length), hh = First(gate, unit, gateCount, h);
                for (int j = 0; j < x.Length; j++)
                {
                    sum += BFloat16Weights.Widen(weightIh[ih + j * stride]) * x[j];
                }
                for (int j = 0; j < h; j++)
                {
                    sum += BFloat16Weights.Widen(weightHh[hh + j * stride]) * hidden[j];
                }
                gates[row] = sum;
            }
        }
    }

    /// <summary>
    /// Without vector hardware: the GRU step with the products in the vector path's order and the
    /// activations of the float GRU's scalar path (<see cref="Activations"/>' span functions), in
    /// two passes because r must be known before it scales W_hn h + b_hn.
    /// </summary>
    private static void GruScalar(int h, ReadOnlySpan<ushort> weightIh, ReadOnlySpan<ushort> weightHh,
        ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh, ReadOnlySpan<float> x, Span<float> hidden, Span<float> scratch)
    {
        const int Stride = 3 * Units;
        Span<float> rz = scratch.Slice(0, 2 * h), n = scratch.Slice(2 * h, h);
        PreActivations(3, 2, h, weightIh, weightHh, biasIh, biasHh, x, hidden, rz);
        Activations.Sigmoid<float>(rz, rz);
        for (int unit = 0; unit < h; unit++)
        {
            int ih = First(2, unit, 3, x.Length), hh = First(2, unit, 3, h);
            float nx = biasIh[2 * h + unit], nh = biasHh[2 * h + unit];
            for (int j = 0; j < x.Length; j++)
            {
                nx += BFloat16Weights.Widen(weightIh[ih + j * Stride]) * x[j];
            }
            for (int j = 0; j < h; j++)
            {
                nh += BFloat16Weights.Widen(weightHh[hh + j * Stride]) * hidden[j];
            }
            n[unit] = nx + rz[unit] * nh;
        }
        Activations.Tanh<float>(n, n);
        // every product has read h; h' = n + z (h - n)
        for (int unit = 0; unit < h; unit++)
        {
            hidden[unit] = n[unit] + rz[h + unit] * (hidden[unit] - n[unit]);
        }
    }
}

