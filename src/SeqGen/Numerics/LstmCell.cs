using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace SeqGen.Numerics;

/// <summary>
/// The element-wise part of PyTorch's LSTM cell (gate order i, f, g, o):
/// c' = f*c + i*g, h' = o*tanh(c'). The matrix products stay in generated code.
/// </summary>
public static class LstmCell
{
    /// <summary>
    /// Turns the gate pre-activations in <paramref name="gates"/> [4H] into activations
    /// (sigmoid i, f, o; tanh g) in place and computes the new cell and hidden state.
    /// </summary>
    public static void Forward<T>(Span<T> gates, ReadOnlySpan<T> previousCell, Span<T> cell, Span<T> hidden)
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
            cell[j] = gates[h + j] * previousCell[j] + gates[j] * g[j];
        }
        Activations.Tanh<T>(cell, hidden);
        TensorPrimitives.Multiply<T>(hidden, o, hidden);
    }

    /// <summary>
    /// Backward through one step. <paramref name="dHidden"/> is the total gradient on h';
    /// <paramref name="dCell"/> enters as the gradient on c' from the next step and leaves as the
    /// gradient on c. <paramref name="dPre"/> [4H] receives the gradient on the gate pre-activations.
    /// </summary>
    public static void Backward<T>(
        ReadOnlySpan<T> gates, ReadOnlySpan<T> previousCell, ReadOnlySpan<T> cell,
        ReadOnlySpan<T> dHidden, Span<T> dCell, Span<T> dPre)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = cell.Length;
        for (int j = 0; j < h; j++)
        {
            T i = gates[j], f = gates[h + j], g = gates[2 * h + j], o = gates[3 * h + j];
            T tanhC = T.Tanh(cell[j]);
            T dc = dCell[j] + dHidden[j] * o * (T.One - tanhC * tanhC);
            dPre[j] = dc * g * i * (T.One - i);
            dPre[h + j] = dc * previousCell[j] * f * (T.One - f);
            dPre[2 * h + j] = dc * i * (T.One - g * g);
            dPre[3 * h + j] = dHidden[j] * tanhC * o * (T.One - o);
            dCell[j] = dc * f;
        }
    }
}
