using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// The weight products of several sequences ("lanes") at one time step, in one pass over the
/// weights: a batch of matrix-vector products becomes one matrix-matrix product. Each weight vector
/// loaded serves four lanes, so the products are bound by FMA throughput rather than by reading the
/// weights, which at LSTM 16->128 (295 KB of weights, past L1) is what limits one sequence at a time.
/// Lane k's vectors start <c>k * stride</c> elements after lane 0's. Weights are input-major
/// (<see cref="LinearAlgebra"/>'s layout).
/// </summary>
public static class LaneProducts
{
    private const int LaneBlock = 4;

    /// <summary>
    /// Length of the packed copy of W_ih and W_hh that <see cref="GatePreActivations"/> reads, or 0
    /// when <paramref name="rows"/> gate rows do not split into blocks of two 256-bit vectors of T
    /// (the products then run one lane at a time from the weights as they are). It depends on T
    /// and the sizes only, not on the machine, so a model's BatchWorkspaceBytes is exact everywhere.
    /// </summary>
    public static int PackedLength<T>(int rows, int inputs, int width) where T : unmanaged =>
        Vector256<T>.IsSupported && rows > 0 && rows % (2 * Vector256<T>.Count) == 0
            ? checked(rows * (inputs + width)) : 0;

    /// <summary>
    /// Copies W_ih ([inputs][rows]) and W_hh ([width][rows]) block by block: for each block of two
    /// row vectors, every input column then every recurrent column, contiguous. In place, one block's
    /// columns are a gate width apart (2 KB at 4H = 512), so they share two L1 sets and evict each
    /// other; packed, a block streams front to back. Repack whenever the weights change.
    /// </summary>
    public static void PackGateWeights<T>(ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, int rows, Span<T> packed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inputs = rows > 0 ? weightIh.Length / rows : 0, width = rows > 0 ? weightHh.Length / rows : 0;
        int length = PackedLength<T>(rows, inputs, width);
        if (length == 0 || weightIh.Length != inputs * rows || weightHh.Length != width * rows || packed.Length != length)
        {
            throw new ArgumentException($"Packing needs weights of whole columns of {rows} rows (rows a multiple of two vectors) and {length} values to pack into; got weights {weightIh.Length} and {weightHh.Length}, and {packed.Length}.");
        }
        int block = 2 * Vector256<T>.Count, at = 0;
        for (int r = 0; r < rows; r += block)
        {
            for (int j = 0; j < inputs; j++, at += block)
            {
                weightIh.Slice(j * rows + r, block).CopyTo(packed.Slice(at, block));
            }
            for (int j = 0; j < width; j++, at += block)
            {
                weightHh.Slice(j * rows + r, block).CopyTo(packed.Slice(at, block));
            }
        }
    }

    /// <summary>
    /// For each lane k &lt; <paramref name="lanes"/>: gates_k = b_ih + b_hh + W_ih x_k + W_hh h_k,
    /// where x_k = x[k*xStride ..][..inputs], h_k = h[k*hStride ..][..width] and
    /// gates_k = gates[k*gatesStride ..][..rows]. Either bias may be empty (no such bias: a GRU's
    /// products taken one at a time, a single-bias layer's b_hh), and either weight matrix too.
    /// <paramref name="packedWeights"/> is <see cref="PackGateWeights"/>'s copy of the same weights,
    /// or empty where <see cref="PackedLength"/> is 0; four lanes at a time read it, and lanes left
    /// over read the weights as they are.
    /// </summary>
    public static void GatePreActivations<T>(int rows,
        ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> packedWeights, ReadOnlySpan<T> biasIh, ReadOnlySpan<T> biasHh,
        ReadOnlySpan<T> x, int xStride, ReadOnlySpan<T> h, int hStride, Span<T> gates, int gatesStride, int lanes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rows < 1 || (!biasIh.IsEmpty && biasIh.Length != rows) || (!biasHh.IsEmpty && biasHh.Length != rows)
            || weightIh.Length % rows != 0 || weightHh.Length % rows != 0)
        {
            throw new ArgumentException($"Gate products of {rows} rows need biases of {rows} (or none) and weights of whole columns of {rows}; got biases {biasIh.Length} and {biasHh.Length}, weights {weightIh.Length} and {weightHh.Length}.");
        }
        int inputs = weightIh.Length / rows, width = weightHh.Length / rows;
        if (!packedWeights.IsEmpty && packedWeights.Length != PackedLength<T>(rows, inputs, width))
        {
            throw new ArgumentException($"packedWeights has {packedWeights.Length} values, but the packed copy of these weights has {PackedLength<T>(rows, inputs, width)} (empty for none).", nameof(packedWeights));
        }
        CheckLanes(x.Length, xStride, inputs, lanes, nameof(x));
        CheckLanes(h.Length, hStride, width, lanes, nameof(h));
        CheckLanes(gates.Length, gatesStride, rows, lanes, nameof(gates));

