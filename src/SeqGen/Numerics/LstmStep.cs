using System;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// One whole LSTM step in one call: gates = b_ih + b_hh + W_ih x + W_hh h, the activations, c' and
/// h'. In single precision with 256-bit vectors and H a multiple of 8 it runs two fused kernels: one
/// pass of both products and both biases into the gate buffer (<see cref="GatePreActivations"/>),
/// then one loop that applies the activations and the state update per block of 8 units
/// (<see cref="LstmCell.ForwardSingle"/>). Otherwise it runs the separate kernels
/// (<see cref="LinearAlgebra"/> products, then <c>LstmCell.Forward</c>), with the same results up
/// to rounding.
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
    public static void Forward<T>(
        ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh, ReadOnlySpan<T> biasHh,
        ReadOnlySpan<T> x, ReadOnlySpan<T> previousHidden, ReadOnlySpan<T> previousCell,
        Span<T> gates, Span<T> cell, Span<T> hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = hidden.Length;
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && h % 8 == 0)
        {
            CheckShapes(weightIh.Length, weightHh.Length, biasIh.Length, biasHh.Length, x.Length, previousHidden.Length, previousCell.Length, gates.Length, cell.Length, h);
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
