using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace SeqGen.Numerics;

/// <summary>
/// The feed-forward part of a transformer block, per row: linear2(relu(linear1(x))), as PyTorch's
/// <c>nn.TransformerEncoderLayer</c> with activation relu and no dropout.
/// </summary>
public static class FeedForward
{
    /// <summary>
    /// y = W2 relu(W1 x + b1) + b2 for <paramref name="rows"/> rows of <paramref name="width"/>; keeps the
    /// pre-activation and the activation ([rows][inner], inner = b1.Length) for the backward pass.
    /// </summary>
    public static void Forward<T>(ReadOnlySpan<T> x, int rows, int width,
        ReadOnlySpan<T> weight1, ReadOnlySpan<T> bias1, ReadOnlySpan<T> weight2, ReadOnlySpan<T> bias2,
        Span<T> preActivation, Span<T> activation, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inner = bias1.Length;
        SequenceLinear.Forward(x, rows, width, weight1, bias1, preActivation);
        TensorPrimitives.Max(preActivation.Slice(0, rows * inner), T.Zero, activation.Slice(0, rows * inner));
        SequenceLinear.Forward(activation, rows, inner, weight2, bias2, y);
    }

    /// <summary>
    /// Backward of <see cref="Forward"/>: adds the four parameter gradients and dx += d(y)/dx^T dy.
    /// <paramref name="dActivation"/> ([rows][inner]) is scratch.
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> x, int rows, int width,
        ReadOnlySpan<T> weight1, ReadOnlySpan<T> weight2, ReadOnlySpan<T> preActivation, ReadOnlySpan<T> activation, ReadOnlySpan<T> dy,
        Span<T> gradWeight1, Span<T> gradBias1, Span<T> gradWeight2, Span<T> gradBias2, Span<T> dActivation, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inner = gradBias1.Length;
        Span<T> dHidden = dActivation.Slice(0, rows * inner);
        dHidden.Clear();
        SequenceLinear.Backward(activation, rows, inner, weight2, dy, gradWeight2, gradBias2, dHidden);
        // relu: the gradient passes where the pre-activation was positive (PyTorch's relu backward: x > 0)
        for (int i = 0; i < dHidden.Length; i++)
        {
            if (!(preActivation[i] > T.Zero))
            {
                dHidden[i] = T.Zero;
            }
        }
        SequenceLinear.Backward(x, rows, width, weight1, dHidden, gradWeight1, gradBias1, dx);
    }
}
