using System;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SeqGen.Numerics;

/// <summary>
/// One whole LSTM step in one call: gates = b_ih + b_hh + W_ih x + W_hh h, the activations, c' and
/// h'. In single precision with 256-bit vectors and H = 8 or 16 it runs one method with the gates
/// in registers (<c>ForwardOneBlock</c>, <c>ForwardTwoBlocks</c>). With H another multiple of 8 it
/// runs two fused kernels: one pass of both products and both biases into the gate buffer
/// (<see cref="GatePreActivations"/>), then one loop that applies the activations and the state
/// update per block of 8 units (<see cref="LstmCell.ForwardSingle"/>). Otherwise it runs the
/// separate kernels (<see cref="LinearAlgebra"/> products, then <c>LstmCell.Forward</c>), with the
/// same results up to rounding. <see cref="ForwardSequence{T}"/> runs a whole sequence for
/// inference, in one method at H = 8 and 16.
/// </summary>
public static class LstmStep
{
    /// <summary>
    /// One step. Weights are input-major ([inputs][4H]); <paramref name="gates"/> receives the
    /// activations i, f, g, o for the backward pass. <paramref name="hidden"/> may be the same span as
    /// <paramref name="previousHidden"/>, and <paramref name="cell"/> as <paramref name="previousCell"/>
    /// (streaming updates its state in place). The recurrent input <paramref name="previousHidden"/>
    /// may be narrower than H (a projected LSTM's h); <paramref name="hidden"/> receives o * tanh(c').
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Forward<T>(
        ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh, ReadOnlySpan<T> biasHh,
        ReadOnlySpan<T> x, ReadOnlySpan<T> previousHidden, ReadOnlySpan<T> previousCell,
        Span<T> gates, Span<T> cell, Span<T> hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Inlined so that at H = 8 a generated step's constant span lengths fold the shape check
        // away and the call goes straight to the one-method kernel (docs/performance.md, eighth
        // session); every other size calls the general body, as before.
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && hidden.Length == 8)
        {
            CheckShapes(weightIh.Length, weightHh.Length, biasIh.Length, biasHh.Length, x.Length, previousHidden.Length, previousCell.Length, gates.Length, cell.Length, 8);
            ForwardOneBlock(
                ref FloatSpan.Ref(weightIh), x.Length, ref FloatSpan.Ref(x), ref FloatSpan.Ref(weightHh), previousHidden.Length, ref FloatSpan.Ref(previousHidden),
                ref FloatSpan.Ref(biasIh), ref FloatSpan.Ref(biasHh), ref FloatSpan.Ref(previousCell), ref FloatSpan.Ref(gates), ref FloatSpan.Ref(cell), ref FloatSpan.Ref(hidden),
                ref ActivationConstantSets.Values);
            return;
        }
        ForwardGeneral(weightIh, weightHh, biasIh, biasHh, x, previousHidden, previousCell, gates, cell, hidden);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardGeneral<T>(
        ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh, ReadOnlySpan<T> biasHh,
        ReadOnlySpan<T> x, ReadOnlySpan<T> previousHidden, ReadOnlySpan<T> previousCell,
        Span<T> gates, Span<T> cell, Span<T> hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = hidden.Length;
        // checked on every path, so a misshapen call throws the same way with or without vectors
        CheckShapes(weightIh.Length, weightHh.Length, biasIh.Length, biasHh.Length, x.Length, previousHidden.Length, previousCell.Length, gates.Length, cell.Length, h);
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && h == 16)
        {
            ForwardTwoBlocks(
                ref FloatSpan.Ref(weightIh), x.Length, ref FloatSpan.Ref(x), ref FloatSpan.Ref(weightHh), previousHidden.Length, ref FloatSpan.Ref(previousHidden),
                ref FloatSpan.Ref(biasIh), ref FloatSpan.Ref(biasHh), ref FloatSpan.Ref(previousCell), ref FloatSpan.Ref(gates), ref FloatSpan.Ref(cell), ref FloatSpan.Ref(hidden),
                ref ActivationConstantSets.Values);
            return;
        }
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && h % 8 == 0)
        {
            // the products read all of h before the cell loop writes h' (in place is safe)
            GatePreActivations.Compute(
                ref FloatSpan.Ref(weightIh), x.Length, ref FloatSpan.Ref(x), ref FloatSpan.Ref(weightHh), previousHidden.Length, ref FloatSpan.Ref(previousHidden),
                4 * h, ref FloatSpan.Ref(biasIh), ref FloatSpan.Ref(biasHh), twoBiases: true, 4 * h, ref FloatSpan.Ref(gates));
            LstmCell.ForwardSingle(h, ref FloatSpan.Ref(gates), ref FloatSpan.Ref(previousCell), ref FloatSpan.Ref(cell), ref FloatSpan.Ref(hidden));
            return;
        }
        LinearAlgebra.Add(biasIh, biasHh, gates);
        LinearAlgebra.AccumulateColumns(weightIh, gates.Length, x, gates);
        LinearAlgebra.AccumulateColumns(weightHh, gates.Length, previousHidden, gates);
        LstmCell.Forward(gates, previousCell, cell, hidden);
    }

    /// <summary>
    /// H = 8: the four gate vectors i, f, g, o, each as two FMA chains over even and odd columns,
    /// fit in registers, so the products (x's columns, then h's), the activations, c' and h' run in
    /// this one method, with no pass over stored pre-activations and no calls (at this size the
    /// general path's call and loop overhead outweighed its arithmetic). Not inlined, with the
    /// coefficients as a parameter, for the reason given at LstmCell.ForwardBlocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardOneBlock(
        ref float wIh, int inputs, ref float x, ref float wHh, int recurrentInputs, ref float previousHidden,
        ref float bIh, ref float bHh, ref float previousCell, ref float gates, ref float cell, ref float hidden, ref ActivationConstantSets k)
    {
        Vector256<float> i0 = Vector256.LoadUnsafe(ref bIh) + Vector256.LoadUnsafe(ref bHh);
        Vector256<float> f0 = Vector256.LoadUnsafe(ref bIh, 8) + Vector256.LoadUnsafe(ref bHh, 8);
        Vector256<float> g0 = Vector256.LoadUnsafe(ref bIh, 16) + Vector256.LoadUnsafe(ref bHh, 16);
        Vector256<float> o0 = Vector256.LoadUnsafe(ref bIh, 24) + Vector256.LoadUnsafe(ref bHh, 24);
        Vector256<float> i1 = Vector256<float>.Zero, f1 = i1, g1 = i1, o1 = i1;
        AddColumns8(ref wIh, ref x, inputs, ref i0, ref f0, ref g0, ref o0, ref i1, ref f1, ref g1, ref o1);
        AddColumns8(ref wHh, ref previousHidden, recurrentInputs, ref i0, ref f0, ref g0, ref o0, ref i1, ref f1, ref g1, ref o1);
        // the activations, c' = f c + i g and h' = o tanh(c'), as LstmCell's loop computes them
        Vector256<float> i = Activations.Sigmoid(i0 + i1, ref k[0]);
        Vector256<float> g = Activations.Tanh(g0 + g1, ref k[1]);
        Vector256<float> f = Activations.Sigmoid(f0 + f1, ref k[2]);
        Vector256<float> o = Activations.Sigmoid(o0 + o1, ref k[3]);
        Vector256<float> c = LinearAlgebra.MultiplyAdd(f, Vector256.LoadUnsafe(ref previousCell), i * g);
        i.StoreUnsafe(ref gates);
        f.StoreUnsafe(ref gates, 8);
        g.StoreUnsafe(ref gates, 16);
        o.StoreUnsafe(ref gates, 24);
        c.StoreUnsafe(ref cell);
        (o * Activations.Tanh(c, ref k[4])).StoreUnsafe(ref hidden);
    }

    /// <summary>
    /// H = 16: the same arithmetic as the general path (<see cref="GatePreActivations"/>' block of
    /// eight row vectors, one FMA chain each over x's columns, then h's; then LstmCell's activations
    /// per block of 8 units), so the same bits, but in one method with the gates in registers: no
    /// store and reload of the pre-activations, no calls and no loop over blocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardTwoBlocks(
        ref float wIh, int inputs, ref float x, ref float wHh, int recurrentInputs, ref float previousHidden,
        ref float bIh, ref float bHh, ref float previousCell, ref float gates, ref float cell, ref float hidden, ref ActivationConstantSets k)
    {
        const int Stride = 64; // 4H: one column of i, f, g, o rows
        // i (units 0-7, 8-15), f, g, o
        Vector256<float> i0 = Vector256.LoadUnsafe(ref bIh) + Vector256.LoadUnsafe(ref bHh);
        Vector256<float> i1 = Vector256.LoadUnsafe(ref bIh, 8) + Vector256.LoadUnsafe(ref bHh, 8);
        Vector256<float> f0 = Vector256.LoadUnsafe(ref bIh, 16) + Vector256.LoadUnsafe(ref bHh, 16);
        Vector256<float> f1 = Vector256.LoadUnsafe(ref bIh, 24) + Vector256.LoadUnsafe(ref bHh, 24);
        Vector256<float> g0 = Vector256.LoadUnsafe(ref bIh, 32) + Vector256.LoadUnsafe(ref bHh, 32);
        Vector256<float> g1 = Vector256.LoadUnsafe(ref bIh, 40) + Vector256.LoadUnsafe(ref bHh, 40);
        Vector256<float> o0 = Vector256.LoadUnsafe(ref bIh, 48) + Vector256.LoadUnsafe(ref bHh, 48);
        Vector256<float> o1 = Vector256.LoadUnsafe(ref bIh, 56) + Vector256.LoadUnsafe(ref bHh, 56);
        for (int part = 0; part < 2; part++)
        {
            ref float column = ref part == 0 ? ref wIh : ref wHh;
            ref float v = ref part == 0 ? ref x : ref previousHidden;
            int columns = part == 0 ? inputs : recurrentInputs;
            for (int j = 0; j < columns; j++)
            {
                Vector256<float> e = Vector256.Create(Unsafe.Add(ref v, j));
                AddColumn16(ref column, e, ref i0, ref i1, ref f0, ref f1, ref g0, ref g1, ref o0, ref o1);
                column = ref Unsafe.Add(ref column, Stride);
            }
        }
        // the activations and c' = f c + i g per block of 8 units, then h' = o tanh(c'), as LstmCell's loops compute them
        i0 = Activations.Sigmoid(i0, ref k[0]);
        g0 = Activations.Tanh(g0, ref k[1]);
        f0 = Activations.Sigmoid(f0, ref k[2]);
        o0 = Activations.Sigmoid(o0, ref k[3]);
        Vector256<float> c0 = LinearAlgebra.MultiplyAdd(f0, Vector256.LoadUnsafe(ref previousCell), i0 * g0);
        i1 = Activations.Sigmoid(i1, ref k[5]);
        g1 = Activations.Tanh(g1, ref k[6]);
        f1 = Activations.Sigmoid(f1, ref k[7]);
        o1 = Activations.Sigmoid(o1, ref k[8]);
        Vector256<float> c1 = LinearAlgebra.MultiplyAdd(f1, Vector256.LoadUnsafe(ref previousCell, 8), i1 * g1);
        i0.StoreUnsafe(ref gates);
        i1.StoreUnsafe(ref gates, 8);
        f0.StoreUnsafe(ref gates, 16);
        f1.StoreUnsafe(ref gates, 24);
        g0.StoreUnsafe(ref gates, 32);
        g1.StoreUnsafe(ref gates, 40);
        o0.StoreUnsafe(ref gates, 48);
        o1.StoreUnsafe(ref gates, 56);
        c0.StoreUnsafe(ref cell);
        c1.StoreUnsafe(ref cell, 8);
        (o0 * Activations.Tanh(c0, ref k[4])).StoreUnsafe(ref hidden);
        (o1 * Activations.Tanh(c1, ref k[9])).StoreUnsafe(ref hidden, 8);
    }

    /// <summary>
    /// The columns of one H = 8 product (x's or h's, <paramref name="v"/>) in pairs, even columns
    /// into the first chains and odd into the second, then an odd last column into the first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColumns8(
        ref float column, ref float v, int columns, ref Vector256<float> i0, ref Vector256<float> f0, ref Vector256<float> g0, ref Vector256<float> o0,
        ref Vector256<float> i1, ref Vector256<float> f1, ref Vector256<float> g1, ref Vector256<float> o1)
    {
        const int Stride = 32; // 4H: one column of i, f, g, o rows
        int j = 0;
        for (; j + 2 <= columns; j += 2)
        {
            AddColumn8(ref column, 0, Vector256.Create(Unsafe.Add(ref v, j)), ref i0, ref f0, ref g0, ref o0);
            AddColumn8(ref column, Stride, Vector256.Create(Unsafe.Add(ref v, j + 1)), ref i1, ref f1, ref g1, ref o1);
            column = ref Unsafe.Add(ref column, 2 * Stride);
        }
        if (j < columns)
        {
            AddColumn8(ref column, 0, Vector256.Create(Unsafe.Add(ref v, j)), ref i0, ref f0, ref g0, ref o0);
        }
    }

    /// <summary>
    /// One column of the H = 8 gate product (its rows from <paramref name="offset"/>), broadcast in
    /// <paramref name="v"/>: one FMA into each of one chain of i, f, g, o. Inlined; the accumulators
    /// stay the caller's locals, and a constant offset folds into the loads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColumn8(ref float column, int offset, Vector256<float> v, ref Vector256<float> i, ref Vector256<float> f, ref Vector256<float> g, ref Vector256<float> o)
    {
        i = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)offset), v, i);
        f = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(offset + 8)), v, f);
        g = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(offset + 16)), v, g);
        o = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(offset + 24)), v, o);
    }

    /// <summary>
    /// One column of the H = 16 gate product, broadcast in <paramref name="v"/>: one FMA into each
    /// gate vector's chain (i, f, g, o for units 0-7 and 8-15). Inlined; the accumulators stay the
    /// caller's locals.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColumn16(ref float column, Vector256<float> v, ref Vector256<float> i0, ref Vector256<float> i1, ref Vector256<float> f0, ref Vector256<float> f1,
        ref Vector256<float> g0, ref Vector256<float> g1, ref Vector256<float> o0, ref Vector256<float> o1)
    {
        i0 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column), v, i0);
        i1 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 8), v, i1);
        f0 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 16), v, f0);
        f1 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 24), v, f1);
        g0 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 32), v, g0);
        g1 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 40), v, g1);
        o0 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 48), v, o0);
        o1 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, 56), v, o1);
    }

    /// <summary>
    /// <paramref name="length"/> steps over <paramref name="inputs"/> ([length][x]), from the state in
    /// <paramref name="cell"/> and <paramref name="hidden"/> ([H] each), which advance in place; h of
    /// every step goes to <paramref name="outputs"/> ([length][H]) unless it is empty. The results are
    /// the same bits as <paramref name="length"/> calls of <see cref="Forward{T}"/> (the same kernels,
    /// or at H = 8 and 16 in single precision the same arithmetic in the same order), but nothing is
    /// kept for a backward pass. <paramref name="gates"/> [4H] is scratch. Not for a projected LSTM:
    /// the recurrent input is h itself.
    /// </summary>
    public static void ForwardSequence<T>(
        ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh, ReadOnlySpan<T> biasHh,
        ReadOnlySpan<T> inputs, int inputWidth, int length, Span<T> gates, Span<T> cell, Span<T> hidden, Span<T> outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = hidden.Length, x = inputWidth;
        CheckSequence("An LSTM", h, inputs.Length, x, length, outputs.Length);
        // not projected: the recurrent input is h itself
        CheckShapes(weightIh.Length, weightHh.Length, biasIh.Length, biasHh.Length, x, h, cell.Length, gates.Length, cell.Length, h);
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && Avx.IsSupported && h == 8)
        {
            ForwardSequenceOneBlock(
                ref FloatSpan.Ref(weightIh), x, ref FloatSpan.Ref(inputs), length, ref FloatSpan.Ref(weightHh), ref FloatSpan.Ref(biasIh), ref FloatSpan.Ref(biasHh),
                ref FloatSpan.Ref(cell), ref FloatSpan.Ref(hidden), ref FloatSpan.Ref(outputs), outputs.Length != 0, ref ActivationConstantSets.Values);
            return;
        }
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && Avx.IsSupported && h == 16)
        {
            ForwardSequenceTwoBlocks(
                ref FloatSpan.Ref(weightIh), x, ref FloatSpan.Ref(inputs), length, ref FloatSpan.Ref(weightHh), ref FloatSpan.Ref(biasIh), ref FloatSpan.Ref(biasHh),
                ref FloatSpan.Ref(cell), ref FloatSpan.Ref(hidden), ref FloatSpan.Ref(outputs), outputs.Length != 0, ref ActivationConstantSets.Values);
            return;
        }
        for (int t = 0; t < length; t++)
        {
            Forward(weightIh, weightHh, biasIh, biasHh, inputs.Slice(t * x, x), hidden, cell, gates, cell, hidden);
            if (outputs.Length != 0)
            {
                hidden.CopyTo(outputs.Slice(t * h, h));
            }
        }
    }

    /// <summary>
    /// H = 8 over a whole sequence: <see cref="ForwardOneBlock"/>'s arithmetic in the same order, with h
    /// and c carried in registers from step to step and no gates stored, in one call. h's elements are
    /// broadcast from the register with in-lane permutes (each 128-bit half of h copied to both lanes,
    /// then one permute per element). Storing h and broadcasting from memory, as the step does, took fewer
    /// instructions but more cycles (LSTM 1->8, RESULTS.md run AJ: 152 cycles per step, against 137
    /// with a full-width permute per element and 130 with these).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardSequenceOneBlock(
        ref float wIh, int inputs, ref float xs, int length, ref float wHh, ref float bIh, ref float bHh,
        ref float cell, ref float hidden, ref float outputs, bool writesOutputs, ref ActivationConstantSets k)
    {
        const int Stride = 32; // 4H: one column of i, f, g, o rows
        Vector256<float> c = Vector256.LoadUnsafe(ref cell), h = Vector256.LoadUnsafe(ref hidden);
        for (int t = 0; t < length; t++)
        {
            Vector256<float> i0 = Vector256.LoadUnsafe(ref bIh) + Vector256.LoadUnsafe(ref bHh);
            Vector256<float> f0 = Vector256.LoadUnsafe(ref bIh, 8) + Vector256.LoadUnsafe(ref bHh, 8);
            Vector256<float> g0 = Vector256.LoadUnsafe(ref bIh, 16) + Vector256.LoadUnsafe(ref bHh, 16);
            Vector256<float> o0 = Vector256.LoadUnsafe(ref bIh, 24) + Vector256.LoadUnsafe(ref bHh, 24);
            Vector256<float> i1 = Vector256<float>.Zero, f1 = i1, g1 = i1, o1 = i1;
            AddColumns8(ref wIh, ref Unsafe.Add(ref xs, t * inputs), inputs, ref i0, ref f0, ref g0, ref o0, ref i1, ref f1, ref g1, ref o1);
            // h's 8 columns in pairs, each element broadcast from the register (no store and reload on the chain from step to step)
            ref float column = ref wHh;
            Vector256<float> low = Avx.Permute2x128(h, h, 0x00), high = Avx.Permute2x128(h, h, 0x11);
            for (int e = 0; e < 8; e += 2)
            {
                Vector256<float> quarter = e < 4 ? low : high;
                Vector256<float> even = e % 4 == 0 ? Avx.Permute(quarter, 0x00) : Avx.Permute(quarter, 0xAA);
                Vector256<float> odd = e % 4 == 0 ? Avx.Permute(quarter, 0x55) : Avx.Permute(quarter, 0xFF);
                AddColumn8(ref column, 0, even, ref i0, ref f0, ref g0, ref o0);
                AddColumn8(ref column, Stride, odd, ref i1, ref f1, ref g1, ref o1);
                column = ref Unsafe.Add(ref column, 2 * Stride);
            }
            Vector256<float> i = Activations.Sigmoid(i0 + i1, ref k[0]);
            Vector256<float> g = Activations.Tanh(g0 + g1, ref k[1]);
            Vector256<float> f = Activations.Sigmoid(f0 + f1, ref k[2]);
            Vector256<float> o = Activations.Sigmoid(o0 + o1, ref k[3]);
            c = LinearAlgebra.MultiplyAdd(f, c, i * g);
            h = o * Activations.Tanh(c, ref k[4]);
            if (writesOutputs)
            {
                h.StoreUnsafe(ref outputs, (nuint)(t * 8));
            }
        }
        h.StoreUnsafe(ref hidden);
        c.StoreUnsafe(ref cell);
    }

    /// <summary>
    /// H = 16 over a whole sequence: <see cref="ForwardTwoBlocks"/>' arithmetic in the same order,
    /// with h and c carried in registers from step to step (h's elements broadcast as in
    /// <see cref="ForwardSequenceOneBlock"/>) and no gates stored, in one call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardSequenceTwoBlocks(
        ref float wIh, int inputs, ref float xs, int length, ref float wHh, ref float bIh, ref float bHh,
        ref float cell, ref float hidden, ref float outputs, bool writesOutputs, ref ActivationConstantSets k)
    {
        const int Stride = 64; // 4H: one column of i, f, g, o rows
        Vector256<float> c0 = Vector256.LoadUnsafe(ref cell), c1 = Vector256.LoadUnsafe(ref cell, 8);
        Vector256<float> h0 = Vector256.LoadUnsafe(ref hidden), h1 = Vector256.LoadUnsafe(ref hidden, 8);
        for (int t = 0; t < length; t++)
        {
            Vector256<float> i0 = Vector256.LoadUnsafe(ref bIh) + Vector256.LoadUnsafe(ref bHh);
            Vector256<float> i1 = Vector256.LoadUnsafe(ref bIh, 8) + Vector256.LoadUnsafe(ref bHh, 8);
            Vector256<float> f0 = Vector256.LoadUnsafe(ref bIh, 16) + Vector256.LoadUnsafe(ref bHh, 16);
            Vector256<float> f1 = Vector256.LoadUnsafe(ref bIh, 24) + Vector256.LoadUnsafe(ref bHh, 24);
            Vector256<float> g0 = Vector256.LoadUnsafe(ref bIh, 32) + Vector256.LoadUnsafe(ref bHh, 32);
            Vector256<float> g1 = Vector256.LoadUnsafe(ref bIh, 40) + Vector256.LoadUnsafe(ref bHh, 40);
            Vector256<float> o0 = Vector256.LoadUnsafe(ref bIh, 48) + Vector256.LoadUnsafe(ref bHh, 48);
            Vector256<float> o1 = Vector256.LoadUnsafe(ref bIh, 56) + Vector256.LoadUnsafe(ref bHh, 56);
            // x's columns
            ref float x = ref Unsafe.Add(ref xs, t * inputs);
            ref float column = ref wIh;
            for (int j = 0; j < inputs; j++)
            {
                Vector256<float> e = Vector256.Create(Unsafe.Add(ref x, j));
                AddColumn16(ref column, e, ref i0, ref i1, ref f0, ref f1, ref g0, ref g1, ref o0, ref o1);
                column = ref Unsafe.Add(ref column, Stride);
            }
            // h's 16 columns, four per 128-bit quarter of h: the quarter copied to both lanes, then each element broadcast in-lane
            column = ref wHh;
            for (int q = 0; q < 4; q++)
            {
                Vector256<float> half = q < 2 ? h0 : h1;
                Vector256<float> quarter = (q & 1) == 0 ? Avx.Permute2x128(half, half, 0x00) : Avx.Permute2x128(half, half, 0x11);
                Vector256<float> v;
                v = Avx.Permute(quarter, 0x00);
                AddColumn16(ref column, v, ref i0, ref i1, ref f0, ref f1, ref g0, ref g1, ref o0, ref o1);
                column = ref Unsafe.Add(ref column, Stride);
                v = Avx.Permute(quarter, 0x55);
                AddColumn16(ref column, v, ref i0, ref i1, ref f0, ref f1, ref g0, ref g1, ref o0, ref o1);
                column = ref Unsafe.Add(ref column, Stride);
                v = Avx.Permute(quarter, 0xAA);
                AddColumn16(ref column, v, ref i0, ref i1, ref f0, ref f1, ref g0, ref g1, ref o0, ref o1);
                column = ref Unsafe.Add(ref column, Stride);
                v = Avx.Permute(quarter, 0xFF);
                AddColumn16(ref column, v, ref i0, ref i1, ref f0, ref f1, ref g0, ref g1, ref o0, ref o1);
                column = ref Unsafe.Add(ref column, Stride);
            }
            i0 = Activations.Sigmoid(i0, ref k[0]);
            g0 = Activations.Tanh(g0, ref k[1]);
            f0 = Activations.Sigmoid(f0, ref k[2]);
            o0 = Activations.Sigmoid(o0, ref k[3]);
            c0 = LinearAlgebra.MultiplyAdd(f0, c0, i0 * g0);
            i1 = Activations.Sigmoid(i1, ref k[5]);
            g1 = Activations.Tanh(g1, ref k[6]);
            f1 = Activations.Sigmoid(f1, ref k[7]);
            o1 = Activations.Sigmoid(o1, ref k[8]);
            c1 = LinearAlgebra.MultiplyAdd(f1, c1, i1 * g1);
            h0 = o0 * Activations.Tanh(c0, ref k[4]);
            h1 = o1 * Activations.Tanh(c1, ref k[9]);
            if (writesOutputs)
            {
                h0.StoreUnsafe(ref outputs, (nuint)(t * 16));
                h1.StoreUnsafe(ref outputs, (nuint)(t * 16 + 8));
            }
        }
        c0.StoreUnsafe(ref cell);
        c1.StoreUnsafe(ref cell, 8);
        h0.StoreUnsafe(ref hidden);
        h1.StoreUnsafe(ref hidden, 8);
    }

    /// <summary>
    /// The sequence arguments of <see cref="ForwardSequence{T}"/> and GruStep's: a length and input
    /// width of at least 0, inputs for every step, and outputs for every step or none.
    /// </summary>
    internal static void CheckSequence(string cell, int h, int inputs, int inputWidth, int length, int outputs)
    {
        if (inputWidth < 0 || length < 0)
        {
            throw new ArgumentException($"{cell} sequence with H = {h} needs a length and an input width of at least 0; got length {length} and input width {inputWidth}.");
        }
        if ((long)length * inputWidth > inputs || (outputs != 0 && outputs < (long)length * h))
        {
            throw new ArgumentException(
                $"{cell} sequence of {length} steps of {inputWidth} inputs with H = {h} needs at least {(long)length * inputWidth} inputs, and outputs of at least {(long)length * h} or none; got {inputs} inputs and {outputs} outputs.");
        }
    }

    /// <summary>The checks that keep the unchecked loads and stores above inside their spans (inlined; the throw is a helper).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckShapes(int weightIh, int weightHh, int biasIh, int biasHh, int x, int previousHidden, int previousCell, int gates, int cell, int h)
    {
        int g = 4 * h;
        if (weightIh != (long)x * g || weightHh != (long)previousHidden * g || biasIh != g || biasHh != g || gates != g
            || previousHidden < 1 || previousCell != h || cell != h)
        {
            ThrowShapes(weightIh, weightHh, biasIh, biasHh, x, previousHidden, previousCell, gates, cell, h);
        }
    }

    [DoesNotReturn]
    private static void ThrowShapes(int weightIh, int weightHh, int biasIh, int biasHh, int x, int previousHidden, int previousCell, int gates, int cell, int h)
    {
        int g = 4 * h;
        throw new ArgumentException(
            $"An LSTM step with {x} inputs, {previousHidden} recurrent inputs and H = {h} needs weights of {(long)x * g} and {(long)previousHidden * g}, biases and gates of {g}, and cell states of {h}; " +
            $"got weights {weightIh} and {weightHh}, biases {biasIh} and {biasHh}, gates {gates}, states {previousHidden}, {previousCell} and {cell}.");
    }
}
