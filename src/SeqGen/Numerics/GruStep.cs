using System;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SeqGen.Numerics;

/// <summary>
/// One whole reset-after GRU step (PyTorch's) in one call: the input part W_ih x + b_ih and the
/// recurrent part W_hh h + b_hh of the gates r, z, n, the activations and h'. In single precision
/// with 256-bit vectors and H = 8 or 16 it runs one method with the gates in registers
/// (<c>ForwardOneBlock</c>, <c>ForwardTwoBlocks</c>); with H another multiple of 8 it runs fused kernels: the r and z rows of both
/// products in one pass (their sum is all the activations need), the two n parts separately (n
/// needs r * (W_hn h + b_hn)), then one loop over blocks of 8 units for the activations and h'.
/// Otherwise it runs the separate kernels (<see cref="LinearAlgebra"/> products, then
/// <see cref="GruCell.ForwardResetAfter{T}"/>), with the same results up to rounding.
/// <see cref="ForwardResetAfterSequence{T}"/> runs a whole sequence for inference, in one method at H = 8 and 16.
/// </summary>
public static class GruStep
{
    /// <summary>
    /// One step. Weights are input-major ([inputs][3H]). <paramref name="gates"/> [3H] receives the
    /// activations r, z, n and <paramref name="recurrentN"/> [H] W_hn h + b_hn, for the backward pass;
    /// <paramref name="recurrent"/> [3H] is scratch. <paramref name="hidden"/> may be the same span as
    /// <paramref name="previousHidden"/> (streaming updates its state in place).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ForwardResetAfter<T>(
        ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh, ReadOnlySpan<T> biasHh,
        ReadOnlySpan<T> x, ReadOnlySpan<T> previousHidden, Span<T> gates, Span<T> recurrent, Span<T> recurrentN, Span<T> hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Inlined so that at H = 8 a generated step's constant span lengths fold the shape check
        // away and the call goes straight to the one-method kernel (docs/performance.md, eighth
        // session); every other size calls the general body, as before.
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && hidden.Length == 8)
        {
            CheckShapes(weightIh.Length, weightHh.Length, biasIh.Length, biasHh.Length, x.Length, previousHidden.Length, gates.Length, recurrentN.Length, 8);
            ForwardOneBlock(
                ref FloatSpan.Ref(weightIh), x.Length, ref FloatSpan.Ref(x), ref FloatSpan.Ref(weightHh), ref FloatSpan.Ref(previousHidden),
                ref FloatSpan.Ref(biasIh), ref FloatSpan.Ref(biasHh), ref FloatSpan.Ref(gates), ref FloatSpan.Ref(recurrentN), ref FloatSpan.Ref(hidden),
                ref ActivationConstantSets.Values);
            return;
        }
        ForwardResetAfterGeneral(weightIh, weightHh, biasIh, biasHh, x, previousHidden, gates, recurrent, recurrentN, hidden);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardResetAfterGeneral<T>(
        ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh, ReadOnlySpan<T> biasHh,
        ReadOnlySpan<T> x, ReadOnlySpan<T> previousHidden, Span<T> gates, Span<T> recurrent, Span<T> recurrentN, Span<T> hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = hidden.Length;
        // checked on every path, so a misshapen call throws the same way with or without vectors
        CheckShapes(weightIh.Length, weightHh.Length, biasIh.Length, biasHh.Length, x.Length, previousHidden.Length, gates.Length, recurrentN.Length, h);
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && h == 16)
        {
            ForwardTwoBlocks(
                ref FloatSpan.Ref(weightIh), x.Length, ref FloatSpan.Ref(x), ref FloatSpan.Ref(weightHh), ref FloatSpan.Ref(previousHidden),
                ref FloatSpan.Ref(biasIh), ref FloatSpan.Ref(biasHh), ref FloatSpan.Ref(gates), ref FloatSpan.Ref(recurrentN), ref FloatSpan.Ref(hidden),
                ref ActivationConstantSets.Values);
            return;
        }
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && h % 8 == 0)
        {
            int g = 3 * h;
            ref float wIh = ref FloatSpan.Ref(weightIh), wHh = ref FloatSpan.Ref(weightHh), bIh = ref FloatSpan.Ref(biasIh), bHh = ref FloatSpan.Ref(biasHh);
            ref float xs = ref FloatSpan.Ref(x), hs = ref FloatSpan.Ref(previousHidden), pre = ref FloatSpan.Ref(gates), nh = ref FloatSpan.Ref(recurrentN);
            // r, z: b_ih + b_hh + W_ih x + W_hh h
            GatePreActivations.Compute(ref wIh, x.Length, ref xs, ref wHh, h, ref hs, g, ref bIh, ref bHh, twoBiases: true, 2 * h, ref pre);
            // n's input part b_in + W_in x, and its recurrent part b_hn + W_hn h
            GatePreActivations.Compute(ref Unsafe.Add(ref wIh, 2 * h), x.Length, ref xs, g, ref Unsafe.Add(ref bIh, 2 * h), h, ref Unsafe.Add(ref pre, 2 * h));
            GatePreActivations.Compute(ref Unsafe.Add(ref wHh, 2 * h), h, ref hs, g, ref Unsafe.Add(ref bHh, 2 * h), h, ref nh);
            // the products read all of h before the cell loop writes h' (in place is safe)
            GruCell.ForwardResetAfterSingle(h, ref pre, ref nh, ref hs, ref FloatSpan.Ref(hidden));
            return;
        }
        biasIh.CopyTo(gates);
        LinearAlgebra.AccumulateColumns(weightIh, gates.Length, x, gates);
        biasHh.CopyTo(recurrent);
        LinearAlgebra.AccumulateColumns(weightHh, recurrent.Length, previousHidden, recurrent);
        GruCell.ForwardResetAfter(gates, recurrent, previousHidden, hidden, recurrentN);
    }

    /// <summary>
    /// <paramref name="length"/> steps over <paramref name="inputs"/> ([length][x]), from the state in
    /// <paramref name="hidden"/> [H], which advances in place; h of every step goes to
    /// <paramref name="outputs"/> ([length][H]) unless it is empty. The results are the same bits as
    /// <paramref name="length"/> calls of <see cref="ForwardResetAfter{T}"/> (the same kernels, or at
    /// H = 8 and 16 in single precision the same arithmetic in the same order), but nothing is kept for a
    /// backward pass. <paramref name="gates"/> and <paramref name="recurrent"/> [3H] and
    /// <paramref name="recurrentN"/> [H] are scratch.
    /// </summary>
    public static void ForwardResetAfterSequence<T>(
        ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh, ReadOnlySpan<T> biasHh,
        ReadOnlySpan<T> inputs, int inputWidth, int length, Span<T> gates, Span<T> recurrent, Span<T> recurrentN, Span<T> hidden, Span<T> outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = hidden.Length, x = inputWidth;
        LstmStep.CheckSequence("A GRU", h, inputs.Length, x, length, outputs.Length);
        CheckShapes(weightIh.Length, weightHh.Length, biasIh.Length, biasHh.Length, x, h, gates.Length, recurrentN.Length, h);
        if (recurrent.Length != 3 * h)
        {
            // the step checks it only where it uses it (the separate kernels)
            throw new ArgumentException($"A GRU sequence with H = {h} needs a recurrent scratch of {3 * h}; got {recurrent.Length}.");
        }
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && Avx.IsSupported && h == 8)
        {
            ForwardSequenceOneBlock(
                ref FloatSpan.Ref(weightIh), x, ref FloatSpan.Ref(inputs), length, ref FloatSpan.Ref(weightHh), ref FloatSpan.Ref(biasIh), ref FloatSpan.Ref(biasHh),
                ref FloatSpan.Ref(hidden), ref FloatSpan.Ref(outputs), outputs.Length != 0, ref ActivationConstantSets.Values);
            return;
        }
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && Avx.IsSupported && h == 16)
        {
            ForwardSequenceTwoBlocks(
                ref FloatSpan.Ref(weightIh), x, ref FloatSpan.Ref(inputs), length, ref FloatSpan.Ref(weightHh), ref FloatSpan.Ref(biasIh), ref FloatSpan.Ref(biasHh),
                ref FloatSpan.Ref(hidden), ref FloatSpan.Ref(outputs), outputs.Length != 0, ref ActivationConstantSets.Values);
            return;
        }
        for (int t = 0; t < length; t++)
        {
            ForwardResetAfter(weightIh, weightHh, biasIh, biasHh, inputs.Slice(t * x, x), hidden, gates, recurrent, recurrentN, hidden);
            if (outputs.Length != 0)
            {
                hidden.CopyTo(outputs.Slice(t * h, h));
            }
        }
    }

    /// <summary>The checks that keep the unchecked loads and stores inside their spans (inlined; the throw is a helper).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckShapes(int weightIh, int weightHh, int biasIh, int biasHh, int x, int previousHidden, int gates, int recurrentN, int h)
    {
        int g = 3 * h;
        if (weightIh != (long)x * g || weightHh != (long)h * g || biasIh != g || biasHh != g || gates != g || previousHidden != h || recurrentN != h)
        {
            ThrowShapes(x, h);
        }
    }

    [DoesNotReturn]
    private static void ThrowShapes(int x, int h)
    {
        int g = 3 * h;
        throw new ArgumentException(
            $"A GRU step with {x} inputs and H = {h} needs weights of {(long)x * g} and {(long)h * g}, biases and gates of {g}, and states of {h}.");
    }

    /// <summary>
    /// H = 8: all of a step's gate rows fit in registers (r, z, the input and the recurrent part of
    /// n, each as two FMA chains over even and odd columns), so the products, the activations and
    /// h' run in this one method, with no pass over stored pre-activations and no calls. At this
    /// size the general path spent most of its ~700 instructions per step (perf) on three product
    /// passes with two columns per loop turn, their calls and the cell loop's.
    /// Not inlined, with the coefficients as a parameter, for the reason given at LstmCell.ForwardBlocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardOneBlock(
        ref float wIh, int inputs, ref float x, ref float wHh, ref float previousHidden, ref float bIh, ref float bHh,
        ref float gates, ref float recurrentN, ref float hidden, ref ActivationConstantSets k)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref bIh) + Vector256.LoadUnsafe(ref bHh);
        Vector256<float> z0 = Vector256.LoadUnsafe(ref bIh, 8) + Vector256.LoadUnsafe(ref bHh, 8);
        Vector256<float> inN0 = Vector256.LoadUnsafe(ref bIh, 16), recN0 = Vector256.LoadUnsafe(ref bHh, 16);
        Vector256<float> r1 = Vector256<float>.Zero, z1 = r1, inN1 = r1, recN1 = r1;
        // the input part of r, z, n: columns of W_ih in pairs, then an odd one
        AddColumns3(ref wIh, ref x, inputs, ref r0, ref z0, ref inN0, ref r1, ref z1, ref inN1);
        // the recurrent part: the 8 columns of W_hh in pairs
        AddColumns3(ref wHh, ref previousHidden, 8, ref r0, ref z0, ref recN0, ref r1, ref z1, ref recN1);
        // the activations and h' = (1 - z) n + z h = n + z (h - n), as GruCell's loop computes them
        Vector256<float> recN = recN0 + recN1;
        Vector256<float> r = Activations.Sigmoid(r0 + r1, ref k[0]);
        Vector256<float> z = Activations.Sigmoid(z0 + z1, ref k[1]);
        Vector256<float> n = Activations.Tanh(LinearAlgebra.MultiplyAdd(r, recN, inN0 + inN1), ref k[2]);
        Vector256<float> h = Vector256.LoadUnsafe(ref previousHidden);
        r.StoreUnsafe(ref gates);
        z.StoreUnsafe(ref gates, 8);
        n.StoreUnsafe(ref gates, 16);
        recN.StoreUnsafe(ref recurrentN);
        LinearAlgebra.MultiplyAdd(z, h - n, n).StoreUnsafe(ref hidden);
    }

    /// <summary>
    /// H = 8 over a whole sequence: <see cref="ForwardOneBlock"/>'s arithmetic in the same order, with h
    /// carried in a register from step to step (broadcast as in LstmStep's sequence kernel) and no gates
    /// stored, in one call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardSequenceOneBlock(
        ref float wIh, int inputs, ref float xs, int length, ref float wHh, ref float bIh, ref float bHh,
        ref float hidden, ref float outputs, bool writesOutputs, ref ActivationConstantSets k)
    {
        const int Stride = 24; // 3H: one column of r, z, n rows
        Vector256<float> h = Vector256.LoadUnsafe(ref hidden);
        for (int t = 0; t < length; t++)
        {
            ref float x = ref Unsafe.Add(ref xs, t * inputs);
            Vector256<float> r0 = Vector256.LoadUnsafe(ref bIh) + Vector256.LoadUnsafe(ref bHh);
            Vector256<float> z0 = Vector256.LoadUnsafe(ref bIh, 8) + Vector256.LoadUnsafe(ref bHh, 8);
            Vector256<float> inN0 = Vector256.LoadUnsafe(ref bIh, 16), recN0 = Vector256.LoadUnsafe(ref bHh, 16);
            Vector256<float> r1 = Vector256<float>.Zero, z1 = r1, inN1 = r1, recN1 = r1;
            AddColumns3(ref wIh, ref x, inputs, ref r0, ref z0, ref inN0, ref r1, ref z1, ref inN1);
            ref float column = ref wHh;
            Vector256<float> low = Avx.Permute2x128(h, h, 0x00), high = Avx.Permute2x128(h, h, 0x11);
            for (int c = 0; c < 8; c += 2)
            {
                // h's elements broadcast from the register (no store and reload on the chain from step to step)
                Vector256<float> quarter = c < 4 ? low : high;
                Vector256<float> even = c % 4 == 0 ? Avx.Permute(quarter, 0x00) : Avx.Permute(quarter, 0xAA);
                Vector256<float> odd = c % 4 == 0 ? Avx.Permute(quarter, 0x55) : Avx.Permute(quarter, 0xFF);
                AddColumn3(ref column, 0, even, ref r0, ref z0, ref recN0);
                AddColumn3(ref column, Stride, odd, ref r1, ref z1, ref recN1);
                column = ref Unsafe.Add(ref column, 2 * Stride);
            }
            Vector256<float> recN = recN0 + recN1;
            Vector256<float> r = Activations.Sigmoid(r0 + r1, ref k[0]);
            Vector256<float> z = Activations.Sigmoid(z0 + z1, ref k[1]);
            Vector256<float> n = Activations.Tanh(LinearAlgebra.MultiplyAdd(r, recN, inN0 + inN1), ref k[2]);
            h = LinearAlgebra.MultiplyAdd(z, h - n, n);
            if (writesOutputs)
            {
                h.StoreUnsafe(ref outputs, (nuint)(t * 8));
            }
        }
        h.StoreUnsafe(ref hidden);
    }

    /// <summary>
    /// H = 16: the general path's arithmetic in the same order (see the comments inside), so the same
    /// bits, in one method with the gates in registers: no store and reload of the pre-activations,
    /// no calls and no loop over blocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardTwoBlocks(
        ref float wIh, int inputs, ref float x, ref float wHh, ref float previousHidden, ref float bIh, ref float bHh,
        ref float gates, ref float recurrentN, ref float hidden, ref ActivationConstantSets k)
    {
        // r (units 0-7, 8-15) and z from b_ih + b_hh, one FMA chain each over x's columns, then h's
        // (GatePreActivations' four-vector block); n's input part from b_in and its recurrent part from
        // b_hn, each in two chains over even and odd columns (its one-vector rows)
        Vector256<float> r0 = Vector256.LoadUnsafe(ref bIh) + Vector256.LoadUnsafe(ref bHh);
        Vector256<float> r1 = Vector256.LoadUnsafe(ref bIh, 8) + Vector256.LoadUnsafe(ref bHh, 8);
        Vector256<float> z0 = Vector256.LoadUnsafe(ref bIh, 16) + Vector256.LoadUnsafe(ref bHh, 16);
        Vector256<float> z1 = Vector256.LoadUnsafe(ref bIh, 24) + Vector256.LoadUnsafe(ref bHh, 24);
        Vector256<float> inA0 = Vector256.LoadUnsafe(ref bIh, 32), inA1 = Vector256.LoadUnsafe(ref bIh, 40), inB0 = Vector256<float>.Zero, inB1 = inB0;
        Vector256<float> recA0 = Vector256.LoadUnsafe(ref bHh, 32), recA1 = Vector256.LoadUnsafe(ref bHh, 40), recB0 = inB0, recB1 = inB0;
        AddColumns6(ref wIh, ref x, inputs, ref r0, ref r1, ref z0, ref z1, ref inA0, ref inA1, ref inB0, ref inB1);
        // h's 16 columns in pairs: r and z continue their chains; n's recurrent part in two chains
        AddColumns6(ref wHh, ref previousHidden, 16, ref r0, ref r1, ref z0, ref z1, ref recA0, ref recA1, ref recB0, ref recB1);
        // each one-vector row adds its two chains, then the empty second product's zero (GatePreActivations.Accumulate1)
        Vector256<float> inN0 = inA0 + inB0 + Vector256<float>.Zero, inN1 = inA1 + inB1 + Vector256<float>.Zero;
        Vector256<float> recN0 = recA0 + recB0 + Vector256<float>.Zero, recN1 = recA1 + recB1 + Vector256<float>.Zero;
        // the activations and h' = n + z (h - n) per block of 8 units, as GruCell's loop computes them
        Vector256<float> h0 = Vector256.LoadUnsafe(ref previousHidden), h1 = Vector256.LoadUnsafe(ref previousHidden, 8);
        r0 = Activations.Sigmoid(r0, ref k[0]);
        z0 = Activations.Sigmoid(z0, ref k[1]);
        Vector256<float> n0 = Activations.Tanh(LinearAlgebra.MultiplyAdd(r0, recN0, inN0), ref k[2]);
        r1 = Activations.Sigmoid(r1, ref k[3]);
        z1 = Activations.Sigmoid(z1, ref k[4]);
        Vector256<float> n1 = Activations.Tanh(LinearAlgebra.MultiplyAdd(r1, recN1, inN1), ref k[5]);
        r0.StoreUnsafe(ref gates);
        r1.StoreUnsafe(ref gates, 8);
        z0.StoreUnsafe(ref gates, 16);
        z1.StoreUnsafe(ref gates, 24);
        n0.StoreUnsafe(ref gates, 32);
        n1.StoreUnsafe(ref gates, 40);
        recN0.StoreUnsafe(ref recurrentN);
        recN1.StoreUnsafe(ref recurrentN, 8);
        LinearAlgebra.MultiplyAdd(z0, h0 - n0, n0).StoreUnsafe(ref hidden);
        LinearAlgebra.MultiplyAdd(z1, h1 - n1, n1).StoreUnsafe(ref hidden, 8);
    }

    /// <summary>
    /// H = 16 over a whole sequence: <see cref="ForwardTwoBlocks"/>' arithmetic in the same order, with
    /// h carried in registers from step to step (each 128-bit quarter copied to both lanes, then its
    /// elements broadcast in-lane) and no gates stored, in one call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardSequenceTwoBlocks(
        ref float wIh, int inputs, ref float xs, int length, ref float wHh, ref float bIh, ref float bHh,
        ref float hidden, ref float outputs, bool writesOutputs, ref ActivationConstantSets k)
    {
        Vector256<float> h0 = Vector256.LoadUnsafe(ref hidden), h1 = Vector256.LoadUnsafe(ref hidden, 8);
        for (int t = 0; t < length; t++)
        {
            ref float x = ref Unsafe.Add(ref xs, t * inputs);
            const int Stride = 48; // 3H: one column of r, z, n rows
            // r (units 0-7, 8-15) and z from b_ih + b_hh, one FMA chain each over x's columns, then h's
            // (GatePreActivations' four-vector block); n's input part from b_in and its recurrent part from
            // b_hn, each in two chains over even and odd columns (its one-vector rows)
            Vector256<float> r0 = Vector256.LoadUnsafe(ref bIh) + Vector256.LoadUnsafe(ref bHh);
            Vector256<float> r1 = Vector256.LoadUnsafe(ref bIh, 8) + Vector256.LoadUnsafe(ref bHh, 8);
            Vector256<float> z0 = Vector256.LoadUnsafe(ref bIh, 16) + Vector256.LoadUnsafe(ref bHh, 16);
            Vector256<float> z1 = Vector256.LoadUnsafe(ref bIh, 24) + Vector256.LoadUnsafe(ref bHh, 24);
            Vector256<float> inA0 = Vector256.LoadUnsafe(ref bIh, 32), inA1 = Vector256.LoadUnsafe(ref bIh, 40), inB0 = Vector256<float>.Zero, inB1 = inB0;
            Vector256<float> recA0 = Vector256.LoadUnsafe(ref bHh, 32), recA1 = Vector256.LoadUnsafe(ref bHh, 40), recB0 = inB0, recB1 = inB0;
            AddColumns6(ref wIh, ref x, inputs, ref r0, ref r1, ref z0, ref z1, ref inA0, ref inA1, ref inB0, ref inB1);
            // h's 16 columns in pairs, four per quarter of h
            ref float column = ref wHh;
            for (int q = 0; q < 4; q++)
            {
                Vector256<float> half = q < 2 ? h0 : h1;
                Vector256<float> quarter = (q & 1) == 0 ? Avx.Permute2x128(half, half, 0x00) : Avx.Permute2x128(half, half, 0x11);
                Vector256<float> even = Avx.Permute(quarter, 0x00), odd = Avx.Permute(quarter, 0x55);
                AddColumn6(ref column, 0, even, ref r0, ref r1, ref z0, ref z1, ref recA0, ref recA1);
                AddColumn6(ref column, Stride, odd, ref r0, ref r1, ref z0, ref z1, ref recB0, ref recB1);
                column = ref Unsafe.Add(ref column, 2 * Stride);
                even = Avx.Permute(quarter, 0xAA);
                odd = Avx.Permute(quarter, 0xFF);
                AddColumn6(ref column, 0, even, ref r0, ref r1, ref z0, ref z1, ref recA0, ref recA1);
                AddColumn6(ref column, Stride, odd, ref r0, ref r1, ref z0, ref z1, ref recB0, ref recB1);
                column = ref Unsafe.Add(ref column, 2 * Stride);
            }
            Vector256<float> inN0 = inA0 + inB0 + Vector256<float>.Zero, inN1 = inA1 + inB1 + Vector256<float>.Zero;
            Vector256<float> recN0 = recA0 + recB0 + Vector256<float>.Zero, recN1 = recA1 + recB1 + Vector256<float>.Zero;
            r0 = Activations.Sigmoid(r0, ref k[0]);
            z0 = Activations.Sigmoid(z0, ref k[1]);
            Vector256<float> n0 = Activations.Tanh(LinearAlgebra.MultiplyAdd(r0, recN0, inN0), ref k[2]);
            r1 = Activations.Sigmoid(r1, ref k[3]);
            z1 = Activations.Sigmoid(z1, ref k[4]);
            Vector256<float> n1 = Activations.Tanh(LinearAlgebra.MultiplyAdd(r1, recN1, inN1), ref k[5]);
            h0 = LinearAlgebra.MultiplyAdd(z0, h0 - n0, n0);
            h1 = LinearAlgebra.MultiplyAdd(z1, h1 - n1, n1);
            if (writesOutputs)
            {
                h0.StoreUnsafe(ref outputs, (nuint)(t * 16));
                h1.StoreUnsafe(ref outputs, (nuint)(t * 16 + 8));
            }
        }
        h0.StoreUnsafe(ref hidden);
        h1.StoreUnsafe(ref hidden, 8);
    }

    /// <summary>
    /// One column of an H = 8 product (its rows from <paramref name="offset"/>), broadcast in
    /// <paramref name="v"/>: one FMA into each of one chain of r, z and an n part. Inlined; the
    /// accumulators stay the caller's locals, and a constant offset folds into the loads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColumn3(ref float column, int offset, Vector256<float> v, ref Vector256<float> r, ref Vector256<float> z, ref Vector256<float> n)
    {
        r = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)offset), v, r);
        z = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(offset + 8)), v, z);
        n = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(offset + 16)), v, n);
    }

    /// <summary>
    /// One column of an H = 16 product (its rows from <paramref name="offset"/>), broadcast in
    /// <paramref name="v"/>: one FMA into each of r, z and an n part's chains for units 0-7 and 8-15.
    /// Inlined; the accumulators stay the caller's locals, and a constant offset folds into the loads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColumn6(ref float column, int offset, Vector256<float> v, ref Vector256<float> r0, ref Vector256<float> r1, ref Vector256<float> z0, ref Vector256<float> z1,
        ref Vector256<float> n0, ref Vector256<float> n1)
    {
        r0 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)offset), v, r0);
        r1 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(offset + 8)), v, r1);
        z0 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(offset + 16)), v, z0);
        z1 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(offset + 24)), v, z1);
        n0 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(offset + 32)), v, n0);
        n1 = LinearAlgebra.MultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(offset + 40)), v, n1);
    }

    /// <summary>
    /// The columns of one H = 8 product (x's or h's, <paramref name="v"/>) in pairs, even columns
    /// into the first chains and odd into the second, then an odd last column into the first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColumns3(
        ref float column, ref float v, int columns, ref Vector256<float> r0, ref Vector256<float> z0, ref Vector256<float> n0,
        ref Vector256<float> r1, ref Vector256<float> z1, ref Vector256<float> n1)
    {
        const int Stride = 24; // 3H: one column of r, z, n rows
        int j = 0;
        for (; j + 2 <= columns; j += 2)
        {
            AddColumn3(ref column, 0, Vector256.Create(Unsafe.Add(ref v, j)), ref r0, ref z0, ref n0);
            AddColumn3(ref column, Stride, Vector256.Create(Unsafe.Add(ref v, j + 1)), ref r1, ref z1, ref n1);
            column = ref Unsafe.Add(ref column, 2 * Stride);
        }
        if (j < columns)
        {
            AddColumn3(ref column, 0, Vector256.Create(Unsafe.Add(ref v, j)), ref r0, ref z0, ref n0);
        }
    }

    /// <summary>
    /// The columns of one H = 16 product (x's or h's, <paramref name="v"/>) in pairs: every column
    /// into r's and z's single chains, n's part from even columns into its first chains and from odd
    /// ones into its second; an odd last column into the first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColumns6(
        ref float column, ref float v, int columns, ref Vector256<float> r0, ref Vector256<float> r1, ref Vector256<float> z0, ref Vector256<float> z1,
        ref Vector256<float> nEven0, ref Vector256<float> nEven1, ref Vector256<float> nOdd0, ref Vector256<float> nOdd1)
    {
        const int Stride = 48; // 3H: one column of r, z, n rows
        int j = 0;
        for (; j + 2 <= columns; j += 2)
        {
            AddColumn6(ref column, 0, Vector256.Create(Unsafe.Add(ref v, j)), ref r0, ref r1, ref z0, ref z1, ref nEven0, ref nEven1);
            AddColumn6(ref column, Stride, Vector256.Create(Unsafe.Add(ref v, j + 1)), ref r0, ref r1, ref z0, ref z1, ref nOdd0, ref nOdd1);
            column = ref Unsafe.Add(ref column, 2 * Stride);
        }
        if (j < columns)
        {
            AddColumn6(ref column, 0, Vector256.Create(Unsafe.Add(ref v, j)), ref r0, ref r1, ref z0, ref z1, ref nEven0, ref nEven1);
        }
    }
}
