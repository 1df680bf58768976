using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace SeqGen.Numerics;

/// <summary>
/// Kernels of a dilated causal temporal convolution layer (<c>[TemporalConv]</c>), shared by every
/// generated model. Sequences are time-major, <c>[length][channels]</c>; weights are in PyTorch's
/// Conv1d layout, <c>[out][in][kernel]</c> (a 1x1 convolution's <c>[out][in][1]</c> is an [out][in] matrix).
/// Tap m of a causal convolution with dilation d reads step t - (k-1-m)*d; steps before 0 are zeros.
/// </summary>
public static class TemporalConvolution
{
    /// <summary>output[t] += bias + W input[t] for each step: a 1x1 Conv1d added into <paramref name="output"/>.</summary>
    public static void PointwiseAdd<T>(ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, ReadOnlySpan<T> input, int inputs, Span<T> output, int outputs, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(weight.Length, outputs * inputs, bias.Length, outputs, input.Length, length * inputs, output.Length, length * outputs);
        // the [out][in] weight is row-major: each output is a row dot product
        for (int t = 0; t < length; t++)
        {
            Span<T> y = output.Slice(t * outputs, outputs);
            TensorPrimitives.Add(y, bias, y);
            LinearAlgebra.AccumulateRowDots(weight, inputs, input.Slice(t * inputs, inputs), y);
        }
    }

    /// <summary>
    /// Backward of <see cref="PointwiseAdd{T}"/>: adds dW = sum_t dy[t] x[t]^T, db = sum_t dy[t] and
    /// dx[t] += W^T dy[t].
    /// </summary>
    public static void PointwiseBackward<T>(ReadOnlySpan<T> weight, ReadOnlySpan<T> input, int inputs, ReadOnlySpan<T> outputGradient, int outputs, int length,
        Span<T> weightGradient, Span<T> biasGradient, Span<T> inputGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(weight.Length, outputs * inputs, biasGradient.Length, outputs, input.Length, length * inputs, outputGradient.Length, length * outputs);
        Check(weightGradient.Length, outputs * inputs, inputGradient.Length, length * inputs, 0, 0, 0, 0);
        // dW and db as products over all steps; dx[t] += W^T dy[t] accumulates the weight's columns
        StepGradients.AccumulateWeights(weightGradient, outputGradient, outputs, input, inputs, length, reverseInputs: false);
        StepGradients.AccumulateBias(biasGradient, outputGradient, length);
        for (int t = 0; t < length; t++)
        {
            LinearAlgebra.AccumulateColumns(weight, inputs, outputGradient.Slice(t * outputs, outputs), inputGradient.Slice(t * inputs, inputs));
        }
    }

    /// <summary>
    /// output[t] = bias + sum over i and m of W[o][i][m] input[t - (k-1-m)*d][i]: a Conv1d with left zero
    /// padding (k-1)*d, so step t sees only itself and earlier steps.
    /// </summary>
    public static void Causal<T>(ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, ReadOnlySpan<T> input, int inputs, Span<T> output, int outputs, int kernel, int dilation, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(weight.Length, outputs * inputs * kernel, bias.Length, outputs, input.Length, length * inputs, output.Length, length * outputs);
        for (int t = 0; t < length; t++)
        {
            Span<T> y = output.Slice(t * outputs, outputs);
            bias.CopyTo(y);
            for (int m = 0; m < kernel; m++)
            {
                int source = t - (kernel - 1 - m) * dilation;
                if (source < 0)
                {
                    continue;
                }
                AddTap(weight, input.Slice(source * inputs, inputs), inputs, y, outputs, kernel, m);
            }
        }
    }

    /// <summary>
    /// Backward of <see cref="Causal{T}"/>: adds the weight and bias gradients and, into
    /// <paramref name="inputGradient"/>, the gradient on each input step.
    /// </summary>
    public static void CausalBackward<T>(ReadOnlySpan<T> weight, ReadOnlySpan<T> input, int inputs, ReadOnlySpan<T> outputGradient, int outputs, int kernel, int dilation, int length,
        Span<T> weightGradient, Span<T> biasGradient, Span<T> inputGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(weight.Length, outputs * inputs * kernel, biasGradient.Length, outputs, input.Length, length * inputs, outputGradient.Length, length * outputs);
        Check(weightGradient.Length, outputs * inputs * kernel, inputGradient.Length, length * inputs, 0, 0, 0, 0);
        for (int t = 0; t < length; t++)
        {
            ReadOnlySpan<T> dy = outputGradient.Slice(t * outputs, outputs);
            for (int o = 0; o < outputs; o++)
            {
                biasGradient[o] += dy[o];
            }
            for (int m = 0; m < kernel; m++)
            {
                int source = t - (kernel - 1 - m) * dilation;
                if (source < 0)
                {
                    continue;
                }
                ReadOnlySpan<T> x = input.Slice(source * inputs, inputs);
                Span<T> dx = inputGradient.Slice(source * inputs, inputs);
                for (int o = 0; o < outputs; o++)
                {
                    T g = dy[o];
                    int row = o * inputs * kernel + m;
                    for (int i = 0; i < inputs; i++)
                    {
                        weightGradient[row + i * kernel] += g * x[i];
                        dx[i] += weight[row + i * kernel] * g;
                    }
                }
            }
        }
    }

