using System.Collections.Generic;
using System.Linq;

namespace SeqGen.Generator.Model;

/// <summary>
/// The buffers of one self-attention layer or transformer block, sized for the whole sequence: the
/// caches its backward pass reads and its own backward scratch. Shared by <see cref="WorkspacePlan"/>
/// (which sizes them) and the emitter (which uses them).
/// </summary>
internal sealed class AttentionLayerBuffers
{
    private readonly LayerDescriptor _layer;

    public AttentionLayerBuffers(LayerDescriptor layer) => _layer = layer;

    private string Field(string name) => BufferNames.Field(_layer.Prefix + name);

    /// <summary>The input plus the positional encoding (with PositionalEncoding only).</summary>
    public string Encoded => Field("Encoded");

    public string Qkv => Field("Qkv");

    public string Probabilities => Field("Probabilities");

    public string Context => Field("Context");

    public string QkvGradient => Field("QkvGradient");

    public string ContextGradient => Field("ContextGradient");

    public string ScoreGradient => Field("ScoreGradient");

    /// <summary>The block's self-attention output.</summary>
    public string Attended => Field("Attended");

    /// <summary>The block's first residual sum, x + sa(.).</summary>
    public string Residual => Field("Residual");

    /// <summary>norm1's output.</summary>
    public string Norm1 => Field("Norm1");

    /// <summary>Pre-norm: norm2's output (the feed-forward input); post-norm: the second residual sum (norm2's input).</summary>
    public string Second => Field(_layer.Attention!.NormFirst ? "Norm2" : "Residual2");

    /// <summary>Each norm's per-step mean, then 1/sqrt(var + eps): [2][Steps].</summary>
    public string Norm1Statistics => Field("Norm1Statistics");

    public string Norm2Statistics => Field("Norm2Statistics");

    public string PreActivation => Field("PreActivation");

    public string Activation => Field("Activation");

    public string ResidualGradient => Field("ResidualGradient");

    public string NormGradient => Field("NormGradient");

    public string AttendedGradient => Field("AttendedGradient");

    public string ActivationGradient => Field("ActivationGradient");

    /// <summary>The layer's buffers for sequences of <paramref name="steps"/> steps.</summary>
    public IEnumerable<(string Name, int Length)> All(int steps)
    {
        AttentionLayerDescriptor a = _layer.Attention!;
        int e = a.Width, f = a.FeedForward;
        if (a.PositionalEncoding)
        {
            yield return (Encoded, steps * e);
        }
        yield return (Qkv, steps * 3 * e);
        yield return (Probabilities, a.Heads * steps * steps);
        yield return (Context, steps * e);
        yield return (QkvGradient, steps * 3 * e);
        yield return (ContextGradient, steps * e);
        yield return (ScoreGradient, steps);
        if (!a.IsBlock)
        {
            yield break;
        }
        yield return (Attended, steps * e);
        yield return (Residual, steps * e);
        yield return (Norm1, steps * e);
        yield return (Second, steps * e);
        yield return (Norm1Statistics, 2 * steps);
        yield return (Norm2Statistics, 2 * steps);
        yield return (PreActivation, steps * f);
        yield return (Activation, steps * f);
        yield return (ResidualGradient, steps * e);
        yield return (NormGradient, steps * e);
        yield return (AttendedGradient, steps * e);
        yield return (ActivationGradient, steps * f);
    }

    /// <summary>Every attention layer's buffers of a model, as (name, length).</summary>
    public static (string, int)[] Of(ModelDescriptor m) =>
        m.Layers.Where(l => l.Attention is not null).SelectMany(l => new AttentionLayerBuffers(l).All(m.Steps)).ToArray();
}
