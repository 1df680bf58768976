using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// One whole LSTM step in one call: gates = b_ih + b_hh + W_ih x + W_hh h, the activations, c' and
/// h'. In single precision with 256-bit vectors and H a multiple of 8 it is fused: for each block of
/// 8 units (for H up to 16, where it measured faster), the four gate pre-activations stay in registers while every input and hidden element is
/// broadcast and multiplied into them, and the activations and the state update follow without a
/// round trip through memory. Otherwise it runs the separate kernels (<see cref="LinearAlgebra"/>
/// products, then <c>LstmCell.Forward</c>), with the same results up to rounding.
/// </summary>
public static class LstmStep
{
    /// <summary>
    /// Up to this H the fused kernel wins (measured: LSTM 1->8 step 189 -> 115 ns); above it, its four
    /// FMA chains per block and strided column reads lost to the separate kernels' eight-accumulator
    /// product (LSTM 1->32: 474 -> 774 ns with two blocks per pass), so they take over.
    /// </summary>
    private const int MaxFusedHidden = 16;

    /// <summary>
    /// One step. Weights are input-major ([inputs][4H]); <paramref name="gates"/> receives the
    /// activations i, f, g, o for the backward pass. <paramref name="hidden"/> may be the same span as
    /// <paramref name="previousHidden"/>, and <paramref name="cell"/> as <paramref name="previousCell"/>
    /// (streaming updates its state in place). The recurrent input <paramref name="previousHidden"/>
    /// may be narrower than H (a projected LSTM's h); <paramref name="hidden"/> receives o * tanh(c').
    /// </summary>
    public static void Forward<T>(
        ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh, ReadOnlySpan<T> biasHh,
        ReadOnlySpan<T> x, ReadOnlySpan<T> previousHidden, ReadOnlySpan<T> previousCell,
        Span<T> gates, Span<T> cell, Span<T> hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = hidden.Length;
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && h % 8 == 0 && h <= MaxFusedHidden)
        {
            CheckShapes(weightIh.Length, weightHh.Length, biasIh.Length, biasHh.Length, x.Length, previousHidden.Length, previousCell.Length, gates.Length, cell.Length, h);
            int recurrent = previousHidden.Length;
            // blocks write h' while later blocks still read h: an in-place update goes through a temporary
            Span<float> target = previousHidden.Overlaps(hidden) ? stackalloc float[h] : MemoryMarshal.Cast<T, float>(hidden);
            FusedSingle(
                ref FusedStep.Ref(weightIh), x.Length, ref FusedStep.Ref(weightHh), recurrent, h, ref FusedStep.Ref(biasIh), ref FusedStep.Ref(biasHh),
                ref FusedStep.Ref(x), ref FusedStep.Ref(previousHidden), ref FusedStep.Ref(previousCell),
                ref FusedStep.Ref(gates), ref FusedStep.Ref(cell), ref MemoryMarshal.GetReference(target));
            FusedStep.CopyBack(target, hidden);
            return;
        }
        LinearAlgebra.Add(biasIh, biasHh, gates);
        LinearAlgebra.AccumulateColumns(weightIh, gates.Length, x, gates);
        LinearAlgebra.AccumulateColumns(weightHh, gates.Length, previousHidden, gates);
        LstmCell.Forward(gates, previousCell, cell, hidden);
    }


    // The accumulators are locals of one method, not ref parameters: the JIT keeps locals in
    // registers, while vectors passed by ref round-trip through the stack on every FMA.
    private static void FusedSingle(
        ref float weightIh, int inputs, ref float weightHh, int recurrent, int h, ref float biasIh, ref float biasHh,
        ref float x, ref float previousHidden, ref float previousCell, ref float gates, ref float cell, ref float hidden)
    {
        int stride = 4 * h;
        for (int u = 0; u < h; u += 8)
        {
            nuint i0 = (nuint)u, f0 = (nuint)(h + u), g0 = (nuint)(2 * h + u), o0 = (nuint)(3 * h + u);
            Vector256<float> i = Bias(ref biasIh, ref biasHh, i0), f = Bias(ref biasIh, ref biasHh, f0);
            Vector256<float> g = Bias(ref biasIh, ref biasHh, g0), o = Bias(ref biasIh, ref biasHh, o0);
            ref float column = ref weightIh;
            for (int k = 0; k < inputs + recurrent; k++)
            {
                if (k == inputs)
                {
                    column = ref weightHh;
                }
                Vector256<float> v = Vector256.Create(k < inputs ? Unsafe.Add(ref x, k) : Unsafe.Add(ref previousHidden, k - inputs));
                i = FusedStep.MultiplyAdd(Vector256.LoadUnsafe(ref column, i0), v, i);
                f = FusedStep.MultiplyAdd(Vector256.LoadUnsafe(ref column, f0), v, f);
                g = FusedStep.MultiplyAdd(Vector256.LoadUnsafe(ref column, g0), v, g);
                o = FusedStep.MultiplyAdd(Vector256.LoadUnsafe(ref column, o0), v, o);
                column = ref Unsafe.Add(ref column, stride);
            }
            Finish(i, f, g, o, i0, f0, g0, o0, ref previousCell, ref gates, ref cell, ref hidden);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Bias(ref float biasIh, ref float biasHh, nuint offset) =>
        Vector256.LoadUnsafe(ref biasIh, offset) + Vector256.LoadUnsafe(ref biasHh, offset);

    /// <summary>Activations of one block's four gates, stored for backward, then c' and h'.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(Vector256<float> i, Vector256<float> f, Vector256<float> g, Vector256<float> o, nuint i0, nuint f0, nuint g0, nuint o0,
        ref float previousCell, ref float gates, ref float cell, ref float hidden)
    {
        i = Activations.Sigmoid(i);
        f = Activations.Sigmoid(f);
        g = Activations.Tanh(g);
        o = Activations.Sigmoid(o);
        i.StoreUnsafe(ref gates, i0);
        f.StoreUnsafe(ref gates, f0);
        g.StoreUnsafe(ref gates, g0);
        o.StoreUnsafe(ref gates, o0);
        Vector256<float> c = FusedStep.MultiplyAdd(f, Vector256.LoadUnsafe(ref previousCell, i0), i * g);
        c.StoreUnsafe(ref cell, i0);
        (o * Activations.Tanh(c)).StoreUnsafe(ref hidden, i0);
    }


    /// <summary>The checks that keep the unchecked loads and stores above inside their spans.</summary>
    private static void CheckShapes(int weightIh, int weightHh, int biasIh, int biasHh, int x, int previousHidden, int previousCell, int gates, int cell, int h)
    {
        int g = 4 * h;
        if (weightIh != (long)x * g || weightHh != (long)previousHidden * g || biasIh != g || biasHh != g || gates != g
            || previousHidden < 1 || previousCell != h || cell != h)
        {
            throw new ArgumentException(
                $"An LSTM step with {x} inputs, {previousHidden} recurrent inputs and H = {h} needs weights of {(long)x * g} and {(long)previousHidden * g}, biases and gates of {g}, and cell states of {h}; " +
                $"got weights {weightIh} and {weightHh}, biases {biasIh} and {biasHh}, gates {gates}, states {previousHidden}, {previousCell} and {cell}.");
        }
    }
}
