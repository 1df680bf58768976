using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace SeqGen.Numerics;

/// <summary>Per-step losses and their gradients with respect to the head outputs.</summary>
public static class Losses
{
    /// <summary>L = mean over outputs of (y - target)^2; writes dL/dy.</summary>
    public static T MeanSquaredError<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> target, Span<T> dy)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = T.CreateChecked(y.Length);
        T sum = T.Zero;
        for (int j = 0; j < y.Length; j++)
        {
            T diff = y[j] - target[j];
            sum += diff * diff;
            dy[j] = (diff + diff) / n;
        }
        return sum / n;
    }

    /// <summary>L = -log softmax(logits)[target]; writes dL/dlogits = softmax - onehot(target).</summary>
    public static T CrossEntropy<T>(ReadOnlySpan<T> logits, int target, Span<T> dLogits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = TensorPrimitives.Max(logits);
        T sum = T.Zero;
        for (int j = 0; j < logits.Length; j++)
        {
            T e = T.Exp(logits[j] - max);
            dLogits[j] = e;
            sum += e;
        }
        TensorPrimitives.Divide(dLogits, sum, dLogits);
        dLogits[target] -= T.One;
        return T.Log(sum) + max - logits[target];
    }
}