        int k = 0;
        if (!packedWeights.IsEmpty)
        {
            // row blocks outer, lanes inner: a block's packed weights stay in L1 for the next group of four lanes
            int block = 2 * Vector256<T>.Count, blocked = lanes - lanes % LaneBlock;
            for (int r = 0; r < rows && blocked > 0; r += block)
            {
                ref T weights = ref Unsafe.Add(ref MemoryMarshal.GetReference(packedWeights), r * (inputs + width));
                for (int first = 0; first < blocked; first += LaneBlock)
                {
                    FourLanesTwoVectors(ref weights,
                        inputs, ref Unsafe.Add(ref MemoryMarshal.GetReference(x), first * xStride), xStride,
                        width, ref Unsafe.Add(ref MemoryMarshal.GetReference(h), first * hStride), hStride,
                        ref MemoryMarshal.GetReference(biasIh), !biasIh.IsEmpty, ref MemoryMarshal.GetReference(biasHh), !biasHh.IsEmpty,
                        r, ref Unsafe.Add(ref MemoryMarshal.GetReference(gates), first * gatesStride), gatesStride);
                }
            }
            k = blocked;
        }
        // lanes left over (or no packed copy): one matrix-vector product at a time
        for (; k < lanes; k++)
        {
            Span<T> y = gates.Slice(k * gatesStride, rows);
            y.Clear();
            if (!biasIh.IsEmpty)
            {
                LinearAlgebra.AddInPlace(y, biasIh);
            }
            if (!biasHh.IsEmpty)
            {
                LinearAlgebra.AddInPlace(y, biasHh);
            }
            LinearAlgebra.AccumulateColumns(weightIh, rows, x.Slice(k * xStride, inputs), y);
            LinearAlgebra.AccumulateColumns(weightHh, rows, h.Slice(k * hStride, width), y);
        }
    }

    /// <summary>
    /// For each lane k &lt; <paramref name="lanes"/>: dx_k += W^T dy_k, i.e.
    /// dx_k[j] += sum_i weight[j * rows + i] dy_k[i], with dy_k of <paramref name="rows"/> values and
    /// dx_k of weight.Length / rows.
    /// </summary>
    public static void AccumulateRowDots<T>(
        ReadOnlySpan<T> weight, int rows, ReadOnlySpan<T> dy, int dyStride, Span<T> dx, int dxStride, int lanes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rows <= 0 || weight.Length % rows != 0)
        {
            throw new ArgumentException($"Row dots need weights of whole rows of {rows}; got {weight.Length} values.");
        }
        int columns = weight.Length / rows;
        CheckLanes(dy.Length, dyStride, rows, lanes, nameof(dy));
        CheckLanes(dx.Length, dxStride, columns, lanes, nameof(dx));

        int k = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && rows % Vector256<T>.Count == 0 && columns % 2 == 0)
        {
            // weight rows outer, lanes inner: two rows stay in L1 for every group of four lanes
            int blocked = lanes - lanes % LaneBlock;
            for (int j = 0; j < columns && blocked > 0; j += 2)
            {
                for (int first = 0; first < blocked; first += LaneBlock)
                {
                    TwoRowsFourLanes(
                        ref MemoryMarshal.GetReference(weight), rows, j,
                        ref Unsafe.Add(ref MemoryMarshal.GetReference(dy), first * dyStride), dyStride,
                        ref Unsafe.Add(ref MemoryMarshal.GetReference(dx), first * dxStride), dxStride);
                }
            }
            k = blocked;
        }
        for (; k < lanes; k++)
        {
            LinearAlgebra.AccumulateRowDots(weight, rows, dy.Slice(k * dyStride, rows), dx.Slice(k * dxStride, columns));
        }
    }

    private static void CheckLanes(int length, int stride, int width, int lanes, string name)
    {
        if (lanes < 1 || width < 0 || stride < width || (long)(lanes - 1) * stride + width > length)
        {
            throw new ArgumentException($"{name} must hold {lanes} lanes of {width} values, {stride} apart ({(long)(lanes - 1) * stride + width} values), but has {length} (lanes must be at least 1 and the stride at least the width).", name);
        }
    }

    // Eight accumulators (two row vectors x four lanes) are locals: enough independent FMA chains to
    // cover the latency, and few enough registers that nothing spills. Every weight vector loaded is
    // used four times; every broadcast input once per row vector.
    private static void FourLanesTwoVectors<T>(
        ref T weights, int inputs, ref T x0, int xStride, int width, ref T h0, int hStride,
        ref T bIh, bool hasIh, ref T bHh, bool hasHh, int r, ref T g0, int gStride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint v = (nuint)Vector256<T>.Count;
        Vector256<T> bias0 = Bias(ref bIh, hasIh, (nuint)r) + Bias(ref bHh, hasHh, (nuint)r);
        Vector256<T> bias1 = Bias(ref bIh, hasIh, (nuint)r + v) + Bias(ref bHh, hasHh, (nuint)r + v);
        Vector256<T> a00 = bias0, a01 = bias1, a10 = bias0, a11 = bias1, a20 = bias0, a21 = bias1, a30 = bias0, a31 = bias1;
        ref T column = ref weights;
        for (int part = 0; part < 2; part++)
        {
            // the packed block holds the input columns, then the recurrent ones
            ref T in0 = ref part == 0 ? ref x0 : ref h0;
            int stride = part == 0 ? xStride : hStride;
            ref T in1 = ref Unsafe.Add(ref in0, stride);
            ref T in2 = ref Unsafe.Add(ref in1, stride);
            ref T in3 = ref Unsafe.Add(ref in2, stride);
            int columns = part == 0 ? inputs : width;
            for (int j = 0; j < columns; j++)
            {
                Vector256<T> w0 = Vector256.LoadUnsafe(ref column), w1 = Vector256.LoadUnsafe(ref column, v);
                Vector256<T> b = Vector256.Create(Unsafe.Add(ref in0, j));
                a00 = LinearAlgebra.MultiplyAdd(w0, b, a00);
                a01 = LinearAlgebra.MultiplyAdd(w1, b, a01);
                b = Vector256.Create(Unsafe.Add(ref in1, j));
                a10 = LinearAlgebra.MultiplyAdd(w0, b, a10);
                a11 = LinearAlgebra.MultiplyAdd(w1, b, a11);
                b = Vector256.Create(Unsafe.Add(ref in2, j));
                a20 = LinearAlgebra.MultiplyAdd(w0, b, a20);
                a21 = LinearAlgebra.MultiplyAdd(w1, b, a21);
                b = Vector256.Create(Unsafe.Add(ref in3, j));
                a30 = LinearAlgebra.MultiplyAdd(w0, b, a30);
                a31 = LinearAlgebra.MultiplyAdd(w1, b, a31);
                column = ref Unsafe.Add(ref column, 2 * (int)v);
            }
        }
        ref T y = ref Unsafe.Add(ref g0, r);
        a00.StoreUnsafe(ref y);
        a01.StoreUnsafe(ref y, v);
        y = ref Unsafe.Add(ref y, gStride);
        a10.StoreUnsafe(ref y);
        a11.StoreUnsafe(ref y, v);
        y = ref Unsafe.Add(ref y, gStride);
        a20.StoreUnsafe(ref y);
        a21.StoreUnsafe(ref y, v);
        y = ref Unsafe.Add(ref y, gStride);
        a30.StoreUnsafe(ref y);
        a31.StoreUnsafe(ref y, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Bias<T>(ref T bias, bool present, nuint offset) where T : unmanaged, IFloatingPointIeee754<T> =>
        present ? Vector256.LoadUnsafe(ref bias, offset) : Vector256<T>.Zero;

    // Weight rows j and j+1 against four lanes' dy: eight accumulators, each weight vector used four
    // times and each dy vector twice, then one horizontal sum per output.
    private static void TwoRowsFourLanes<T>(ref T weight, int rows, int j, ref T dy0, int dyStride, ref T dx0, int dxStride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T row0 = ref Unsafe.Add(ref weight, j * rows);
        ref T row1 = ref Unsafe.Add(ref row0, rows);
        ref T dy1 = ref Unsafe.Add(ref dy0, dyStride);
        ref T dy2 = ref Unsafe.Add(ref dy1, dyStride);
        ref T dy3 = ref Unsafe.Add(ref dy2, dyStride);
        Vector256<T> a00 = Vector256<T>.Zero, a01 = Vector256<T>.Zero, a10 = Vector256<T>.Zero, a11 = Vector256<T>.Zero;
        Vector256<T> a20 = Vector256<T>.Zero, a21 = Vector256<T>.Zero, a30 = Vector256<T>.Zero, a31 = Vector256<T>.Zero;
        int v = Vector256<T>.Count;
        for (int i = 0; i < rows; i += v)
        {
            Vector256<T> w0 = Vector256.LoadUnsafe(ref row0, (nuint)i), w1 = Vector256.LoadUnsafe(ref row1, (nuint)i);
            Vector256<T> d = Vector256.LoadUnsafe(ref dy0, (nuint)i);
            a00 = LinearAlgebra.MultiplyAdd(w0, d, a00);
            a01 = LinearAlgebra.MultiplyAdd(w1, d, a01);
            d = Vector256.LoadUnsafe(ref dy1, (nuint)i);
            a10 = LinearAlgebra.MultiplyAdd(w0, d, a10);
            a11 = LinearAlgebra.MultiplyAdd(w1, d, a11);
            d = Vector256.LoadUnsafe(ref dy2, (nuint)i);
            a20 = LinearAlgebra.MultiplyAdd(w0, d, a20);
            a21 = LinearAlgebra.MultiplyAdd(w1, d, a21);
            d = Vector256.LoadUnsafe(ref dy3, (nuint)i);
            a30 = LinearAlgebra.MultiplyAdd(w0, d, a30);
            a31 = LinearAlgebra.MultiplyAdd(w1, d, a31);
        }
        ref T out0 = ref Unsafe.Add(ref dx0, j);
        out0 += Vector256.Sum(a00);
        Unsafe.Add(ref out0, 1) += Vector256.Sum(a01);
        ref T out1 = ref Unsafe.Add(ref out0, dxStride);
        out1 += Vector256.Sum(a10);
        Unsafe.Add(ref out1, 1) += Vector256.Sum(a11);
        ref T out2 = ref Unsafe.Add(ref out1, dxStride);
        out2 += Vector256.Sum(a20);
        Unsafe.Add(ref out2, 1) += Vector256.Sum(a21);
        ref T out3 = ref Unsafe.Add(ref out2, dxStride);
        out3 += Vector256.Sum(a30);
        Unsafe.Add(ref out3, 1) += Vector256.Sum(a31);
    }
}
