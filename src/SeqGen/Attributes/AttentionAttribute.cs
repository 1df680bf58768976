using System;

namespace SeqGen;

/// <summary>
/// Gives an <see cref="Topology.EncoderDecoder"/> model attention over the encoder's outputs: after
/// each decoder step, the decoder state s scores every encoder output, the softmax of the scores
/// weighs them into a context vector, and the head reads [s ; context]. Without this attribute the
/// decoder sees only the encoder's final state and the head reads s alone.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AttentionAttribute : Attribute
{
    /// <summary>Declares attention of the given kind.</summary>
    public AttentionAttribute(AttentionKind kind) => Kind = kind;

    /// <summary>How the decoder state scores an encoder output.</summary>
    public AttentionKind Kind { get; }

    /// <summary>
    /// Hard attention at inference: <c>Forward</c> and <c>Generate</c> take the context from the single
    /// encoder output with the highest weight (the argmax of the softmax) instead of the weighted sum.
    /// Training (<c>ComputeGradients</c>) keeps the soft weights, since the argmax has no gradient.
    /// </summary>
    public bool Hard { get; set; }
}
