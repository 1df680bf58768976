using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SeqGen.Generator;
using SeqGen.Generator.Model;
using Xunit;

namespace SeqGen.Tests.Generator;

/// <summary>
/// The pipeline's steps are value-equal and hold nothing of a compilation, so an edit elsewhere
/// leaves them cached and no compilation is kept alive by them.
/// </summary>
public class CachingTests
{
    private static readonly string[] s_trackedSteps = { TrackingNames.Parse, TrackingNames.Validate };

    /// <summary>Two valid models (one nested) and an invalid one, so that every kind of output is present.</summary>
    private const string Models = """
        using SeqGen;
        namespace Demo;

        [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]
        [Lstm(3)]
        public partial class A { }

        public partial class Outer
        {
            [SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2)]
            [Lstm(4, Layers = 2, Bidirectional = true)]
            [Gru(3)]
            public partial class B { }
        }

        [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 0, OutputSize = 1, TruncatedBptt = 2)]
        [Rnn(3)]
        public partial class Broken { }
        """;

    private static GeneratorRunResult RunResult(GeneratorDriver driver) => Assert.Single(driver.GetRunResult().Results);

    private static ImmutableArray<IncrementalGeneratorRunStep> Steps(GeneratorRunResult result, string name)
    {
        Assert.True(result.TrackedSteps.TryGetValue(name, out ImmutableArray<IncrementalGeneratorRunStep> steps), $"no tracked step named {name}");
        Assert.NotEmpty(steps);
        return steps;
    }

