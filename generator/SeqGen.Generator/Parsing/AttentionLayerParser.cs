using System.Threading;
using Microsoft.CodeAnalysis;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Parsing;

/// <summary>Reads a <c>[SelfAttention]</c> or <c>[TransformerBlock]</c> attribute into a layer of the stack.</summary>
internal static class AttentionLayerParser
{
    /// <summary>Null when <paramref name="attribute"/> is neither.</summary>
    public static (CellDeclaration Declaration, bool HasErrors)? Read(AttributeData attribute, CancellationToken cancellationToken, string selfAttention, string transformerBlock)
    {
        string? name = attribute.AttributeClass?.ToDisplayString();
        LayerKind? kind = name == selfAttention ? LayerKind.SelfAttention : name == transformerBlock ? LayerKind.TransformerBlock : null;
        if (kind is null)
        {
            return null;
        }
        var arguments = new AttributeArguments(attribute, cancellationToken);
        bool block = kind == LayerKind.TransformerBlock;
        var options = new AttentionLayerDeclaration(
            arguments.Named("Heads", 1),
            block ? arguments.Named("FeedForward", 2048) : ArgumentValue.Default(0),
            arguments.Named("Causal", 0),
            block ? arguments.Named("NormFirst", 0) : ArgumentValue.Default(0),
            arguments.Named("PositionalEncoding", 0));
        var declaration = new CellDeclaration(
            CellKind.Rnn,
            arguments.Location,
            HiddenSize: ArgumentValue.Default(0),
            Layers: ArgumentValue.Default(1),
            Bidirectional: ArgumentValue.Default(0),
            Activation: ArgumentValue.Default(0),
            Variant: ArgumentValue.Default(0),
            Layer: kind.Value,
            AttentionLayer: options);
        return (declaration, arguments.HasErrors);
    }
}
