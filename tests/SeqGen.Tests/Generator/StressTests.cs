using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SeqGen.Generator;
using Xunit;
using Xunit.Abstractions;

namespace SeqGen.Tests.Generator;

/// <summary>
/// One compilation with 100 distinct valid models (every cell, topology, precision and loss,
/// stacked and bidirectional, sizes from 1 to 64): the generator emits one file per model, the
/// result compiles clean, and the generator's own time stays within a generous bound.
/// </summary>
public class StressTests
{
    private const int Models = 100;
    private readonly ITestOutputHelper _output;

    public StressTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Hundred_models_in_one_compilation_generate_and_compile()
    {
        string[] sources = CreateSources(Models);
        // distinct as declarations, not only by name
        Assert.Equal(Models, sources.Select(s => string.Join("\n", s.Split('\n').Where(l => l.StartsWith('[')))).Distinct(StringComparer.Ordinal).Count());

        // Cold: the first run in this process pays for JIT of the generator. Warm: a fresh driver
        // (nothing cached) over a fresh compilation of the same sources.
        (TimeSpan coldWall, TimeSpan coldGenerator, GeneratorDriver driver, Compilation output, ImmutableArray<Diagnostic> diagnostics) = Measure(sources);
        (TimeSpan warmWall, TimeSpan warmGenerator, _, _, _) = Measure(sources);

        GeneratorRunResult result = Assert.Single(driver.GetRunResult().Results);
        Assert.Null(result.Exception);
        Assert.Empty(diagnostics);
        Assert.Equal(Models, result.GeneratedSources.Length);
        Assert.Equal(Models, result.GeneratedSources.Select(s => s.HintName).Distinct(StringComparer.Ordinal).Count());

        List<Diagnostic> problems = output.GetDiagnostics()
            .Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning)
            .ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Take(20)));

        int lines = result.GeneratedSources.Sum(s => s.SourceText.Lines.Count);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Models} models, {lines} generated lines ({lines / Models} per model)."));
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cold: generator {coldGenerator.TotalMilliseconds:F0} ms ({coldGenerator.TotalMilliseconds / Models:F2} ms per model), RunGenerators wall {coldWall.TotalMilliseconds:F0} ms"));
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warm: generator {warmGenerator.TotalMilliseconds:F0} ms ({warmGenerator.TotalMilliseconds / Models:F2} ms per model), RunGenerators wall {warmWall.TotalMilliseconds:F0} ms"));

        Assert.True(coldWall < TimeSpan.FromSeconds(20), $"the generator took {coldWall.TotalSeconds:F1} s for {Models} models");
        Assert.True(warmWall < TimeSpan.FromSeconds(20), $"the generator took {warmWall.TotalSeconds:F1} s for {Models} models");
    }

    private static (TimeSpan Wall, TimeSpan Generator, GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Measure(string[] sources)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(sources);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new SequenceModelGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
        var stopwatch = Stopwatch.StartNew();
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        stopwatch.Stop();
        TimeSpan generator = Assert.Single(driver.GetTimingInfo().GeneratorTimes).ElapsedTime;
        return (stopwatch.Elapsed, generator, driver, output, diagnostics);
    }

    /// <summary>
    /// Model i, in a file of its own: the cell kinds cycle, the topology, precision, loss, depth
    /// and direction vary with i, and the sizes make every declaration distinct.
    /// </summary>
    internal static string[] CreateSources(int count)
    {
        var sources = new string[count];
        string[] topologies = { "ManyToOne", "ManyToMany", "OneToMany" };
        for (int i = 0; i < count; i++)
        {
            string topology = topologies[i % 3];
            bool crossEntropy = i % 4 == 1;
            bool isDouble = i % 5 == 2;
            int steps = 2 + i % 9;
            int input = 1 + (i * 7) % 16;
            int output = crossEntropy ? 2 + i % 5 : 1 + i % 4;
            // TruncatedBptt needs an output per step and, to stay warning-free, no bidirectional layer
            bool truncated = topology != "ManyToOne" && i % 7 == 3;

            var cells = new List<string>();
            int cellCount = 1 + i % 3;
            for (int c = 0; c < cellCount; c++)
            {
                int kind = (i + c) % 3;
                int hidden = 1 + (i * 13 + c * 5) % 64;
                var options = new List<string>();
                if ((i + c) % 4 == 0)
                {
                    options.Add("Layers = 2");
                }
                if (!truncated && (i + c) % 5 == 1)
                {
                    options.Add("Bidirectional = true");
                }
                if (kind == 0 && i % 2 == 1)
                {
                    options.Add("Activation = RnnActivation.Relu");
                }
                if (kind == 2 && i % 2 == 0)
                {
                    options.Add("Variant = GruVariant.ResetBefore");
                }
                string name = kind switch { 0 => "Rnn", 1 => "Lstm", _ => "Gru" };
                cells.Add($"[{name}({string.Join(", ", options.Prepend(hidden.ToString(CultureInfo.InvariantCulture)))})]");
            }

            var model = new List<string> { $"Topology.{topology}", $"InputSize = {input}", $"Steps = {steps}", $"OutputSize = {output}" };
            if (crossEntropy)
            {
                model.Add("Loss = LossKind.CrossEntropy");
            }
            if (isDouble)
            {
                model.Add("Precision = Precision.Double");
            }
            if (truncated)
            {
                model.Add($"TruncatedBptt = {1 + i % (steps - 1)}");
            }

            var text = new StringBuilder();
            text.AppendLine("using SeqGen;");
            text.AppendLine($"namespace Stress.Group{i % 10};");
            text.AppendLine($"[SequenceModel({string.Join(", ", model)})]");
            foreach (string cell in cells)
            {
                text.AppendLine(cell);
            }
            text.AppendLine($"public partial class Model{i:D3} {{ }}");
            sources[i] = text.ToString();
        }
        return sources;
    }
}
