using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using SeqGen.Generator;
using Xunit;

namespace SeqGen.Tests.Generator;

/// <summary>One generated file: its hint name and text.</summary>
public sealed record GeneratedFile(string HintName, string Text);

/// <summary>A diagnostic a test expects: ID, exact (invariant-culture) message, and the source text it points at.</summary>
public sealed record ExpectedDiagnostic(string Id, string Message, string SpanText)
{
    public override string ToString() => $"{Id} at `{SpanText}`: {Message}";
}

/// <summary>The outcome of one generator run over a compilation built from source strings.</summary>
public sealed class GeneratorRun
{
    internal GeneratorRun(
        GeneratorDriver driver,
        CSharpCompilation inputCompilation,
        Compilation outputCompilation,
        ImmutableArray<Diagnostic> generatorDiagnostics,
        ImmutableArray<GeneratedFile> generatedSources,
        ImmutableArray<Diagnostic> compilationDiagnostics,
        Exception? generatorException)
    {
        Driver = driver;
        InputCompilation = inputCompilation;
        OutputCompilation = outputCompilation;
        GeneratorDiagnostics = generatorDiagnostics;
        GeneratedSources = generatedSources;
        CompilationDiagnostics = compilationDiagnostics;
        GeneratorException = generatorException;
    }

    /// <summary>The driver after the run (its run result holds the tracked steps).</summary>
    public GeneratorDriver Driver { get; }

    public CSharpCompilation InputCompilation { get; }

    /// <summary>The input compilation plus the generated sources.</summary>
    public Compilation OutputCompilation { get; }

    /// <summary>What the generator reported (and the driver, e.g. CS8785 when the generator threw).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    public ImmutableArray<GeneratedFile> GeneratedSources { get; }

    /// <summary>Every diagnostic of the output compilation (user code and generated code).</summary>
    public ImmutableArray<Diagnostic> CompilationDiagnostics { get; }

    /// <summary>The exception the generator threw, if it did.</summary>
    public Exception? GeneratorException { get; }

    /// <summary>
    /// Generator diagnostics and output-compilation diagnostics of severity Warning or Error
    /// (hidden and info ones, e.g. unnecessary usings, are ignored).
    /// </summary>
    public IEnumerable<Diagnostic> Reportable =>
        GeneratorDiagnostics.Concat(CompilationDiagnostics)
            .Where(d => d.Severity is DiagnosticSeverity.Warning or DiagnosticSeverity.Error);

    /// <summary>
    /// Asserts that the reportable diagnostics are exactly <paramref name="expected"/>: each with
    /// its ID, its message and its location, and nothing else.
    /// </summary>
    public void AssertDiagnostics(params ExpectedDiagnostic[] expected)
    {
        Assert.Null(GeneratorException);
        List<(Diagnostic Diagnostic, ExpectedDiagnostic Actual)> actual = Reportable
            .Select(d => (d, new ExpectedDiagnostic(d.Id, d.GetMessage(CultureInfo.InvariantCulture), SpanText(d))))
            .ToList();
        var missing = new List<ExpectedDiagnostic>();
        foreach (ExpectedDiagnostic e in expected)
        {
            int index = actual.FindIndex(a => a.Actual == e);
            if (index < 0)
            {
                missing.Add(e);
            }
            else
            {
                actual.RemoveAt(index);
            }
        }
        if (missing.Count > 0 || actual.Count > 0)
        {
            var message = new StringBuilder();
            message.AppendLine("The diagnostics differ from those expected.");
            foreach (ExpectedDiagnostic m in missing)
            {
                message.AppendLine("  expected, not reported: " + m);
            }
            foreach ((Diagnostic d, ExpectedDiagnostic a) in actual)
            {
                message.AppendLine($"  reported, not expected: {a} [{d.Severity}, {d.Location.GetLineSpan()}]");
            }
            Assert.Fail(message.ToString());
        }
    }

    /// <summary>Asserts no reportable diagnostic, and that the output compilation also emits IL.</summary>
    public void AssertCleanBuild()
    {
        AssertDiagnostics();
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emit = OutputCompilation.Emit(stream);
        Assert.True(emit.Success, string.Join(Environment.NewLine, emit.Diagnostics));
    }

    /// <summary>
    /// The source text a diagnostic points at. Generator diagnostics carry an external location
    /// (file path and span, no tree), so the tree is found by path; the line span it carries must
    /// agree with the span.
    /// </summary>
    public string SpanText(Diagnostic diagnostic)
    {
        Location location = diagnostic.Location;
        if (location == Location.None)
        {
            return "<no location>";
        }
        SyntaxTree? tree = location.SourceTree
            ?? OutputCompilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == location.GetLineSpan().Path);
        if (tree is null)
        {
            return $"<no tree for {location.GetLineSpan().Path}>";
        }
        TextSpan span = location.SourceSpan;
        FileLinePositionSpan lines = location.GetLineSpan();
        Assert.Equal(tree.GetLineSpan(span).Span, lines.Span);
        return tree.GetText().ToString(span);
    }

    /// <summary>The one generated file of a run that declares one model.</summary>
    public GeneratedFile SingleSource()
    {
        Assert.Null(GeneratorException);
        return Assert.Single(GeneratedSources);
    }
}

