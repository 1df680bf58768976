using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace SeqGen.Numerics;

/// <summary>
/// The pieces of encoder-decoder attention over n encoder outputs of width E, stored row-major
/// [n][E]: scores, softmax, context, and their gradients. Generated models call these with their
/// constant sizes; the spans' lengths carry n and E.
/// </summary>
public static class Attention
{
    /// <summary>scores[i] = scale * (query . keys[i]).</summary>
    public static void DotScores<T>(ReadOnlySpan<T> keys, ReadOnlySpan<T> query, T scale, Span<T> scores)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = query.Length;
        CheckRows(keys.Length, width, scores.Length);
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = scale * TensorPrimitives.Dot(keys.Slice(i * width, width), query);
        }
    }

    /// <summary>Backward of <see cref="DotScores{T}"/>: dQuery += scale * sum_i dScores[i] keys[i]; dKeys[i] += scale * dScores[i] query.</summary>
    public static void DotScoresBackward<T>(ReadOnlySpan<T> keys, ReadOnlySpan<T> query, T scale, ReadOnlySpan<T> dScores, Span<T> dQuery, Span<T> dKeys)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = query.Length;
        CheckRows(keys.Length, width, dScores.Length);
        CheckRows(dKeys.Length, width, dScores.Length);
        for (int i = 0; i < dScores.Length; i++)
        {
            T g = scale * dScores[i];
            TensorPrimitives.MultiplyAdd(keys.Slice(i * width, width), g, dQuery, dQuery);
            Span<T> dKey = dKeys.Slice(i * width, width);
            TensorPrimitives.MultiplyAdd(query, g, dKey, dKey);
        }
    }

    /// <summary>
    /// Additive (Bahdanau) scores: tanhCache[i] = tanh(query + keys[i]); scores[i] = v . tanhCache[i] + bias.
    /// <paramref name="query"/> is W s + b_W and <paramref name="keys"/> rows are U h_i + b_U.
    /// </summary>
    public static void AdditiveScores<T>(ReadOnlySpan<T> keys, ReadOnlySpan<T> query, ReadOnlySpan<T> v, T bias, Span<T> tanhCache, Span<T> scores)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = query.Length;
        CheckRows(keys.Length, width, scores.Length);
        CheckRows(tanhCache.Length, width, scores.Length);
        for (int i = 0; i < scores.Length; i++)
        {
            Span<T> row = tanhCache.Slice(i * width, width);
            TensorPrimitives.Add(keys.Slice(i * width, width), query, row);
            Activations.Tanh<T>(row, row);
            scores[i] = TensorPrimitives.Dot(v, row) + bias;
        }
    }

    /// <summary>
    /// Backward of <see cref="AdditiveScores{T}"/>: dV += sum_i dScores[i] tanhCache[i]; with
    /// dPre_i = dScores[i] v (1 - tanhCache[i]^2): dQuery += sum_i dPre_i, dKeys[i] += dPre_i.
    /// Returns sum_i dScores[i], the gradient on the bias. <paramref name="scratch"/> holds E values.
    /// </summary>
    public static T AdditiveScoresBackward<T>(ReadOnlySpan<T> tanhCache, ReadOnlySpan<T> v, ReadOnlySpan<T> dScores, Span<T> dQuery, Span<T> dKeys, Span<T> dV, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = v.Length;
        CheckRows(tanhCache.Length, width, dScores.Length);
        CheckRows(dKeys.Length, width, dScores.Length);
        T biasGradient = T.Zero;
        Span<T> dPre = scratch.Slice(0, width);
        for (int i = 0; i < dScores.Length; i++)
        {
            T g = dScores[i];
            biasGradient += g;
            ReadOnlySpan<T> row = tanhCache.Slice(i * width, width);
            TensorPrimitives.MultiplyAdd(row, g, dV, dV);
            for (int j = 0; j < width; j++)
            {
                dPre[j] = g * v[j] * (T.One - row[j] * row[j]);
            }
            TensorPrimitives.Add(dQuery, dPre, dQuery);
            Span<T> dKey = dKeys.Slice(i * width, width);
            TensorPrimitives.Add(dKey, dPre, dKey);
        }
        return biasGradient;
    }

    /// <summary>values = softmax(values), computed stably (the maximum subtracted first).</summary>
    public static void Softmax<T>(Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = TensorPrimitives.Max<T>(values);
        T sum = T.Zero;
        for (int i = 0; i < values.Length; i++)
        {
            T e = T.Exp(values[i] - max);
            values[i] = e;
            sum += e;
        }
        TensorPrimitives.Divide<T>(values, sum, values);
    }

    /// <summary>context = sum_i weights[i] values[i].</summary>
    public static void Context<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> values, Span<T> context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = context.Length;
        CheckRows(values.Length, width, weights.Length);
        context.Clear();
        for (int i = 0; i < weights.Length; i++)
        {
            TensorPrimitives.MultiplyAdd(values.Slice(i * width, width), weights[i], context, context);
        }
    }

    /// <summary>
    /// Backward through context = sum_i a_i values[i] with a = softmax(scores): dValues[i] += a_i dContext,
    /// and dScores[i] = a_i (g_i - sum_j a_j g_j) where g_i = dContext . values[i].
    /// </summary>
    public static void ContextBackward<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> values, ReadOnlySpan<T> dContext, Span<T> dValues, Span<T> dScores)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = dContext.Length;
        CheckRows(values.Length, width, weights.Length);
        CheckRows(dValues.Length, width, weights.Length);
        T weighted = T.Zero;
        for (int i = 0; i < weights.Length; i++)
        {
            T g = TensorPrimitives.Dot(dContext, values.Slice(i * width, width));
            dScores[i] = g;
            weighted += weights[i] * g;
            Span<T> dValue = dValues.Slice(i * width, width);
            TensorPrimitives.MultiplyAdd(dContext, weights[i], dValue, dValue);
        }
        for (int i = 0; i < weights.Length; i++)
        {
            dScores[i] = weights[i] * (dScores[i] - weighted);
        }
    }

    private static void CheckRows(int length, int width, int rows)
    {
        if (length != rows * width)
        {
            throw new ArgumentException($"Expected {rows} rows of {width} values ({rows * width}), but the span holds {length}.");
        }
    }
}
