using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SeqGen.Generator;
using SeqGen.Tests.Generator;
using Xunit;

namespace SeqGen.Tests.HopfieldNetworks;

/// <summary>The [Hopfield] pipeline is cached like the [SequenceModel] one, and its steps hold only values.</summary>
public sealed class HopfieldGeneratorTests
{
    private const string Source = """
        using SeqGen;
        namespace Demo;

        [Hopfield(Size = 16)]
        public partial class Memory { }

        [Hopfield(Size = 1)]
        public partial class Broken { }

        [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]
        [Lstm(3)]
        public partial class Sequence { }
        """;

    private static readonly string[] s_steps = { TrackingNames.HopfieldParse, TrackingNames.HopfieldValidate };

    [Fact]
    public void An_unrelated_edit_leaves_the_hopfield_steps_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), compilation);
        Assert.Equal(new[] { "Demo.Memory.Hopfield.g.cs", "Demo.Sequence.SeqGen.g.cs" }, first.GeneratedSources.Select(s => s.HintName).Order());
        Assert.Equal("SEQ0502", Assert.Single(first.GeneratorDiagnostics).Id);

        GeneratorRun second = GeneratorHarness.Run(first.Driver, compilation.AddSyntaxTrees(GeneratorHarness.Parse("class Unrelated { }", "Unrelated.cs")));
        GeneratorRunResult result = Assert.Single(second.Driver.GetRunResult().Results);
        foreach (string name in s_steps)
        {
            Assert.True(result.TrackedSteps.TryGetValue(name, out ImmutableArray<IncrementalGeneratorRunStep> steps), name);
            (object Value, IncrementalStepRunReason Reason)[] outputs = steps.SelectMany(s => s.Outputs).ToArray();
            Assert.Equal(2, outputs.Length);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {o.Value} was {o.Reason}"));
            Assert.All(outputs, o => ForbiddenValueWalker.AssertClean(o.Value, name));
        }
        Assert.Equal(first.GeneratedSources.ToArray(), second.GeneratedSources.ToArray());
    }

    [Fact]
    public void Editing_the_size_reruns_the_hopfield_steps()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), compilation);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SyntaxTree changed = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(tree.ToString().Replace("Size = 16", "Size = 17")));
        GeneratorRun second = GeneratorHarness.Run(first.Driver, compilation.ReplaceSyntaxTree(tree, changed));
        GeneratorRunResult result = Assert.Single(second.Driver.GetRunResult().Results);
        Assert.Contains(result.TrackedSteps[TrackingNames.HopfieldValidate].SelectMany(s => s.Outputs),
            o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified);
        Assert.Contains("public const int Size = 17;", second.GeneratedSources.Single(s => s.HintName == "Demo.Memory.Hopfield.g.cs").Text);
    }
}
