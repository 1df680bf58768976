using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// One whole reset-after GRU step (PyTorch's) in one call: the input part W_ih x + b_ih and the
/// recurrent part W_hh h + b_hh of the gates r, z, n, the activations and h'. In single precision
/// with 256-bit vectors and H a multiple of 8 it runs fused kernels: the r and z rows of both
/// products in one pass (their sum is all the activations need), the two n parts separately (n
/// needs r * (W_hn h + b_hn)), then one loop over blocks of 8 units for the activations and h'.
/// Otherwise it runs the separate kernels (<see cref="LinearAlgebra"/> products, then
/// <see cref="GruCell.ForwardResetAfter{T}"/>), with the same results up to rounding.
/// </summary>
public static class GruStep
{
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
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && h % 8 == 0)
        {
            int g = 3 * h;
            if (weightIh.Length != (long)x.Length * g || weightHh.Length != (long)h * g || biasIh.Length != g || biasHh.Length != g
                || gates.Length != g || previousHidden.Length != h || recurrentN.Length != h)
            {
                throw new ArgumentException(
                    $"A GRU step with {x.Length} inputs and H = {h} needs weights of {(long)x.Length * g} and {(long)h * g}, biases and gates of {g}, and states of {h}.");
            }
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
}