/// <summary>
/// Runs <see cref="SequenceModelGenerator"/> the way the compiler does, over a compilation built
/// from source strings that references the framework and the SeqGen runtime library.
/// </summary>
public static class GeneratorHarness
{
    /// <summary>
    /// The newest C# this Roslyn knows, with XML documentation comments checked (as a project with
    /// GenerateDocumentationFile, like src/SeqGen, would).
    /// </summary>
    public static readonly CSharpParseOptions ParseOptions = ParseOptionsFor(LanguageVersion.Latest);

    public static CSharpParseOptions ParseOptionsFor(LanguageVersion version) =>
        new(version, DocumentationMode.Diagnose);

    /// <summary>
    /// As a project built by the SDK with Nullable enabled, warning waves on, and the SDK's
    /// default suppression of the assembly-unification notes CS1701/CS1702. Missing XML comments
    /// (CS1591) count in generated code only: the test sources are not documented.
    /// </summary>
    public static readonly CSharpCompilationOptions CompilationOptions =
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            })
            .WithSyntaxTreeOptionsProvider(new TestSourceOptions());

    /// <summary>The trees the driver adds live under the generator's assembly name.</summary>
    public static bool IsGenerated(SyntaxTree tree) =>
        tree.FilePath.StartsWith(typeof(SequenceModelGenerator).Assembly.GetName().Name + "/", StringComparison.Ordinal)
        || tree.FilePath.StartsWith(typeof(SequenceModelGenerator).Assembly.GetName().Name + "\\", StringComparison.Ordinal);

    /// <summary>Per-tree severities, as an .editorconfig section for the test sources would give.</summary>
    private sealed class TestSourceOptions : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Suppress;
            return diagnosticId == "CS1591" && !GeneratorHarness.IsGenerated(tree);
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = default;
            return false;
        }
    }

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>
    /// The platform assemblies, plus the SeqGen runtime. The test assembly itself is left out so
    /// that the compilation under test does not see the models the test project declares.
    /// </summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")
            ?? throw new InvalidOperationException("TRUSTED_PLATFORM_ASSEMBLIES is not set.");
        string self = Path.GetFullPath(Assembly.GetExecutingAssembly().Location);
        IEnumerable<string> paths = trusted
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(SequenceModelAttribute).Assembly.Location)
            .Select(Path.GetFullPath)
            .Where(p => !string.Equals(p, self, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    /// <summary>Parses <paramref name="source"/> as the file <paramref name="path"/>.</summary>
    public static SyntaxTree Parse(string source, string path, CSharpParseOptions? options = null) =>
        CSharpSyntaxTree.ParseText(source, options ?? ParseOptions, path, Encoding.UTF8);

    /// <summary>A compilation of the sources, named Source0.cs, Source1.cs, ...</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(ParseOptions, sources);

    public static CSharpCompilation CreateCompilation(CSharpParseOptions options, params string[] sources) =>
        CSharpCompilation.Create(
            "GeneratorTestInput",
            sources.Select((s, i) => Parse(s, $"Source{i}.cs", options)),
            References,
            CompilationOptions);

    public static GeneratorDriver CreateDriver(CSharpParseOptions? options = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new SequenceModelGenerator().AsSourceGenerator() },
            parseOptions: options ?? ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator over the sources.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(CreateDriver(), CreateCompilation(sources));

    /// <summary>Runs the generator over the sources, parsed (and the generated code compiled) as C# <paramref name="version"/>.</summary>
    public static GeneratorRun Run(LanguageVersion version, params string[] sources)
    {
        CSharpParseOptions options = ParseOptionsFor(version);
        return Run(CreateDriver(options), CreateCompilation(options, sources));
    }

    /// <summary>Runs <paramref name="driver"/> (fresh or from an earlier run) over <paramref name="compilation"/>.</summary>
    public static GeneratorRun Run(GeneratorDriver driver, CSharpCompilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorRunResult result = Assert.Single(driver.GetRunResult().Results);
        return new GeneratorRun(
            driver,
            compilation,
            output,
            diagnostics,
            result.GeneratedSources.Select(s => new GeneratedFile(s.HintName, s.SourceText.ToString())).ToImmutableArray(),
            output.GetDiagnostics(),
            result.Exception);
    }
}
