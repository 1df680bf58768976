using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// The matrix half of a fused single-precision step: y = b1 (+ b2) + W1 x1 (+ W2 x2) over rows of
/// input-major weights (<see cref="LinearAlgebra"/>'s layout), both products in one pass so each
/// output vector is loaded and stored once. Rows go in blocks of eight vectors (eight independent
/// FMA chains, enough to cover the FMA latency), then four, then one. Every column of a block is
/// a contiguous run of weights, which is what makes this faster than blocking by unit (four
/// separate runs per column): measured 182 ns against 400+ ns for an LSTM 1->32's gates. On
/// AVX-512 hardware, matrices over <see cref="WideFootprint"/> take 512-bit blocks of 16, 8 and 4
/// vectors instead (<see cref="ComputeWide"/>), with each row's sum in the same order.
/// </summary>
internal static class GatePreActivations
{
    /// <summary>
    /// Matrices larger than this many bytes (stride x columns: the whole matrices the rows belong to,
    /// which for an LSTM step is its layer's weights and for a GRU's n parts all of W_ih or W_hh)
    /// take 512-bit row blocks on AVX-512 hardware. They stream from L2, where one load per 64-byte
    /// line measured 0.71-0.86x the step time (LSTM 1->64 and 16->128, GRU 1->64); smaller ones stay
    /// in L1, where 512-bit code measured no faster than 256-bit at H = 32 and its time per step
    /// varied more (docs/performance.md, eleventh session).
    /// </summary>
    internal const int WideFootprint = 32 * 1024;

    /// <summary>
    /// y[i] = b1[i] + (twoBiases ? b2[i] : 0) + sum_j w1[j*stride + i] x1[j] + sum_j w2[j*stride + i] x2[j],
    /// for i &lt; rows (a multiple of 8). The caller has checked every extent.
    /// </summary>
    public static void Compute(
        ref float w1, int columns1, ref float x1, ref float w2, int columns2, ref float x2, int stride,
        ref float b1, ref float b2, bool twoBiases, int rows, ref float y)
    {
        if (Vector512.IsHardwareAccelerated && (long)stride * (columns1 + columns2) * sizeof(float) > WideFootprint)
        {
            ComputeWide(ref w1, columns1, ref x1, ref w2, columns2, ref x2, stride, ref b1, ref b2, twoBiases, rows, ref y);
            return;
        }
        if (rows > LinearAlgebra.RegisterBlockLimit)
        {
            // More than 128 gate rows (LSTM H >= 40: for one input, weights past L1 from H = 64):
            // read each matrix front to back in column groups,
            // which the prefetcher follows, rather than one row block at a time: with row blocks the
            // LSTM 1->64 and 16->128 steps measured 4% slower than before, despite the faster cell loop.
            ColumnGroups(ref w1, columns1, ref x1, ref w2, columns2, ref x2, stride, ref b1, ref b2, twoBiases, 0, rows, ref y);
            return;
        }
        int i = 0;
        for (; i + 64 <= rows; i += 64)
        {
            Block8(ref w1, columns1, ref x1, ref w2, columns2, ref x2, stride, ref b1, ref b2, twoBiases, i, ref y);
        }
        ComputeTail(ref w1, columns1, ref x1, ref w2, columns2, ref x2, stride, ref b1, ref b2, twoBiases, i, rows, ref y);
    }

    /// <summary>Rows <paramref name="first"/> to <paramref name="rows"/> by column groups: the biases stored, then each matrix streamed front to back.</summary>
    private static void ColumnGroups(
        ref float w1, int columns1, ref float x1, ref float w2, int columns2, ref float x2, int stride,
        ref float b1, ref float b2, bool twoBiases, int first, int rows, ref float y)
    {
        for (int r = first; r < rows; r += 8)
        {
            Bias(ref b1, ref b2, twoBiases, (nuint)r).StoreUnsafe(ref y, (nuint)r);
        }
        LinearAlgebra.AccumulateColumnGroups(ref Unsafe.Add(ref w1, first), stride, ref x1, columns1, ref Unsafe.Add(ref y, first), rows - first);
        LinearAlgebra.AccumulateColumnGroups(ref Unsafe.Add(ref w2, first), stride, ref x2, columns2, ref Unsafe.Add(ref y, first), rows - first);
    }

