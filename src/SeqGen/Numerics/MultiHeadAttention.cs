using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace SeqGen.Numerics;

/// <summary>
/// Multi-head self-attention over a whole sequence, exactly PyTorch's <c>nn.MultiheadAttention</c>
/// with query = key = value = x (batch_first, no dropout): [Q K V] = x W_in^T + b_in, per head
/// softmax(Q_h K_h^T / sqrt(E / heads)) V_h (a causal mask lets step i attend to steps 0..i only),
/// the heads side by side, then out = context W_out^T + b_out. Weights are stored input-major.
/// The attention probabilities are kept as [heads][length][length] (rows of a causal mask are
/// zero beyond the diagonal).
/// </summary>
public static class MultiHeadAttention
{
    /// <summary>
    /// Runs the layer over <paramref name="length"/> steps of <paramref name="width"/>; keeps
    /// <paramref name="qkv"/> ([length][3E]), <paramref name="probabilities"/> and <paramref name="context"/>
    /// ([length][E]) for <see cref="Backward"/>, and writes <paramref name="output"/> ([length][E]).
    /// </summary>
    public static void Forward<T>(ReadOnlySpan<T> x, int length, int width, int heads, bool causal,
        ReadOnlySpan<T> inWeight, ReadOnlySpan<T> inBias, ReadOnlySpan<T> outWeight, ReadOnlySpan<T> outBias,
        Span<T> qkv, Span<T> probabilities, Span<T> context, Span<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int e = width, d = width / heads, stride = 3 * width;
        T scale = T.One / T.Sqrt(T.CreateTruncating(d));
        SequenceLinear.Forward(x, length, e, inWeight, inBias, qkv);
        context.Slice(0, length * e).Clear();
        for (int h = 0; h < heads; h++)
        {
            for (int i = 0; i < length; i++)
            {
                Span<T> row = probabilities.Slice((h * length + i) * length, length);
                int visible = causal ? i + 1 : length;
                ReadOnlySpan<T> query = qkv.Slice(i * stride + h * d, d);
                for (int j = 0; j < visible; j++)
                {
                    row[j] = TensorPrimitives.Dot(query, qkv.Slice(j * stride + e + h * d, d)) * scale;
                }
                row.Slice(visible).Clear();
                Attention.Softmax(row.Slice(0, visible));
                Span<T> contextRow = context.Slice(i * e + h * d, d);
                for (int j = 0; j < visible; j++)
                {
                    TensorPrimitives.MultiplyAdd(qkv.Slice(j * stride + 2 * e + h * d, d), row[j], contextRow, contextRow);
                }
            }
        }
        SequenceLinear.Forward(context, length, e, outWeight, outBias, output);
    }

    /// <summary>
    /// Backward of <see cref="Forward"/> for the gradient <paramref name="dOutput"/> on its output: adds the
    /// four parameter gradients and dx into <paramref name="dx"/>. <paramref name="dQkv"/> ([length][3E]),
    /// <paramref name="dContext"/> ([length][E]) and <paramref name="dRow"/> ([length]) are scratch.
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> x, int length, int width, int heads, bool causal,
        ReadOnlySpan<T> inWeight, ReadOnlySpan<T> outWeight,
        ReadOnlySpan<T> qkv, ReadOnlySpan<T> probabilities, ReadOnlySpan<T> context, ReadOnlySpan<T> dOutput,
        Span<T> gradInWeight, Span<T> gradInBias, Span<T> gradOutWeight, Span<T> gradOutBias,
        Span<T> dQkv, Span<T> dContext, Span<T> dRow, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int e = width, d = width / heads, stride = 3 * width;
        T scale = T.One / T.Sqrt(T.CreateTruncating(d));
        dContext.Slice(0, length * e).Clear();
        SequenceLinear.Backward(context, length, e, outWeight, dOutput, gradOutWeight, gradOutBias, dContext);
        dQkv.Slice(0, length * stride).Clear();
        for (int h = 0; h < heads; h++)
        {
            for (int i = 0; i < length; i++)
            {
                ReadOnlySpan<T> row = probabilities.Slice((h * length + i) * length, length);
                int visible = causal ? i + 1 : length;
                ReadOnlySpan<T> dContextRow = dContext.Slice(i * e + h * d, d);
                // through the weighted sum of values: dV_j += p_ij dContext_i, dp_ij = dContext_i . V_j
                T weighted = T.Zero;
                for (int j = 0; j < visible; j++)
                {
                    T g = TensorPrimitives.Dot(dContextRow, qkv.Slice(j * stride + 2 * e + h * d, d));
                    dRow[j] = g;
                    weighted += row[j] * g;
                    Span<T> dValue = dQkv.Slice(j * stride + 2 * e + h * d, d);
                    TensorPrimitives.MultiplyAdd(dContextRow, row[j], dValue, dValue);
                }
                // through the softmax and the scaled dot products: ds_ij = p_ij (dp_ij - sum_k p_ik dp_ik) / sqrt(d)
                ReadOnlySpan<T> query = qkv.Slice(i * stride + h * d, d);
                Span<T> dQuery = dQkv.Slice(i * stride + h * d, d);
                for (int j = 0; j < visible; j++)
                {
                    T ds = row[j] * (dRow[j] - weighted) * scale;
                    TensorPrimitives.MultiplyAdd(qkv.Slice(j * stride + e + h * d, d), ds, dQuery, dQuery);
                    Span<T> dKey = dQkv.Slice(j * stride + e + h * d, d);
                    TensorPrimitives.MultiplyAdd(query, ds, dKey, dKey);
                }
            }
        }
        SequenceLinear.Backward(x, length, e, inWeight, dQkv, gradInWeight, gradInBias, dx);
    }
}
