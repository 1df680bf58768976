namespace SeqGen.Generator.Model;

/// <summary>
/// A self-attention layer or transformer block of the stack (width E = its input width = its output
/// width) and the flat-vector offsets of its tensors, in PyTorch state_dict order; the block's
/// feed-forward and norm offsets are -1 for a plain self-attention layer.
/// </summary>
internal sealed record AttentionLayerDescriptor(
    bool IsBlock,
    int Width,
    int Heads,
    int FeedForward,
    bool Causal,
    bool NormFirst,
    bool PositionalEncoding,
    int InProjWeight,
    int InProjBias,
    int OutProjWeight,
    int OutProjBias,
    int Linear1Weight = -1,
    int Linear1Bias = -1,
    int Linear2Weight = -1,
    int Linear2Bias = -1,
    int Norm1Weight = -1,
    int Norm1Bias = -1,
    int Norm2Weight = -1,
    int Norm2Bias = -1)
{
    /// <summary>Features per head, E / Heads.</summary>
    public int HeadWidth => Width / Heads;

    /// <summary>The attention's 4E^2 + 4E, and the block's two Linear layers and two LayerNorms.</summary>
    public int ParameterCount => 4 * Width * Width + 4 * Width + (IsBlock ? 2 * Width * FeedForward + FeedForward + 5 * Width : 0);

    /// <summary>Multiply-adds per step of the projections (and feed-forward), plus the scores and context against <paramref name="steps"/> steps.</summary>
    public long MultiplyAddsPerStep(int steps) => 4L * Width * Width + 2L * steps * Width + (IsBlock ? 2L * Width * FeedForward : 0);

    public string Name => IsBlock ? "TransformerBlock" : "SelfAttention";

    /// <summary>How the description comment and class summary name it.</summary>
    public string Title => $"{Name} ({Heads} head{(Heads == 1 ? "" : "s")}{(IsBlock ? $", feed-forward {FeedForward}{(NormFirst ? ", norm first" : "")}" : "")}{(Causal ? ", causal" : "")}{(PositionalEncoding ? ", positional encoding" : "")})";

    /// <summary>
    /// The layer of the stack with index <paramref name="index"/> reading <paramref name="width"/> features;
    /// <paramref name="add"/> lays out each tensor (name, rows, columns) and returns it.
    /// </summary>
    public static AttentionLayerDescriptor Build(int index, int width, LayerKind kind, AttentionLayerDeclaration d, System.Func<string, int, int, TensorDescriptor> add)
    {
        bool block = kind == LayerKind.TransformerBlock;
        string prefix = $"layers.{index}.";
        var layer = new AttentionLayerDescriptor(
            block, width, d.Heads.Value, block ? d.FeedForward.Value : 0, d.Causal.Value != 0, block && d.NormFirst.Value != 0, d.PositionalEncoding.Value != 0,
            InProjWeight: add(prefix + "self_attn.in_proj_weight", 3 * width, width).Offset,
            InProjBias: add(prefix + "self_attn.in_proj_bias", 3 * width, 0).Offset,
            OutProjWeight: add(prefix + "self_attn.out_proj.weight", width, width).Offset,
            OutProjBias: add(prefix + "self_attn.out_proj.bias", width, 0).Offset);
        if (!block)
        {
            return layer;
        }
        int f = d.FeedForward.Value;
        return layer with
        {
            Linear1Weight = add(prefix + "linear1.weight", f, width).Offset,
            Linear1Bias = add(prefix + "linear1.bias", f, 0).Offset,
            Linear2Weight = add(prefix + "linear2.weight", width, f).Offset,
            Linear2Bias = add(prefix + "linear2.bias", width, 0).Offset,
            Norm1Weight = add(prefix + "norm1.weight", width, 0).Offset,
            Norm1Bias = add(prefix + "norm1.bias", width, 0).Offset,
            Norm2Weight = add(prefix + "norm2.weight", width, 0).Offset,
            Norm2Bias = add(prefix + "norm2.bias", width, 0).Offset,
        };
    }
}
