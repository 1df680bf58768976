namespace SeqGen.Generator.Model;

/// <summary>
/// A <c>[Hopfield]</c> class as written, before validation: the output of
/// <see cref="Parsing.HopfieldDeclarationParser"/>. Holds no symbol, syntax node or location.
/// </summary>
internal sealed record HopfieldDeclaration(
    TypeDeclaration Type,
    LocationInfo? AttributeLocation,
    ArgumentValue Size,
    ArgumentValue MaxIterations,
    bool AlsoSequenceModel);

/// <summary>A valid Hopfield model, what the emitter needs.</summary>
internal sealed record HopfieldDescriptor(TypeDeclaration Type, int Size, int MaxIterations);

/// <summary>The outcome of validating one Hopfield declaration: a model to emit (null on an error) and the diagnostics.</summary>
internal sealed record HopfieldValidationResult(HopfieldDescriptor? Model, EquatableArray<DiagnosticInfo> Diagnostics);
