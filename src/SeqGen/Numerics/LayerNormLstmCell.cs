using System;
using System.Numerics;

namespace SeqGen.Numerics;

/// <summary>
/// The element-wise part of a layer-normalized LSTM cell (PyTorch's LayerNormLSTMCell of
/// benchmarks/fastrnns/custom_lstms.py; gate order i, f, g, o): from the gate pre-activations
/// LN_i(W_ih x) + LN_h(W_hh h), c' = LN_c(f*c + i*g), h' = o*tanh(c'); the normalized c' is carried.
/// </summary>
public static class LayerNormLstmCell
{
    /// <summary>
    /// Turns the pre-activations in <paramref name="gates"/> [4H] into activations in place, writes the
    /// normalized new cell state into <paramref name="cell"/> (which may be <paramref name="previousCell"/>),
    /// its x_hat into <paramref name="normalizedCell"/> and o*tanh(c') into <paramref name="hidden"/>;
    /// returns LN_c's rstd.
    /// </summary>
    public static T Forward<T>(
        Span<T> gates, ReadOnlySpan<T> previousCell, ReadOnlySpan<T> gammaCell, ReadOnlySpan<T> betaCell,
        Span<T> normalizedCell, Span<T> cell, Span<T> hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = cell.Length;
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
        T rstd = LayerNorm.Forward<T>(cell, gammaCell, betaCell, normalizedCell, cell);
        for (int j = 0; j < h; j++)
        {
            hidden[j] = o[j] * T.Tanh(cell[j]);
        }
        return rstd;
    }

    /// <summary>
    /// Backward through one step up to the gate pre-activations. <paramref name="dHidden"/> is the total
    /// gradient on h'; <paramref name="dCell"/> enters as the gradient on c' from the next step and leaves as
    /// the gradient on c; adds LN_c's parameter gradients; <paramref name="dPre"/> [4H] receives the gradient
    /// on the gate pre-activations (the sum of both normalized products).
    /// </summary>
    public static void Backward<T>(
        ReadOnlySpan<T> gates, ReadOnlySpan<T> previousCell, ReadOnlySpan<T> cell,
        ReadOnlySpan<T> normalizedCell, T rstdCell, ReadOnlySpan<T> gammaCell, Span<T> gradGammaCell, Span<T> gradBetaCell,
        ReadOnlySpan<T> dHidden, Span<T> dCell, Span<T> dPre)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = cell.Length;
        for (int j = 0; j < h; j++)
        {
            T o = gates[3 * h + j];
            T tanhC = T.Tanh(cell[j]);
            dCell[j] += dHidden[j] * o * (T.One - tanhC * tanhC);
            dPre[3 * h + j] = dHidden[j] * tanhC * o * (T.One - o);
        }
        // through c' = LN_c(f*c + i*g): dCell becomes the gradient on f*c + i*g
        LayerNorm.Backward<T>(normalizedCell, rstdCell, gammaCell, gradGammaCell, gradBetaCell, dCell);
        for (int j = 0; j < h; j++)
        {
            T i = gates[j], f = gates[h + j], g = gates[2 * h + j];
            T dc = dCell[j];
            dPre[j] = dc * g * i * (T.One - i);
            dPre[h + j] = dc * previousCell[j] * f * (T.One - f);
            dPre[2 * h + j] = dc * i * (T.One - g * g);
            dCell[j] = dc * f;
        }
    }
}
