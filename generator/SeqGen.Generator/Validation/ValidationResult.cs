using SeqGen.Generator.Model;

namespace SeqGen.Generator.Validation;

/// <summary>
/// The outcome of validating one declaration: a model to emit (null when an error was found) and
/// the diagnostics to report.
/// </summary>
internal sealed record ValidationResult(ModelDescriptor? Model, EquatableArray<DiagnosticInfo> Diagnostics);
