using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace SeqGen.Numerics;

/// <summary>The element-wise part of PyTorch's vanilla RNN cell: h' = act(pre).</summary>
public static class RnnCell
{
    /// <summary>h' = tanh(pre) or max(0, pre).</summary>
    public static void Forward<T>(ReadOnlySpan<T> pre, Span<T> hidden, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (relu)
        {
            TensorPrimitives.Max<T>(pre, T.Zero, hidden);
        }
        else
        {
            Activations.Tanh<T>(pre, hidden);
        }
    }

    /// <summary>dPre = dh' * act'(pre), written from the output h' (relu' is 0 at 0, as PyTorch).</summary>
    public static void Backward<T>(ReadOnlySpan<T> hidden, ReadOnlySpan<T> dHidden, Span<T> dPre, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = 0; j < hidden.Length; j++)
        {
            T h = hidden[j];
            dPre[j] = relu
                ? (h > T.Zero ? dHidden[j] : T.Zero)
                : dHidden[j] * (T.One - h * h);
        }
    }
}
