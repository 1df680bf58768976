using System.Linq;

namespace SeqGen.Generator.Model;

/// <summary>A <c>[TemporalConv]</c> attribute's own arguments as written (it rides in the stack as a <see cref="CellDeclaration"/>).</summary>
internal sealed record TemporalConvDeclaration(ArgumentValue Channels, ArgumentValue Kernel, IntArrayArgument? Dilations);

/// <summary>Flat-vector offsets of one residual block of a temporal convolution: its dilated and residual Conv1d.</summary>
internal sealed record TemporalConvBlock(int Dilation, int DilatedWeight, int DilatedBias, int ResidualWeight, int ResidualBias);

/// <summary>
/// A dilated causal temporal convolution layer: the 1x1 input projection to <see cref="Channels"/>
/// and one gated residual block per dilation. Weights are stored in PyTorch layout ([out][in][k]).
/// </summary>
internal sealed record TemporalConvDescriptor(int Channels, int Kernel, int InputWidth, int InputWeight, int InputBias, EquatableArray<TemporalConvBlock> Blocks)
{
    /// <summary>Inputs of block j a step still needs from earlier steps: (k-1)*d (the ring buffer's slots).</summary>
    public int History(int block) => (Kernel - 1) * Blocks[block].Dilation;

    /// <summary>Steps back the layer's output at t can see: (k-1) * sum of dilations.</summary>
    public int ReceptiveField => 1 + Blocks.Sum(b => (Kernel - 1) * b.Dilation);

    public int ParameterCount => Channels * (InputWidth + 1) + Blocks.Count * (2 * Channels * (Channels * Kernel + 1) + Channels * (Channels + 1));

    public long MultiplyAddsPerStep => (long)Channels * InputWidth + Blocks.Count * (2L * Channels * Channels * Kernel + (long)Channels * Channels);

    public string Name => $"TemporalConv (kernel {Kernel}, dilations {string.Join(",", Blocks.Select(b => b.Dilation))})";
}
