using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SeqGen.CodeFixes;
using Xunit;

namespace SeqGen.Tests.CodeFixes;

public class AddPartialCodeFixTests
{
    private const string Header = "using SeqGen;\nnamespace Demo;\n";
    private const string Valid = "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]";

    private static Task AssertFixAsync(string id, string source, string title, string expected) =>
        CodeFixHarness.AssertFixAsync(new AddPartialCodeFix(), id, source, title, expected, AddPartialCodeFix.EquivalenceKey);

    [Fact]
    public Task SEQ0001_makes_the_model_class_partial() =>
        AssertFixAsync("SEQ0001",
            Header + $"{Valid}\n[Lstm(3)]\npublic class Model {{ }}\n",
            "Make 'Model' partial",
            Header + $"{Valid}\n[Lstm(3)]\npublic partial class Model {{ }}\n");

    [Fact]
    public Task SEQ0002_makes_the_containing_type_partial() =>
        AssertFixAsync("SEQ0002",
            Header + $"public class Outer\n{{\n    {Valid}\n    [Lstm(3)]\n    public partial class Model {{ }}\n}}\n",
            "Make 'Outer' partial",
            Header + $"public partial class Outer\n{{\n    {Valid}\n    [Lstm(3)]\n    public partial class Model {{ }}\n}}\n");

    [Fact]
    public Task SEQ0501_makes_the_hopfield_class_partial() =>
        AssertFixAsync("SEQ0501",
            Header + "[Hopfield(Size = 4)]\npublic sealed class Memory { }\n",
            "Make 'Memory' partial",
            Header + "[Hopfield(Size = 4)]\npublic sealed partial class Memory { }\n");

    [Fact]
    public Task SEQ0001_keeps_modifiers_comments_and_layout() =>
        AssertFixAsync("SEQ0001",
            Header + $"/// <summary>A model.</summary>\n{Valid}\n[Lstm(3)]\npublic sealed class Model // trained elsewhere\n{{\n    public int Extra => 1;\n}}\n",
            "Make 'Model' partial",
            Header + $"/// <summary>A model.</summary>\n{Valid}\n[Lstm(3)]\npublic sealed partial class Model // trained elsewhere\n{{\n    public int Extra => 1;\n}}\n");

    [Fact]
    public Task SEQ0001_without_modifiers_keeps_the_indentation() =>
        AssertFixAsync("SEQ0001",
            "using SeqGen;\nnamespace Demo\n{\n    " + Valid + "\n    [Lstm(3)]\n    class Model { }\n}\n",
            "Make 'Model' partial",
            "using SeqGen;\nnamespace Demo\n{\n    " + Valid + "\n    [Lstm(3)]\n    partial class Model { }\n}\n");

    [Fact]
    public async Task Fix_all_makes_every_containing_type_partial()
    {
        string source = Header + $"public class Outer\n{{\n    public partial class Middle\n    {{\n        internal struct Inner\n        {{\n            {Valid}\n            [Lstm(3)]\n            public partial class Model {{ }}\n        }}\n    }}\n}}\n";
        string expected = Header + $"public partial class Outer\n{{\n    public partial class Middle\n    {{\n        internal partial struct Inner\n        {{\n            {Valid}\n            [Lstm(3)]\n            public partial class Model {{ }}\n        }}\n    }}\n}}\n";

        using var workspace = new AdhocWorkspace();
        Document document = CodeFixHarness.CreateDocument(workspace, source);
        (ImmutableArray<Diagnostic> diagnostics, _) = await CodeFixHarness.RunGeneratorAsync(document);
        Assert.Equal(new[] { "SEQ0002", "SEQ0002" }, diagnostics.Select(d => d.Id));

        var provider = new AddPartialCodeFix();
        FixAllProvider fixAll = provider.GetFixAllProvider();
        Assert.Same(WellKnownFixAllProviders.BatchFixer, fixAll);
        var context = new FixAllContext(document, provider, FixAllScope.Document, AddPartialCodeFix.EquivalenceKey,
            provider.FixableDiagnosticIds, await CodeFixHarness.FixAllDiagnosticsAsync(document, diagnostics), CancellationToken.None);
        CodeAction action = (await fixAll.GetFixAsync(context))!;
        Assert.NotNull(action);
        string fixedSource = await CodeFixHarness.ApplyAsync(action, document);
        Assert.Equal(expected, fixedSource);
        await CodeFixHarness.AssertCleanAsync(fixedSource);
    }

    [Fact]
    public async Task Offers_nothing_for_a_diagnostic_that_no_longer_points_at_a_type_name()
    {
        using var workspace = new AdhocWorkspace();
        string source = Header + $"{Valid}\n[Lstm(3)]\npublic class Model {{ }}\n";
        Document document = CodeFixHarness.CreateDocument(workspace, source);
        (ImmutableArray<Diagnostic> diagnostics, _) = await CodeFixHarness.RunGeneratorAsync(document);
        // the same diagnostic against a document that was meanwhile made partial
        Document edited = document.WithText(Microsoft.CodeAnalysis.Text.SourceText.From(source.Replace("public class", "public partial class")));
        Assert.Empty(await CodeFixHarness.ActionsFor(new AddPartialCodeFix(), edited, Assert.Single(diagnostics)));
    }
}
