using System;
using System.Numerics;

namespace SeqGen.Numerics;

/// <summary>
/// A linear layer (PyTorch's <c>nn.Linear</c>) applied to every row of a [rows][in] sequence, with the
/// weight stored input-major ([in][out], as <see cref="LinearAlgebra"/> expects).
/// </summary>
public static class SequenceLinear
{
    /// <summary>y[r] = W x[r] + b for each of <paramref name="rows"/> rows; y is [rows][out], out = bias.Length.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, int rows, int inputWidth, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outputWidth = bias.Length;
        for (int r = 0; r < rows; r++)
        {
            Span<T> row = y.Slice(r * outputWidth, outputWidth);
            bias.CopyTo(row);
            LinearAlgebra.AccumulateColumns(weight, outputWidth, x.Slice(r * inputWidth, inputWidth), row);
        }
    }

    /// <summary>
    /// Backward of <see cref="Forward"/>: adds dW += sum_r dy[r] x[r]^T and db += sum_r dy[r] into the
    /// gradients, and dx[r] += W^T dy[r] into <paramref name="dx"/>.
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> x, int rows, int inputWidth, ReadOnlySpan<T> weight, ReadOnlySpan<T> dy,
        Span<T> gradWeight, Span<T> gradBias, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outputWidth = gradBias.Length;
        // the weight and bias gradients as products over all rows, not an outer product per row
        StepGradients.AccumulateWeights(gradWeight, x, inputWidth, dy, outputWidth, rows, reverseInputs: false);
        StepGradients.AccumulateBias(gradBias, dy, rows);
        for (int r = 0; r < rows; r++)
        {
            LinearAlgebra.AccumulateRowDots(weight, outputWidth, dy.Slice(r * outputWidth, outputWidth), dx.Slice(r * inputWidth, inputWidth));
        }
    }
}
