namespace SeqGen.Generator.Model;

/// <summary>
/// The options of a <c>[SelfAttention]</c> or <c>[TransformerBlock]</c> attribute as written; it sits in
/// the stack as a <see cref="CellDeclaration"/> whose <see cref="CellDeclaration.Layer"/> says which.
/// FeedForward and NormFirst are the block's alone (default 0 for self-attention).
/// </summary>
internal sealed record AttentionLayerDeclaration(
    ArgumentValue Heads,
    ArgumentValue FeedForward,
    ArgumentValue Causal,
    ArgumentValue NormFirst,
    ArgumentValue PositionalEncoding);