    /// <summary>
    /// The 32-row blocks and the last 8-row vectors from row <paramref name="first"/> (fewer than 64 rows left).
    /// </summary>
    private static void ComputeTail(
        ref float w1, int columns1, ref float x1, ref float w2, int columns2, ref float x2, int stride,
        ref float b1, ref float b2, bool twoBiases, int first, int rows, ref float y)
    {
        int i = first;
        for (; i + 32 <= rows; i += 32)
        {
            Block4(ref w1, columns1, ref x1, ref w2, columns2, ref x2, stride, ref b1, ref b2, twoBiases, i, ref y);
        }
        for (; i < rows; i += 8)
        {
            Vector256<float> a = Bias(ref b1, ref b2, twoBiases, (nuint)i);
            a = Accumulate1(ref Unsafe.Add(ref w1, i), columns1, ref x1, stride, a);
            a = Accumulate1(ref Unsafe.Add(ref w2, i), columns2, ref x2, stride, a);
            a.StoreUnsafe(ref y, (nuint)i);
        }
    }

    /// <summary>
    /// AVX-512: the same sums in 512-bit row blocks. Every row gets the chain it gets on the 256-bit
    /// path (one FMA chain over W1's columns, then W2's, from the bias; two chains only for the last
    /// 8-24 rows of at most 128), so the results are the same bits. With 32 vector registers a block
    /// of 16 vectors (256 rows: an LSTM's gates at H = 64) stays in registers, and reads each matrix
    /// front to back in one pass, where the 256-bit path streams it in column groups and loads and
    /// stores the outputs once per group.
    /// </summary>
    private static void ComputeWide(
        ref float w1, int columns1, ref float x1, ref float w2, int columns2, ref float x2, int stride,
        ref float b1, ref float b2, bool twoBiases, int rows, ref float y)
    {
        int i = 0;
        for (; i + 256 <= rows; i += 256)
        {
            Block16Wide(ref w1, columns1, ref x1, ref w2, columns2, ref x2, stride, ref b1, ref b2, twoBiases, i, ref y);
        }
        if (rows > LinearAlgebra.RegisterBlockLimit)
        {
            // what no 256-row block took: the column groups' chains, as on the 256-bit path
            ColumnGroups(ref w1, columns1, ref x1, ref w2, columns2, ref x2, stride, ref b1, ref b2, twoBiases, i, rows, ref y);
            return;
        }
        for (; i + 128 <= rows; i += 128)
        {
            Block8Wide(ref w1, columns1, ref x1, ref w2, columns2, ref x2, stride, ref b1, ref b2, twoBiases, i, ref y);
        }
        for (; i + 64 <= rows; i += 64)
        {
            Block4Wide(ref w1, columns1, ref x1, ref w2, columns2, ref x2, stride, ref b1, ref b2, twoBiases, i, ref y);
        }
        ComputeTail(ref w1, columns1, ref x1, ref w2, columns2, ref x2, stride, ref b1, ref b2, twoBiases, i, rows, ref y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> BiasWide(ref float b1, ref float b2, bool twoBiases, nuint offset) =>
        twoBiases ? Vector512.LoadUnsafe(ref b1, offset) + Vector512.LoadUnsafe(ref b2, offset) : Vector512.LoadUnsafe(ref b1, offset);

    // One method per block size, each with a constant count, so the unused accumulators of the
    // shared body fold away and each keeps its own register allocation.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Block16Wide(
        ref float w1, int columns1, ref float x1, ref float w2, int columns2, ref float x2, int stride,
        ref float b1, ref float b2, bool twoBiases, int first, ref float y) =>
        BlockWide(16, ref w1, columns1, ref x1, ref w2, columns2, ref x2, stride, ref b1, ref b2, twoBiases, first, ref y);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Block8Wide(
        ref float w1, int columns1, ref float x1, ref float w2, int columns2, ref float x2, int stride,
        ref float b1, ref float b2, bool twoBiases, int first, ref float y) =>
        BlockWide(8, ref w1, columns1, ref x1, ref w2, columns2, ref x2, stride, ref b1, ref b2, twoBiases, first, ref y);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Block4Wide(
        ref float w1, int columns1, ref float x1, ref float w2, int columns2, ref float x2, int stride,
        ref float b1, ref float b2, bool twoBiases, int first, ref float y) =>
        BlockWide(4, ref w1, columns1, ref x1, ref w2, columns2, ref x2, stride, ref b1, ref b2, twoBiases, first, ref y);

    /// <summary><paramref name="vectors"/> (4, 8 or 16) 512-bit row vectors from row <paramref name="first"/>, one FMA chain each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BlockWide(
        int vectors, ref float w1, int columns1, ref float x1, ref float w2, int columns2, ref float x2, int stride,
        ref float b1, ref float b2, bool twoBiases, int first, ref float y)
    {
        nuint o = (nuint)first;
        Vector512<float> a0 = BiasWide(ref b1, ref b2, twoBiases, o), a1 = BiasWide(ref b1, ref b2, twoBiases, o + 16);
        Vector512<float> a2 = BiasWide(ref b1, ref b2, twoBiases, o + 32), a3 = BiasWide(ref b1, ref b2, twoBiases, o + 48);
        Vector512<float> a4 = default, a5 = default, a6 = default, a7 = default;
        Vector512<float> a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
        if (vectors > 4)
        {
            a4 = BiasWide(ref b1, ref b2, twoBiases, o + 64);
            a5 = BiasWide(ref b1, ref b2, twoBiases, o + 80);
            a6 = BiasWide(ref b1, ref b2, twoBiases, o + 96);
            a7 = BiasWide(ref b1, ref b2, twoBiases, o + 112);
        }
        if (vectors > 8)
        {
            a8 = BiasWide(ref b1, ref b2, twoBiases, o + 128);
            a9 = BiasWide(ref b1, ref b2, twoBiases, o + 144);
            a10 = BiasWide(ref b1, ref b2, twoBiases, o + 160);
            a11 = BiasWide(ref b1, ref b2, twoBiases, o + 176);
            a12 = BiasWide(ref b1, ref b2, twoBiases, o + 192);
            a13 = BiasWide(ref b1, ref b2, twoBiases, o + 208);
            a14 = BiasWide(ref b1, ref b2, twoBiases, o + 224);
            a15 = BiasWide(ref b1, ref b2, twoBiases, o + 240);
        }
        for (int part = 0; part < 2; part++)
        {
            ref float column = ref Unsafe.Add(ref part == 0 ? ref w1 : ref w2, first);
            ref float x = ref part == 0 ? ref x1 : ref x2;
            int columns = part == 0 ? columns1 : columns2;
            for (int j = 0; j < columns; j++)
            {
                Vector512<float> v = Vector512.Create(Unsafe.Add(ref x, j));
                a0 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column), v, a0);
                a1 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column, 16), v, a1);
                a2 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column, 32), v, a2);
                a3 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column, 48), v, a3);
                if (vectors > 4)
                {
                    a4 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column, 64), v, a4);
                    a5 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column, 80), v, a5);
                    a6 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column, 96), v, a6);
                    a7 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column, 112), v, a7);
                }
                if (vectors > 8)
                {
                    a8 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column, 128), v, a8);
                    a9 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column, 144), v, a9);
                    a10 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column, 160), v, a10);
                    a11 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column, 176), v, a11);
                    a12 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column, 192), v, a12);
                    a13 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column, 208), v, a13);
                    a14 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column, 224), v, a14);
                    a15 = LinearAlgebra.MultiplyAdd(Vector512.LoadUnsafe(ref column, 240), v, a15);
                }
                column = ref Unsafe.Add(ref column, stride);
            }
        }
        a0.StoreUnsafe(ref y, o);
        a1.StoreUnsafe(ref y, o + 16);
        a2.StoreUnsafe(ref y, o + 32);
        a3.StoreUnsafe(ref y, o + 48);
        if (vectors > 4)
        {
            a4.StoreUnsafe(ref y, o + 64);
            a5.StoreUnsafe(ref y, o + 80);
            a6.StoreUnsafe(ref y, o + 96);
            a7.StoreUnsafe(ref y, o + 112);
        }
        if (vectors > 8)
        {
            a8.StoreUnsafe(ref y, o + 128);
            a9.StoreUnsafe(ref y, o + 144);
            a10.StoreUnsafe(ref y, o + 160);
            a11.StoreUnsafe(ref y, o + 176);
            a12.StoreUnsafe(ref y, o + 192);
            a13.StoreUnsafe(ref y, o + 208);
            a14.StoreUnsafe(ref y, o + 224);
            a15.StoreUnsafe(ref y, o + 240);
        }
    }

    /// <summary>y = b + W x for one product (a GRU's n parts).</summary>
    public static void Compute(ref float w, int columns, ref float x, int stride, ref float b, int rows, ref float y) =>
        Compute(ref w, columns, ref x, ref w, 0, ref x, stride, ref b, ref b, twoBiases: false, rows, ref y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Bias(ref float b1, ref float b2, bool twoBiases, nuint offset) =>
        twoBiases ? Vector256.LoadUnsafe(ref b1, offset) + Vector256.LoadUnsafe(ref b2, offset) : Vector256.LoadUnsafe(ref b1, offset);

    // The accumulators are locals of one method, not ref parameters: the JIT keeps locals in
    // registers, while vectors passed by ref round-trip through the stack on every FMA.
    private static void Block8(
        ref float w1, int columns1, ref float x1, ref float w2, int columns2, ref float x2, int stride,
        ref float b1, ref float b2, bool twoBiases, int first, ref float y)
    {
        nuint o = (nuint)first;
        Vector256<float> a0 = Bias(ref b1, ref b2, twoBiases, o), a1 = Bias(ref b1, ref b2, twoBiases, o + 8);
        Vector256<float> a2 = Bias(ref b1, ref b2, twoBiases, o + 16), a3 = Bias(ref b1, ref b2, twoBiases, o + 24);
        Vector256<float> a4 = Bias(ref b1, ref b2, twoBiases, o + 32), a5 = Bias(ref b1, ref b2, twoBiases, o + 40);
        Vector256<float> a6 = Bias(ref b1, ref b2, twoBiases, o + 48), a7 = Bias(ref b1, ref b2, twoBiases, o + 56);
        for (int part = 0; part < 2; part++)
        {
            ref float column = ref Unsafe.Add(ref part == 0 ? ref w1 : ref w2, first);
            ref float x = ref part == 0 ? ref x1 : ref x2;
            int columns = part == 0 ? columns1 : columns2;
            for (int j = 0; j < columns; j++)
            {
                Vector256<float> v = Vector256.Create(Unsafe.Add(ref x, j));
                a0 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column), v, a0);
                a1 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 8), v, a1);
                a2 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 16), v, a2);
                a3 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 24), v, a3);
                a4 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 32), v, a4);
                a5 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 40), v, a5);
                a6 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 48), v, a6);
                a7 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 56), v, a7);
                column = ref Unsafe.Add(ref column, stride);
            }
        }
        a0.StoreUnsafe(ref y, o);
        a1.StoreUnsafe(ref y, o + 8);
        a2.StoreUnsafe(ref y, o + 16);
        a3.StoreUnsafe(ref y, o + 24);
        a4.StoreUnsafe(ref y, o + 32);
        a5.StoreUnsafe(ref y, o + 40);
        a6.StoreUnsafe(ref y, o + 48);
        a7.StoreUnsafe(ref y, o + 56);
    }

    private static void Block4(
        ref float w1, int columns1, ref float x1, ref float w2, int columns2, ref float x2, int stride,
        ref float b1, ref float b2, bool twoBiases, int first, ref float y)
    {
        nuint o = (nuint)first;
        Vector256<float> a0 = Bias(ref b1, ref b2, twoBiases, o), a1 = Bias(ref b1, ref b2, twoBiases, o + 8);
        Vector256<float> a2 = Bias(ref b1, ref b2, twoBiases, o + 16), a3 = Bias(ref b1, ref b2, twoBiases, o + 24);
        for (int part = 0; part < 2; part++)
        {
            ref float column = ref Unsafe.Add(ref part == 0 ? ref w1 : ref w2, first);
            ref float x = ref part == 0 ? ref x1 : ref x2;
            int columns = part == 0 ? columns1 : columns2;
            for (int j = 0; j < columns; j++)
            {
                Vector256<float> v = Vector256.Create(Unsafe.Add(ref x, j));
                a0 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column), v, a0);
                a1 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 8), v, a1);
                a2 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 16), v, a2);
                a3 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 24), v, a3);
                column = ref Unsafe.Add(ref column, stride);
            }
        }
        a0.StoreUnsafe(ref y, o);
        a1.StoreUnsafe(ref y, o + 8);
        a2.StoreUnsafe(ref y, o + 16);
        a3.StoreUnsafe(ref y, o + 24);
    }

    /// <summary>One output vector: two interleaved chains (even and odd columns) halve the FMA latency it waits on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Accumulate1(ref float column, int columns, ref float x, int stride, Vector256<float> a)
    {
        Vector256<float> b = Vector256<float>.Zero;
        int j = 0;
        for (; j + 2 <= columns; j += 2)
        {
            a = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column), Vector256.Create(Unsafe.Add(ref x, j)), a);
            b = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref column, stride)), Vector256.Create(Unsafe.Add(ref x, j + 1)), b);
            column = ref Unsafe.Add(ref column, 2 * stride);
        }
        if (j < columns)
        {
            a = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column), Vector256.Create(Unsafe.Add(ref x, j)), a);
        }
        return a + b;
    }
}