    /// <summary>
    /// One streaming step of <see cref="Causal{T}"/>: <paramref name="history"/> is a ring of
    /// (k-1)*d input steps (slot τ mod (k-1)*d holds step τ; zeros before the stream began) and
    /// <paramref name="time"/> the number of steps already taken. Writes z for input <paramref name="x"/>,
    /// then stores x in the ring over the step no longer needed.
    /// </summary>
    public static void CausalStep<T>(ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> history, long time, ReadOnlySpan<T> x, int inputs, Span<T> output, int outputs, int kernel, int dilation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int slots = (kernel - 1) * dilation;
        Check(weight.Length, outputs * inputs * kernel, bias.Length, outputs, history.Length, slots * inputs, output.Length, outputs);
        Check(x.Length, inputs, 0, 0, 0, 0, 0, 0);
        bias.CopyTo(output);
        int position = slots == 0 ? 0 : (int)(time % slots);
        for (int m = 0; m < kernel; m++)
        {
            int back = (kernel - 1 - m) * dilation;
            if (back == 0)
            {
                AddTap(weight, x, inputs, output, outputs, kernel, m);
            }
            else if (back <= time)
            {
                int slot = (position - back + slots) % slots;
                AddTap(weight, history.Slice(slot * inputs, inputs), inputs, output, outputs, kernel, m);
            }
        }
        if (slots > 0)
        {
            x.CopyTo(history.Slice(position * inputs, inputs));
        }
    }

    /// <summary>The gated activation u = tanh(z[:C]) * sigmoid(z[C:]) of each step; z is [length][2C], u [length][C].</summary>
    public static void Gate<T>(ReadOnlySpan<T> z, Span<T> gated, int channels, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(z.Length, length * 2 * channels, gated.Length, length * channels, 0, 0, 0, 0);
        for (int t = 0; t < length; t++)
        {
            ReadOnlySpan<T> zt = z.Slice(t * 2 * channels, 2 * channels);
            Span<T> u = gated.Slice(t * channels, channels);
            for (int c = 0; c < channels; c++)
            {
                u[c] = T.Tanh(zt[c]) * Activations.Sigmoid(zt[channels + c]);
            }
        }
    }

    /// <summary>Backward of <see cref="Gate{T}"/>: writes dz from du (and z).</summary>
    public static void GateBackward<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> gatedGradient, Span<T> zGradient, int channels, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(z.Length, length * 2 * channels, gatedGradient.Length, length * channels, zGradient.Length, length * 2 * channels, 0, 0);
        for (int t = 0; t < length; t++)
        {
            ReadOnlySpan<T> zt = z.Slice(t * 2 * channels, 2 * channels);
            ReadOnlySpan<T> du = gatedGradient.Slice(t * channels, channels);
            Span<T> dz = zGradient.Slice(t * 2 * channels, 2 * channels);
            for (int c = 0; c < channels; c++)
            {
                T a = T.Tanh(zt[c]);
                T s = Activations.Sigmoid(zt[channels + c]);
                dz[c] = du[c] * s * (T.One - a * a);
                dz[channels + c] = du[c] * a * s * (T.One - s);
            }
        }
    }

    /// <summary>y[o] += sum_i W[o][i][m] x[i].</summary>
    private static void AddTap<T>(ReadOnlySpan<T> weight, ReadOnlySpan<T> x, int inputs, Span<T> y, int outputs, int kernel, int m)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outputs; o++)
        {
            int row = o * inputs * kernel + m;
            T sum = T.Zero;
            for (int i = 0; i < inputs; i++)
            {
                sum += weight[row + i * kernel] * x[i];
            }
            y[o] += sum;
        }
    }

    private static void Check(int a, int expectedA, int b, int expectedB, int c, int expectedC, int d, int expectedD)
    {
        if (a != expectedA || b != expectedB || c < expectedC || d < expectedD)
        {
            throw new ArgumentException(
                $"Temporal convolution spans have lengths {a}, {b}, {c}, {d}; expected {expectedA}, {expectedB}, at least {expectedC}, at least {expectedD}.");
        }
    }
}
