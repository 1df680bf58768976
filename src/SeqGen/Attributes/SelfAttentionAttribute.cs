using System;

namespace SeqGen;

/// <summary>
/// A self-attention layer of the stack, exactly PyTorch's <c>nn.MultiheadAttention(E, Heads, batch_first=True)</c>
/// called with query = key = value = the layer's input sequence (width E = the layer's input width):
/// per head softmax(Q K^T / sqrt(E / Heads)) V, then the output projection. Output width E.
/// Tensors <c>layers.{k}.self_attn.in_proj_weight</c> [3E, E], <c>in_proj_bias</c> [3E],
/// <c>out_proj.weight</c> [E, E], <c>out_proj.bias</c> [E]. Attention needs the whole sequence:
/// no truncated BPTT, no streaming <c>Step</c>; ManyToOne and ManyToMany topologies only.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SelfAttentionAttribute : Attribute
{
    /// <summary>Attention heads (PyTorch's num_heads); must divide the layer's input width.</summary>
    public int Heads { get; set; } = 1;

    /// <summary>PyTorch's causal mask (<c>nn.Transformer.generate_square_subsequent_mask</c>): step t attends to steps 0..t only.</summary>
    public bool Causal { get; set; }

    /// <summary>
    /// Adds the sinusoidal position encoding of "Attention Is All You Need" to the layer's input
    /// (PE[t, 2i] = sin(t / 10000^(2i/E)), PE[t, 2i+1] = cos(t / 10000^(2i/E)); no parameters), so that
    /// the otherwise order-blind attention sees positions.
    /// </summary>
    public bool PositionalEncoding { get; set; }
}

/// <summary>
/// A transformer encoder block of the stack, exactly PyTorch's <c>nn.TransformerEncoderLayer(E, Heads,
/// dim_feedforward=FeedForward, dropout=0.0, activation=relu, batch_first=True, norm_first=NormFirst)</c>
/// (layer norms with eps 1e-5). Post-norm (the default): x = norm1(x + sa(x)); x = norm2(x + ff(x)).
/// Pre-norm: x = x + sa(norm1(x)); x = x + ff(norm2(x)). Tensors <c>layers.{k}.self_attn.*</c>,
/// <c>linear1.*</c>, <c>linear2.*</c>, <c>norm1.*</c>, <c>norm2.*</c> as that module's state_dict.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TransformerBlockAttribute : Attribute
{
    /// <summary>Attention heads (PyTorch's nhead); must divide the layer's input width.</summary>
    public int Heads { get; set; } = 1;

    /// <summary>Width of the feed-forward layer (PyTorch's dim_feedforward, whose default 2048 this keeps).</summary>
    public int FeedForward { get; set; } = 2048;

    /// <summary>PyTorch's causal mask: step t attends to steps 0..t only.</summary>
    public bool Causal { get; set; }

    /// <summary>PyTorch's norm_first: layer norm before the attention and the feed-forward rather than after each residual sum.</summary>
    public bool NormFirst { get; set; }

    /// <summary>Adds the sinusoidal position encoding of "Attention Is All You Need" to the block's input (see <see cref="SelfAttentionAttribute.PositionalEncoding"/>).</summary>
    public bool PositionalEncoding { get; set; }
}
