namespace SeqGen.Generator.Model;

/// <summary>
/// One attribute argument as written: its value (enums and booleans as int), whether it was
/// written at all, and where, so that validation can point at it.
/// </summary>
internal readonly record struct ArgumentValue(int Value, bool IsSet, LocationInfo? Location)
{
    public static ArgumentValue Default(int value) => new(value, false, null);
}

/// <summary>A type that encloses the model class.</summary>
internal sealed record ContainingType(string Keyword, string Name, bool IsPartial, LocationInfo? Location);

/// <summary>
/// The class the attributes sit on. <see cref="Name"/> is plain (for messages); <see cref="Identifier"/>
/// and <see cref="Namespace"/> are escaped for code (<c>@class</c>); <see cref="MetadataName"/> is
/// unique per type (arity and nesting included) and names the generated file.
/// </summary>
internal sealed record TypeDeclaration(
    string? Namespace,
    string Name,
    string Identifier,
    string MetadataName,
    string Accessibility,
    bool IsPartial,
    bool IsGeneric,
    bool IsStatic,
    LocationInfo? NameLocation,
    EquatableArray<ContainingType> ContainingTypes,
    bool HasConflictingConstructor = false,
    EquatableArray<NamedLocation> CollidingMembers = default);

/// <summary>A name in source and where it is.</summary>
internal sealed record NamedLocation(string Name, LocationInfo? Location);

/// <summary>The kind of a recurrent cell attribute.</summary>
internal enum CellKind
{
    Rnn,
    Lstm,
    Gru,
}

/// <summary>One layer attribute of the stack as written (<c>[Lstm(32, Layers = 2)]</c>; <c>[SelfAttention]</c> and <c>[TransformerBlock]</c> with <see cref="AttentionLayer"/>).</summary>
internal sealed record CellDeclaration(
    CellKind Kind,
    LocationInfo? AttributeLocation,
    ArgumentValue HiddenSize,
    ArgumentValue Layers,
    ArgumentValue Bidirectional,
    ArgumentValue Activation,
    ArgumentValue Variant,
    ArgumentValue SingleBias = default,
    ArgumentValue ProjectionSize = default,
    ArgumentValue MergeMode = default,
    ArgumentValue Peephole = default,
    ArgumentValue CoupledGates = default,
    LayerKind Layer = LayerKind.Recurrent,
    AttentionLayerDeclaration? AttentionLayer = null,
    TemporalConvDeclaration? TemporalConv = null,
    ArgumentValue LayerNorm = default,
    DoubleArgument? CellClip = null);

/// <summary>The limits of a <c>[Budget]</c> attribute as written (0 or not set: no limit).</summary>
internal sealed record BudgetDeclaration(
    ArgumentValue MaxParameters,
    ArgumentValue MaxWorkspaceBytes,
    ArgumentValue MaxMultiplyAddsPerStep);

/// <summary>An <c>[Attention]</c> attribute as written.</summary>
internal sealed record AttentionDeclaration(LocationInfo? AttributeLocation, ArgumentValue Kind, ArgumentValue Hard = default);

/// <summary>
/// Everything the attributes of one class say, before validation: the output of parsing and the
/// input of <see cref="Validation.ModelValidator"/>. Holds no symbol, syntax node or location.
/// </summary>
internal sealed record ModelDeclaration(
    TypeDeclaration Type,
    LocationInfo? AttributeLocation,
    ArgumentValue Topology,
    ArgumentValue InputSize,
    ArgumentValue Steps,
    ArgumentValue OutputSize,
    ArgumentValue OutputSteps,
    ArgumentValue Loss,
    ArgumentValue Precision,
    ArgumentValue TruncatedBptt,
    EquatableArray<CellDeclaration> Cells,
    BudgetDeclaration? Budget = null,
    ArgumentValue FeedBack = default,
    AttentionDeclaration? Attention = null,
    StringArgument? Weights = null,
    ArgumentValue WeightStorage = default);

/// <summary>A string attribute argument as written (null when not written or written as null), and where.</summary>
internal sealed record StringArgument(string Value, LocationInfo? Location);

/// <summary>A floating-point attribute argument as written, and where.</summary>
internal sealed record DoubleArgument(double Value, LocationInfo? Location);

/// <summary>An <c>int[]</c> attribute argument as written (<c>new[] { 1, 2, 4 }</c>), and where.</summary>
internal sealed record IntArrayArgument(EquatableArray<int> Values, LocationInfo? Location);