    [Fact]
    public void Adding_an_unrelated_file_leaves_every_tracked_step_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Models);
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), compilation);
        Assert.Equal(2, first.GeneratedSources.Length);

        CSharpCompilation edited = compilation.AddSyntaxTrees(GeneratorHarness.Parse("class Unrelated { }", "Unrelated.cs"));
        GeneratorRun second = GeneratorHarness.Run(first.Driver, edited);

        GeneratorRunResult result = RunResult(second.Driver);
        foreach (string name in s_trackedSteps)
        {
            foreach (IncrementalGeneratorRunStep step in Steps(result, name))
            {
                Assert.NotEmpty(step.Outputs);
                foreach ((object value, IncrementalStepRunReason reason) in step.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                        $"step {name}: output {value} was {reason}");
                }
            }
        }
        Assert.Equal(first.GeneratedSources.Select(s => s.HintName), second.GeneratedSources.Select(s => s.HintName));
        for (int i = 0; i < first.GeneratedSources.Length; i++)
        {
            Assert.Equal(first.GeneratedSources[i].Text, second.GeneratedSources[i].Text);
        }
    }

    [Fact]
    public void Editing_a_model_reruns_its_steps()
    {
        // The check above must be able to fail: an edit that matters shows up as New/Modified.
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Models);
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), compilation);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SyntaxTree changed = tree.WithChangedText(tree.GetText().Replace(tree.ToString().IndexOf("Steps = 3", StringComparison.Ordinal), "Steps = 3".Length, "Steps = 5"));
        GeneratorRun second = GeneratorHarness.Run(first.Driver, compilation.ReplaceSyntaxTree(tree, changed));

        ImmutableArray<IncrementalStepRunReason> reasons = Steps(RunResult(second.Driver), TrackingNames.Validate)
            .SelectMany(s => s.Outputs)
            .Select(o => o.Reason)
            .ToImmutableArray();
        Assert.Contains(reasons, r => r is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified);
        Assert.Contains("public const int Steps = 5;", second.GeneratedSources.Single(s => s.HintName == "Demo.A.SeqGen.g.cs").Text);
    }

    [Fact]
    public void Editing_an_unrelated_weights_file_leaves_the_model_cached_and_editing_its_own_reruns_it()
    {
        const string source = """
            using SeqGen;
            namespace Demo;
            [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1, Weights = "model.safetensors")]
            [Lstm(3)]
            public partial class A { }
            """;
        byte[] model = WeightsFiles.Bytes(WeightsFiles.Lstm3Over2());
        AdditionalText own = WeightsFiles.Text("model.safetensors", model);
        AdditionalText other = WeightsFiles.Text("other.safetensors", model);
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().AddAdditionalTexts(ImmutableArray.Create(own, other));
        GeneratorRun first = GeneratorHarness.Run(driver, compilation);
        first.AssertCleanBuild();

        List<WeightTensor> changed = WeightsFiles.Lstm3Over2();
        changed[5] = new WeightTensor("head.bias", new[] { 1 }, new[] { 0.5 });
        GeneratorRun second = GeneratorHarness.Run(
            first.Driver.ReplaceAdditionalText(other, WeightsFiles.Text("other.safetensors", WeightsFiles.Bytes(changed))), compilation);
        Assert.All(Steps(RunResult(second.Driver), TrackingNames.Validate).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Validate was {o.Reason}"));
        Assert.All(Steps(RunResult(second.Driver), TrackingNames.MatchWeights).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));

        GeneratorRun third = GeneratorHarness.Run(
            second.Driver.ReplaceAdditionalText(own, WeightsFiles.Text("model.safetensors", WeightsFiles.Bytes(changed))), compilation);
        Assert.Contains(Steps(RunResult(third.Driver), TrackingNames.Validate).SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.NotEqual(first.SingleSource().Text, third.SingleSource().Text);
        foreach (string name in new[] { TrackingNames.WeightsFiles, TrackingNames.MatchWeights })
        {
            foreach ((object value, _) in Steps(RunResult(third.Driver), name).SelectMany(s => s.Outputs))
            {
                ForbiddenValueWalker.AssertClean(value, name);
            }
        }
    }

    [Fact]
    public void Step_outputs_hold_no_symbol_syntax_location_or_compilation()
    {
        GeneratorRun run = GeneratorHarness.Run(Models);
        GeneratorRunResult result = RunResult(run.Driver);
        int values = 0;
        foreach (string name in s_trackedSteps)
        {
            foreach (IncrementalGeneratorRunStep step in Steps(result, name))
            {
                foreach ((object value, _) in step.Outputs)
                {
                    values++;
                    ForbiddenValueWalker.AssertClean(value, $"{name}");
                }
            }
        }
        // three declarations through Parse and Validate
        Assert.Equal(6, values);
    }

    [Fact]
    public void The_walker_finds_a_forbidden_value_inside_an_equatable_array()
    {
        // A check that cannot fail proves nothing: hide a Location two levels down.
        Location location = GeneratorHarness.CreateCompilation("class C { }").SyntaxTrees[0].GetRoot().GetLocation();
        var holder = new[] { new Holder(1, null), new Holder(2, location) }.ToEquatableArray();
        Exception error = Assert.ThrowsAny<Exception>(() => ForbiddenValueWalker.AssertClean(new Box(holder), "test"));
        Assert.Contains("Location", error.Message);
        ForbiddenValueWalker.AssertClean(new Box(new[] { new Holder(1, null) }.ToEquatableArray()), "test");
    }

    internal sealed record Holder(int Value, object? Payload);

    internal sealed record Box(EquatableArray<Holder> Items);
}

/// <summary>
/// Walks an object graph (fields of any accessibility, and the elements of anything enumerable)
/// and fails on a Roslyn object that would tie a cached value to one compilation.
/// </summary>
internal static class ForbiddenValueWalker
{
    private static readonly Type[] s_forbidden =
    {
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation),
        typeof(SemanticModel), typeof(AttributeData), typeof(SyntaxReference),
    };

    public static void AssertClean(object? value, string path) =>
        Walk(value, path, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);

    private static void Walk(object? value, string path, HashSet<object> seen, int depth)
    {
        if (value is null)
        {
            return;
        }
        Type type = value.GetType();
        Type? forbidden = s_forbidden.FirstOrDefault(f => f.IsAssignableFrom(type));
        Assert.True(forbidden is null, $"{path} is a {type.FullName}, a {forbidden?.Name}, which ties the pipeline to a compilation");
        Assert.True(depth < 64, $"{path}: object graph deeper than 64");
        if (type.IsPrimitive || type.IsEnum || value is string || value is decimal)
        {
            return;
        }
        if (!type.IsValueType && !seen.Add(value))
        {
            return;
        }
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                Walk(item, $"{path}[{i++}]", seen, depth + 1);
            }
            if (type.IsArray)
            {
                return;
            }
        }
        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Walk(field.GetValue(value), $"{path}.{field.Name}", seen, depth + 1);
            }
        }
    }
}
