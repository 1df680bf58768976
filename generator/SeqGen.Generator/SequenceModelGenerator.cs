using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SeqGen.Generator.Emit;
using SeqGen.Generator.Emit.Hopfield;
using SeqGen.Generator.Model;
using SeqGen.Generator.Parsing;
using SeqGen.Generator.Validation;
using SeqGen.Generator.Weights;

namespace SeqGen.Generator;

/// <summary>
/// The pipeline: [SequenceModel] classes -> <see cref="ModelDeclaration"/> (parse) ->
/// <see cref="ValidationResult"/> (validate) -> diagnostics and one source file per model (emit).
/// Each step's output is value-equal, so an unrelated edit leaves them cached. [Hopfield] classes
/// go through a second pipeline of the same shape (HopfieldParse, HopfieldValidate).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SequenceModelGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ModelDeclaration?> declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ModelDeclarationParser.SequenceModelAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (context, token) => ModelDeclarationParser.Parse(context, token))
            .WithTrackingName(TrackingNames.Parse);

        // MSBuild property SeqGenWorkspaceWarningBytes (made visible by SeqGen.props), else the default.
        IncrementalValueProvider<long> workspaceWarningBytes = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) =>
                options.GlobalOptions.TryGetValue("build_property.SeqGenWorkspaceWarningBytes", out string? text)
                && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long bytes) && bytes > 0
                    ? bytes
                    : ModelValidator.DefaultWorkspaceWarningBytes)
            .WithTrackingName(TrackingNames.Options);

        // Weights files: each candidate AdditionalFiles item read once, into values (see WeightsFileReader
        // for why a binary file arrives as base64 text).
        IncrementalValueProvider<EquatableArray<WeightsFile>> weightsFiles = context.AdditionalTextsProvider
            .Where(static text => WeightsFileReader.IsCandidate(text.Path))
            .Select(static (text, token) => WeightsFileReader.Read(text, token))
            .WithTrackingName(TrackingNames.WeightsFiles)
            .Collect()
            .Select(static (files, _) => files.ToEquatableArray());

        // Each model keeps only the file its Weights argument names, so editing another file (or
        // adding one) leaves its validation cached.
        IncrementalValuesProvider<(ModelDeclaration Declaration, WeightsLookup? Weights)> withWeights = declarations
            .Where(static d => d is not null)
            .Combine(weightsFiles)
            .Select(static (pair, _) => (pair.Left!, pair.Left!.Weights is { } requested ? WeightsFileReader.Find(requested, pair.Right) : null))
            .WithTrackingName(TrackingNames.MatchWeights);

        IncrementalValuesProvider<ValidationResult> results = withWeights
            .Combine(workspaceWarningBytes)
            .Select(static (pair, _) => ModelValidator.Validate(pair.Left.Declaration, pair.Right, pair.Left.Weights))
            .WithTrackingName(TrackingNames.Validate);

        context.RegisterSourceOutput(results, static (context, result) =>
        {
            foreach (DiagnosticInfo diagnostic in result.Diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
            if (result.Model is not null)
            {
                context.AddSource(ModelEmitter.HintName(result.Model), ModelEmitter.Emit(result.Model));
            }
        });

        // [Hopfield] classes: a separate model kind with its own parse and validate steps.
        IncrementalValuesProvider<HopfieldValidationResult> hopfield = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                HopfieldDeclarationParser.HopfieldAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (context, token) => HopfieldDeclarationParser.Parse(context, token))
            .WithTrackingName(TrackingNames.HopfieldParse)
            .Where(static d => d is not null)
            .Select(static (declaration, _) => HopfieldValidator.Validate(declaration!))
            .WithTrackingName(TrackingNames.HopfieldValidate);

        context.RegisterSourceOutput(hopfield, static (context, result) =>
        {
            foreach (DiagnosticInfo diagnostic in result.Diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
            if (result.Model is not null)
            {
                context.AddSource(HopfieldEmitter.HintName(result.Model), HopfieldEmitter.Emit(result.Model));
            }
        });
    }
}

/// <summary>Names of the pipeline steps, for caching tests.</summary>
public static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Options = nameof(Options);
    public const string WeightsFiles = nameof(WeightsFiles);
    public const string MatchWeights = nameof(MatchWeights);
    public const string Validate = nameof(Validate);
    public const string HopfieldParse = nameof(HopfieldParse);
    public const string HopfieldValidate = nameof(HopfieldValidate);
}
