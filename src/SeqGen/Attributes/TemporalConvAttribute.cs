using System;

namespace SeqGen;

/// <summary>
/// A dilated causal temporal convolution layer (WaveNet-style), usable in the stack in source order
/// with the cell attributes. With C = <see cref="Channels"/> and k = <see cref="Kernel"/>, as PyTorch
/// modules: a 1x1 <c>Conv1d(in, C, 1)</c> projection (<c>input</c>), then per dilation d (block j)
/// z = <c>Conv1d(C, 2C, k, dilation=d)</c> applied causally (left zero padding (k-1)*d: step t sees
/// t, t-d, ..., t-(k-1)d and zeros before the sequence start), u = tanh(z[:C]) * sigmoid(z[C:]),
/// x = x + <c>Conv1d(C, C, 1)</c>(u) (<c>blocks.{j}.dilated</c>, <c>blocks.{j}.residual</c>). The
/// layer's output per step is the final x (C values). Parameters are named <c>conv_l{k}.*</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TemporalConvAttribute : Attribute
{
    /// <summary>Channels C of every block, and the layer's output width (1 to 4096).</summary>
    public int Channels { get; set; }

    /// <summary>Taps of each dilated convolution (1 to 64); 2 by default, as WaveNet.</summary>
    public int Kernel { get; set; } = 2;

    /// <summary>One residual block per entry, with that dilation (each 1 to 4096, 1 to 32 entries), e.g. <c>new[] { 1, 2, 4, 8 }</c>.</summary>
    public int[]? Dilations { get; set; }
}
