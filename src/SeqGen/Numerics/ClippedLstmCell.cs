using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace SeqGen.Numerics;

/// <summary>
/// The element-wise part of an LSTM cell with cell clipping, as TensorFlow's LSTMCell(cell_clip):
/// c' = clip(f*c + i*g, -clip, +clip), h' = o*tanh(c'). The gradient through a clipped element is zero.
/// </summary>
public static class ClippedLstmCell
{
    /// <summary>
    /// Turns the pre-activations in <paramref name="gates"/> [4H] into activations in place and computes the
    /// clipped cell state (<paramref name="cell"/> may be <paramref name="previousCell"/>) and the hidden state.
    /// </summary>
    public static void Forward<T>(Span<T> gates, ReadOnlySpan<T> previousCell, Span<T> cell, Span<T> hidden, T clip)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = hidden.Length;
        Span<T> inputAndForget = gates.Slice(0, 2 * h);
        Span<T> g = gates.Slice(2 * h, h);
        Span<T> o = gates.Slice(3 * h, h);
        Activations.Sigmoid<T>(inputAndForget, inputAndForget);
        Activations.Tanh<T>(g, g);
        Activations.Sigmoid<T>(o, o);
        for (int j = 0; j < h; j++)
        {
            cell[j] = T.Clamp(gates[h + j] * previousCell[j] + gates[j] * g[j], -clip, clip);
        }
        // as LstmCell.Forward, so that an unreached clip gives its results bit for bit
        Activations.Tanh<T>(cell, hidden);
        TensorPrimitives.Multiply<T>(hidden, o, hidden);
    }

    /// <summary>
    /// Backward through one step, as <see cref="LstmCell.Backward{T}"/>, except that where the cell state
    /// was clipped (|c'| reached <paramref name="clip"/>) no gradient passes to f*c + i*g.
    /// </summary>
    public static void Backward<T>(
        ReadOnlySpan<T> gates, ReadOnlySpan<T> previousCell, ReadOnlySpan<T> cell,
        ReadOnlySpan<T> dHidden, Span<T> dCell, Span<T> dPre, T clip)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = cell.Length;
        for (int j = 0; j < h; j++)
        {
            T i = gates[j], f = gates[h + j], g = gates[2 * h + j], o = gates[3 * h + j];
            T tanhC = T.Tanh(cell[j]);
            T dc = T.Abs(cell[j]) < clip ? dCell[j] + dHidden[j] * o * (T.One - tanhC * tanhC) : T.Zero;
            dPre[j] = dc * g * i * (T.One - i);
            dPre[h + j] = dc * previousCell[j] * f * (T.One - f);
            dPre[2 * h + j] = dc * i * (T.One - g * g);
            dPre[3 * h + j] = dHidden[j] * tanhC * o * (T.One - o);
            dCell[j] = dc * f;
        }
    }
}
