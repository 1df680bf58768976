using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using SeqGen.Generator;
using Xunit;

namespace SeqGen.Tests.CodeFixes;

/// <summary>
/// Runs a code fix the way the IDE would: the source is one document of an <see cref="AdhocWorkspace"/>
/// project; the SEQ diagnostics come from running <see cref="SequenceModelGenerator"/> over that
/// project's compilation (they are generator diagnostics, not analyzer ones); the provider gets a
/// <see cref="CodeFixContext"/> per diagnostic, and the registered action's changes are applied.
/// </summary>
internal static class CodeFixHarness
{
    public const string FilePath = "Model.cs";

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions s_compilationOptions =
        new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        // the platform assemblies and the SeqGen runtime, not this test assembly (whose models would be seen)
        string trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")
            ?? throw new InvalidOperationException("TRUSTED_PLATFORM_ASSEMBLIES is not set.");
        string self = Path.GetFullPath(Assembly.GetExecutingAssembly().Location);
        return trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(SequenceModelAttribute).Assembly.Location)
            .Select(Path.GetFullPath)
            .Where(p => !string.Equals(p, self, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    /// <summary>A new workspace with one project holding <paramref name="source"/> as <see cref="FilePath"/>.</summary>
    public static Document CreateDocument(AdhocWorkspace workspace, string source)
    {
        var projectId = ProjectId.CreateNewId();
        workspace.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Create(), "CodeFixInput", "CodeFixInput", LanguageNames.CSharp,
            compilationOptions: s_compilationOptions,
            parseOptions: s_parseOptions,
            metadataReferences: s_references.Value));
        return workspace.AddDocument(DocumentInfo.Create(
            DocumentId.CreateNewId(projectId), FilePath,
            loader: TextLoader.From(TextAndVersion.Create(SourceText.From(source), VersionStamp.Create(), FilePath)),
            filePath: FilePath));
    }

    /// <summary>
    /// Runs the generator over the document's project. Returns the generator's diagnostics and the
    /// warnings and errors of the compilation with the generated code added.
    /// </summary>
    public static async Task<(ImmutableArray<Diagnostic> Generator, ImmutableArray<Diagnostic> Output)> RunGeneratorAsync(Document document)
    {
        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new SequenceModelGenerator().AsSourceGenerator() }, parseOptions: s_parseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        Assert.Null(Assert.Single(driver.GetRunResult().Results).Exception);
        return (diagnostics, output.GetDiagnostics()
            .Where(d => d.Severity is DiagnosticSeverity.Warning or DiagnosticSeverity.Error)
            .ToImmutableArray());
    }

    /// <summary>The code actions <paramref name="provider"/> registers for one diagnostic.</summary>
    public static async Task<List<CodeAction>> ActionsFor(CodeFixProvider provider, Document document, Diagnostic diagnostic)
    {
        Assert.Contains(diagnostic.Id, provider.FixableDiagnosticIds);
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        return actions;
    }

    /// <summary>The text of the document after <paramref name="action"/> is applied.</summary>
    public static async Task<string> ApplyAsync(CodeAction action, Document document)
    {
        ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(CancellationToken.None);
        ApplyChangesOperation apply = Assert.IsType<ApplyChangesOperation>(Assert.Single(operations));
        Document changed = apply.ChangedSolution.GetDocument(document.Id)!;
        return (await changed.GetTextAsync()).ToString();
    }

    /// <summary>
    /// Asserts that <paramref name="source"/> yields exactly one <paramref name="id"/> diagnostic
    /// (and nothing else from the generator), that <paramref name="provider"/> offers one fix for it
    /// titled <paramref name="title"/>, that the fixed text is exactly <paramref name="expected"/>,
    /// and that the generator reports nothing on the fixed text, whose generated code compiles with
    /// no warning.
    /// </summary>
    public static async Task AssertFixAsync(CodeFixProvider provider, string id, string source, string title, string expected, string equivalenceKey)
    {
        using var workspace = new AdhocWorkspace();
        Document document = CreateDocument(workspace, source);
        (ImmutableArray<Diagnostic> before, _) = await RunGeneratorAsync(document);
        Diagnostic diagnostic = Assert.Single(before);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(FilePath, diagnostic.Location.GetLineSpan().Path);

        CodeAction action = Assert.Single(await ActionsFor(provider, document, diagnostic));
        Assert.Equal(title, action.Title);
        Assert.Equal(equivalenceKey, action.EquivalenceKey);
        string fixedSource = await ApplyAsync(action, document);
        Assert.Equal(expected.ReplaceLineEndings("\n"), fixedSource.ReplaceLineEndings("\n"));

        await AssertCleanAsync(fixedSource);
    }

    /// <summary>Asserts that the generator reports nothing on <paramref name="source"/> and its output compiles with no warning.</summary>
    public static async Task AssertCleanAsync(string source)
    {
        using var workspace = new AdhocWorkspace();
        (ImmutableArray<Diagnostic> generator, ImmutableArray<Diagnostic> output) = await RunGeneratorAsync(CreateDocument(workspace, source));
        Assert.Empty(generator);
        Assert.Empty(output);
    }

    /// <summary>
    /// The diagnostics for a fix-all, as the IDE hands them over: located in the document's syntax
    /// tree. (The generator reports external locations, a path and a span with no tree, and
    /// <see cref="FixAllContext"/> keeps only diagnostics located in the document's tree.)
    /// </summary>
    public static async Task<FixAllContext.DiagnosticProvider> FixAllDiagnosticsAsync(Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        SyntaxTree tree = (await document.GetSyntaxTreeAsync())!;
        return new FixedDiagnostics(diagnostics
            .Select(d => Diagnostic.Create(d.Id, d.Descriptor.Category, d.GetMessage(), d.Severity, d.DefaultSeverity,
                d.Descriptor.IsEnabledByDefault, d.WarningLevel, d.Descriptor.Title, helpLink: d.Descriptor.HelpLinkUri,
                location: Location.Create(tree, d.Location.SourceSpan)))
            .ToImmutableArray());
    }

    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>([]);

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
