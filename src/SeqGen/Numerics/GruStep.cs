using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// One whole reset-after GRU step (PyTorch's) in one call: the input part W_ih x + b_ih and the
/// recurrent part W_hh h + b_hh of the gates r, z, n, the activations and h'. In single precision
/// with 256-bit vectors and H of 8 or 16 it is fused: for each block of 8 units the six partial sums
/// stay in registers; otherwise it runs the separate kernels (<see cref="LinearAlgebra"/> products,
/// then <see cref="GruCell.ForwardResetAfter{T}"/>), with the same results up to rounding.
/// </summary>
public static class GruStep
{
    /// <summary>Up to this H the fused kernel is used (the LSTM kernel of the same shape measured faster only there).</summary>
    private const int MaxFusedHidden = 16;

    /// <summary>
    /// One step. Weights are input-major ([inputs][3H]). <paramref name="gates"/> [3H] receives the
    /// activations r, z, n and <paramref name="recurrentN"/> [H] W_hn h + b_hn, for the backward pass;
    /// <paramref name="recurrent"/> [3H] is scratch. <paramref name="hidden"/> may be the same span as
    /// <paramref name="previousHidden"/> (streaming updates its state in place).
    /// </summary>
    public static void ForwardResetAfter<T>(
        ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh, ReadOnlySpan<T> biasHh,
        ReadOnlySpan<T> x, ReadOnlySpan<T> previousHidden, Span<T> gates, Span<T> recurrent, Span<T> recurrentN, Span<T> hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = hidden.Length;
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && h % 8 == 0 && h <= MaxFusedHidden)
        {
            int g = 3 * h;
            if (weightIh.Length != (long)x.Length * g || weightHh.Length != (long)h * g || biasIh.Length != g || biasHh.Length != g
                || gates.Length != g || previousHidden.Length != h || recurrentN.Length != h)
            {
                throw new ArgumentException(
                    $"A GRU step with {x.Length} inputs and H = {h} needs weights of {(long)x.Length * g} and {(long)h * g}, biases and gates of {g}, and states of {h}.");
            }
            Span<float> target = previousHidden.Overlaps(hidden) ? stackalloc float[h] : MemoryMarshal.Cast<T, float>(hidden);
            FusedSingle(ref FusedStep.Ref(weightIh), x.Length, ref FusedStep.Ref(weightHh), h, ref FusedStep.Ref(biasIh), ref FusedStep.Ref(biasHh),
                ref FusedStep.Ref(x), ref FusedStep.Ref(previousHidden), ref FusedStep.Ref(gates), ref FusedStep.Ref(recurrentN), ref MemoryMarshal.GetReference(target));
            FusedStep.CopyBack(target, hidden);
            return;
        }
        biasIh.CopyTo(gates);
        LinearAlgebra.AccumulateColumns(weightIh, gates.Length, x, gates);
        biasHh.CopyTo(recurrent);
        LinearAlgebra.AccumulateColumns(weightHh, recurrent.Length, previousHidden, recurrent);
        GruCell.ForwardResetAfter(gates, recurrent, previousHidden, hidden, recurrentN);
    }


    // Locals, not ref parameters, so the JIT keeps the six partial sums in registers.
    private static void FusedSingle(
        ref float weightIh, int inputs, ref float weightHh, int h, ref float biasIh, ref float biasHh,
        ref float x, ref float previousHidden, ref float gates, ref float recurrentN, ref float hidden)
    {
        int stride = 3 * h;
        for (int u = 0; u < h; u += 8)
        {
            nuint r0 = (nuint)u, z0 = (nuint)(h + u), n0 = (nuint)(2 * h + u);
            Vector256<float> ri = Vector256.LoadUnsafe(ref biasIh, r0), zi = Vector256.LoadUnsafe(ref biasIh, z0), ni = Vector256.LoadUnsafe(ref biasIh, n0);
            Vector256<float> rh = Vector256.LoadUnsafe(ref biasHh, r0), zh = Vector256.LoadUnsafe(ref biasHh, z0), nh = Vector256.LoadUnsafe(ref biasHh, n0);
            ref float column = ref weightIh;
            for (int k = 0; k < inputs; k++)
            {
                Vector256<float> v = Vector256.Create(Unsafe.Add(ref x, k));
                ri = FusedStep.MultiplyAdd(Vector256.LoadUnsafe(ref column, r0), v, ri);
                zi = FusedStep.MultiplyAdd(Vector256.LoadUnsafe(ref column, z0), v, zi);
                ni = FusedStep.MultiplyAdd(Vector256.LoadUnsafe(ref column, n0), v, ni);
                column = ref Unsafe.Add(ref column, stride);
            }
            column = ref weightHh;
            for (int k = 0; k < h; k++)
            {
                Vector256<float> v = Vector256.Create(Unsafe.Add(ref previousHidden, k));
                rh = FusedStep.MultiplyAdd(Vector256.LoadUnsafe(ref column, r0), v, rh);
                zh = FusedStep.MultiplyAdd(Vector256.LoadUnsafe(ref column, z0), v, zh);
                nh = FusedStep.MultiplyAdd(Vector256.LoadUnsafe(ref column, n0), v, nh);
                column = ref Unsafe.Add(ref column, stride);
            }
            Vector256<float> r = Activations.Sigmoid(ri + rh);
            Vector256<float> z = Activations.Sigmoid(zi + zh);
            Vector256<float> n = Activations.Tanh(FusedStep.MultiplyAdd(r, nh, ni));
            r.StoreUnsafe(ref gates, r0);
            z.StoreUnsafe(ref gates, z0);
            n.StoreUnsafe(ref gates, n0);
            nh.StoreUnsafe(ref recurrentN, r0);
            // h' = (1 - z) * n + z * h = n + z * (h - n)
            FusedStep.MultiplyAdd(z, Vector256.LoadUnsafe(ref previousHidden, r0) - n, n).StoreUnsafe(ref hidden, r0);
        }
    }

}
