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

public class RemoveArgumentCodeFixTests
{
    private const string Header = "using SeqGen;\nnamespace Demo;\n";

    private static Task AssertFixAsync(string id, string source, string title, string expected) =>
        CodeFixHarness.AssertFixAsync(new RemoveArgumentCodeFix(), id, source, title, expected, RemoveArgumentCodeFix.EquivalenceKey);

    [Fact]
    public Task SEQ0105_removes_output_steps_as_the_last_argument() =>
        AssertFixAsync("SEQ0105",
            Header + "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1, OutputSteps = 4)]\n[Lstm(3)]\npublic partial class Model { }\n",
            "Remove OutputSteps",
            Header + "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Lstm(3)]\npublic partial class Model { }\n");

    [Fact]
    public Task SEQ0107_removes_truncated_bptt_between_other_arguments() =>
        AssertFixAsync("SEQ0107",
            Header + "[SequenceModel(Topology.ManyToOne, InputSize = 2, TruncatedBptt = 2, Steps = 10, OutputSize = 1)]\n[Lstm(3)]\npublic partial class Model { }\n",
            "Remove TruncatedBptt",
            Header + "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 10, OutputSize = 1)]\n[Lstm(3)]\npublic partial class Model { }\n");

    [Fact]
    public Task SEQ0108_removes_truncated_bptt_and_keeps_one_argument_per_line() =>
        AssertFixAsync("SEQ0108",
            Header + "[SequenceModel(Topology.ManyToMany,\n    InputSize = 2,\n    Steps = 10,\n    TruncatedBptt = 5,\n    OutputSize = 1)]\n[Gru(3)]\n[Lstm(3, Bidirectional = true)]\npublic partial class Model { }\n",
            "Remove TruncatedBptt",
            Header + "[SequenceModel(Topology.ManyToMany,\n    InputSize = 2,\n    Steps = 10,\n    OutputSize = 1)]\n[Gru(3)]\n[Lstm(3, Bidirectional = true)]\npublic partial class Model { }\n");

    [Fact]
    public Task SEQ0108_removes_a_last_argument_on_its_own_line_with_the_comma_before_it() =>
        AssertFixAsync("SEQ0108",
            Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 10, OutputSize = 1, // shape\n    TruncatedBptt = 5)] // chunks\n[Lstm(3, Bidirectional = true)]\npublic partial class Model { }\n",
            "Remove TruncatedBptt",
            Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 10, OutputSize = 1)] // chunks\n[Lstm(3, Bidirectional = true)]\npublic partial class Model { }\n");

    [Fact]
    public async Task Fix_all_removes_both_misplaced_arguments_of_one_attribute()
    {
        string source = Header + "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 10, OutputSteps = 1, OutputSize = 1, TruncatedBptt = 2)]\n[Lstm(3)]\npublic partial class Model { }\n";
        string expected = Header + "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 10, OutputSize = 1)]\n[Lstm(3)]\npublic partial class Model { }\n";

        using var workspace = new AdhocWorkspace();
        Document document = CodeFixHarness.CreateDocument(workspace, source);
        (ImmutableArray<Diagnostic> diagnostics, _) = await CodeFixHarness.RunGeneratorAsync(document);
        Assert.Equal(new[] { "SEQ0105", "SEQ0107" }, diagnostics.Select(d => d.Id).OrderBy(id => id));

        var provider = new RemoveArgumentCodeFix();
        FixAllProvider fixAll = provider.GetFixAllProvider();
        var context = new FixAllContext(document, provider, FixAllScope.Document, RemoveArgumentCodeFix.EquivalenceKey,
            provider.FixableDiagnosticIds, await CodeFixHarness.FixAllDiagnosticsAsync(document, diagnostics), CancellationToken.None);
        CodeAction? action = await fixAll.GetFixAsync(context);
        Assert.NotNull(action);
        string fixedSource = await CodeFixHarness.ApplyAsync(action, document);
        Assert.Equal(expected, fixedSource);
        await CodeFixHarness.AssertCleanAsync(fixedSource);
    }
}
