using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SeqGen.Generator;
using Xunit;

namespace SeqGen.Tests.Generator;

/// <summary>
/// A deterministic corpus of mutated, truncated and odd declarations run through the generator.
/// For every source: the generator never throws (no exception in the run result, no CS8785 or
/// AD0001); and when it emitted code, an input that compiled without errors still compiles
/// without errors with the generated code added. When the input itself already had errors, every
/// error the output has in the user's own file must be one the input had (same ID and location):
/// errors inside generated files are then tolerated, as they may follow from the input's.
/// </summary>
public class FuzzTests
{
    private const int Seed = 20261122;
    private const int Count = 1200;

    [Fact]
    public void Generator_never_throws_and_its_output_compiles_whenever_the_input_did()
    {
        List<string> corpus = FuzzCorpus.Create(Seed, Count);
        Assert.True(corpus.Count >= 1000);

        var failures = new ConcurrentBag<(int Index, string Problem, string Source)>();
        int emitted = 0, cleanInputs = 0;
        Parallel.For(0, corpus.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            string? problem = Check(corpus[i], out Outcome outcome);
            if (outcome != Outcome.NothingEmitted)
            {
                Interlocked.Increment(ref emitted);
            }
            if (outcome == Outcome.EmittedFromCleanInput)
            {
                Interlocked.Increment(ref cleanInputs);
            }
            if (problem is not null)
            {
                failures.Add((i, problem, corpus[i]));
            }
        });

        if (!failures.IsEmpty)
        {
            var message = new StringBuilder();
            message.AppendLine($"{failures.Count} of {corpus.Count} fuzz cases failed (seed {Seed}). By kind:");
            foreach (var group in failures.GroupBy(f => Kind(f.Problem)).OrderByDescending(g => g.Count()))
            {
                message.AppendLine($"  {group.Count(),4} x {group.Key} (cases {string.Join(", ", group.Select(f => f.Index).OrderBy(i => i).Take(8))})");
            }
            message.AppendLine("The first ones:");
            foreach ((int index, string problem, string source) in failures.OrderBy(f => f.Index).Take(5))
            {
                message.AppendLine($"--- case {index}: {problem}");
                message.AppendLine(source);
            }
            Assert.Fail(message.ToString());
        }
        // The corpus must reach the emitter often, or it tests only the parser.
        Assert.True(emitted >= 200, $"only {emitted} of {corpus.Count} cases emitted code");
        Assert.True(cleanInputs >= 150, $"only {cleanInputs} of {corpus.Count} cases emitted code from an input without errors");
    }

    /// <summary>Found by the fuzzer: [SequenceModel] on two partial parts (CS0579) made the generator add one file twice and throw.</summary>
    [Fact]
    public void Regression_model_attribute_on_two_parts() => AssertPasses(
        "using SeqGen;\nnamespace A;\n[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)] [Lstm(3)] public partial class M { }\n[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)] public partial class M { }");

    /// <summary>Found by the fuzzer: Outer_T_.M and Outer&lt;T&gt;.M got the same file name, and the generator threw.</summary>
    [Fact]
    public void Regression_hint_names_of_distinct_types_differ() => AssertPasses(
        "using SeqGen;\nnamespace A { public partial class Outer_T_ { [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)] [Lstm(3)] public partial class M { } } public partial class Outer<T> { [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)] [Lstm(3)] public partial class M { } } }");

    /// <summary>Found by the fuzzer: a class named @class was emitted without its @.</summary>
    [Fact]
    public void Regression_keyword_class_name() => AssertPasses(
        "using SeqGen;\nnamespace A;\n[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)] [Lstm(3)] public partial class @class { }");

    /// <summary>Found by the fuzzer: a primary constructor clashed with the generated ones; now SEQ0007, and no code.</summary>
    [Fact]
    public void Regression_primary_constructor() => AssertPasses(
        "using SeqGen;\nnamespace A;\n[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)] [Lstm(3)] public partial class M(int seed) { public int Seed => seed; }");

    /// <summary>Found by the fuzzer: names that clash with generated members; now SEQ0006 and SEQ0008, and no code.</summary>
    [Fact]
    public void Regression_names_clash_with_generated_members() => AssertPasses(
        "using SeqGen;\nnamespace A;\n[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)] [Lstm(3)] public partial class Steps { }\n[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)] [Lstm(3)] public partial class M { public int Steps; }");

    /// <summary>Found by the fuzzer: namespace @namespace made the generator throw.</summary>
    [Fact]
    public void Regression_keyword_namespace() => AssertPasses(
        "using SeqGen;\nnamespace @namespace;\n[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)] [Lstm(3)] public partial class M { }");

    private static void AssertPasses(string source)
    {
        string? problem = Check(source, out _);
        Assert.True(problem is null, problem + Environment.NewLine + source);
    }

    /// <summary>A failure's kind, for the summary: how it failed and the first error's ID.</summary>
    private static string Kind(string problem)
    {
        int colon = problem.IndexOf(':');
        string how = colon < 0 ? problem : problem[..colon];
        var id = System.Text.RegularExpressions.Regex.Match(problem, @"error (CS\d+)|(\w+Exception)");
        return id.Success ? $"{how}: {id.Value}" : how;
    }

    internal enum Outcome { NothingEmitted, EmittedFromCleanInput, EmittedFromInputWithErrors }

    /// <summary>
    /// Documentation comments are not parsed: they are checked by the other generator tests, and
    /// skipping them makes each of the corpus's compilations cheaper.
    /// </summary>
    private static readonly CSharpParseOptions s_parseOptions = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.None);

    private static readonly GeneratorDriver s_emptyDriver = CSharpGeneratorDriver.Create(
        new[] { new SequenceModelGenerator().AsSourceGenerator() },
        parseOptions: s_parseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    /// <summary>Null when the case passes, otherwise what went wrong.</summary>
    internal static string? Check(string source, out Outcome outcome)
    {
        outcome = Outcome.NothingEmitted;
        CSharpCompilation input = CSharpCompilation.Create(
            "FuzzInput",
            new[] { CSharpSyntaxTree.ParseText(source, s_parseOptions, "Source0.cs") },
            GeneratorHarness.References,
            GeneratorHarness.CompilationOptions);

        GeneratorDriver driver;
        Compilation output;
        ImmutableArray<Diagnostic> driverDiagnostics;
        try
        {
            driver = s_emptyDriver.RunGeneratorsAndUpdateCompilation(input, out output, out driverDiagnostics);
        }
        catch (Exception e)
        {
            return "the driver threw: " + e;
        }
        GeneratorRunResult result = driver.GetRunResult().Results[0];
        if (result.Exception is not null)
        {
            return "the generator threw: " + result.Exception;
        }
        Diagnostic? crash = driverDiagnostics.FirstOrDefault(d => d.Id is "CS8785" or "AD0001");
        if (crash is not null)
        {
            return "the driver reported " + crash;
        }
        if (result.GeneratedSources.IsEmpty)
        {
            return null;
        }

        List<Diagnostic> inputErrors = Errors(input.GetDiagnostics());
        List<Diagnostic> outputErrors = Errors(output.GetDiagnostics());
        outcome = inputErrors.Count == 0 ? Outcome.EmittedFromCleanInput : Outcome.EmittedFromInputWithErrors;
        if (inputErrors.Count == 0)
        {
            return outputErrors.Count == 0
                ? null
                : "the input compiles, the output does not: " + Describe(outputErrors);
        }
        var known = new HashSet<(string, string, TextSpanKey)>(inputErrors.Select(Key));
        List<Diagnostic> added = outputErrors
            .Where(d => d.Location.SourceTree is { } tree && !GeneratorHarness.IsGenerated(tree))
            .Where(d => !known.Contains(Key(d)))
            .ToList();
        return added.Count == 0
            ? null
            : "the generated code adds errors in the user's file: " + Describe(added);
    }

    private readonly record struct TextSpanKey(int Start, int Length);

    private static (string, string, TextSpanKey) Key(Diagnostic d) =>
        (d.Id, d.Location.SourceTree?.FilePath ?? "", new TextSpanKey(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));

    private static List<Diagnostic> Errors(ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    private static string Describe(List<Diagnostic> errors) =>
        string.Join(Environment.NewLine, errors.Take(5).Select(d => "  " + d))
        + (errors.Count > 5 ? $"{Environment.NewLine}  ... {errors.Count - 5} more" : "");
}

/// <summary>
/// Builds the fuzz corpus: random declarations (mostly valid, so the emitter is reached), then
/// mutations of their arguments, attributes and syntax, and sometimes a truncation.
/// </summary>
internal static class FuzzCorpus
{
    public static List<string> Create(int seed, int count)
    {
        var random = new Random(seed);
        var corpus = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            corpus.Add(CreateOne(random, i));
        }
        corpus.AddRange(s_handWritten);
        return corpus;
    }

    private const string Valid = "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)] [Lstm(3)]";

    /// <summary>Cases the random corpus is unlikely to hit.</summary>
    private static readonly string[] s_handWritten =
    {
        // two models whose hint names could coincide
        $"using SeqGen;\nnamespace A {{ public partial class Outer_T_ {{ {Valid} public partial class M {{ }} }} public partial class Outer<T> {{ {Valid} public partial class M {{ }} }} }}",
        $"using SeqGen;\nnamespace A.B {{ {Valid} public partial class C {{ }} }}\nnamespace A {{ public partial class B {{ {Valid} public partial class C {{ }} }} }}",
        $"using SeqGen;\nnamespace A {{ public partial class Outer<T> {{ {Valid} public partial class M {{ }} }} public partial class Outer<T, U> {{ {Valid} public partial class M {{ }} }} }}",
        // the attributes split over two parts of one class, and the model attribute on both parts
        "using SeqGen;\nnamespace A;\n[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)] public partial class M { }\n[Lstm(3)] public partial class M { }",
        $"using SeqGen;\nnamespace A;\n{Valid} public partial class M {{ }}\n{Valid} public partial class M {{ }}",
        // file-local, primary constructor, verbatim and keyword-like names, a class named like a generated member
        $"using SeqGen;\nnamespace A;\n{Valid} file partial class M {{ }}",
        $"using SeqGen;\nnamespace A;\n{Valid} public partial class M(int seed) {{ public int Seed => seed; }}",
        $"using SeqGen;\nnamespace A;\n{Valid} public partial class @class {{ }}",
        $"using SeqGen;\nnamespace @namespace;\n{Valid} public partial class M {{ }}",
        $"using SeqGen;\nnamespace A;\n{Valid} public partial class Steps {{ }}",
        $"using SeqGen;\nnamespace A;\n{Valid} public partial class Forward {{ }}",
        $"using SeqGen;\nnamespace System;\n{Valid} public partial class M {{ }}",
        $"using SeqGen;\nnamespace SeqGen;\n{Valid} public partial class M {{ }}",
        $"using SeqGen;\nnamespace A;\npublic partial record R {{ {Valid} public partial class M {{ }} }}",
        $"using SeqGen;\nnamespace A;\npublic partial interface I {{ {Valid} public partial class M {{ }} }}",
        $"using SeqGen;\nnamespace A;\n{Valid} public partial record M {{ }}",
        $"using SeqGen;\nnamespace A;\n{Valid} public partial struct M {{ }}",
        $"using SeqGen;\n{Valid} partial class M {{ }}",
        // the largest sizes that still fit
        "using SeqGen;\nnamespace A;\n[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 1 << 20, OutputSize = 1)] [Rnn(1)] public partial class M { }",
        "using SeqGen;\nnamespace A;\n[SequenceModel(Topology.ManyToOne, InputSize = 1 << 20, Steps = 1, OutputSize = 1)] [Gru(1)] public partial class M { }",
        "using SeqGen;\nnamespace A;\n[SequenceModel(Topology.ManyToOne, InputSize = 1, Steps = 2, OutputSize = 1 << 20, Precision = Precision.Double)] [Lstm(1, Layers = 1000)] public partial class M { }",
    };

    private static T Pick<T>(Random r, params T[] items) => items[r.Next(items.Length)];

    private static bool Chance(Random r, double p) => r.NextDouble() < p;

    /// <summary>Values that are wrong for a size: out of range, overflowing, or of the wrong type.</summary>
    private static readonly string[] s_badInts =
    {
        "0", "-1", "-7", "int.MaxValue", "int.MinValue", "1 << 20", "1 << 30", "46341", "65536", "100000",
        "\"3\"", "2.5", "2.5f", "true", "null", "'a'", "3L", "(short)3", "unchecked((int)0x80000000)",
        "Topology.ManyToMany", "int.MaxValue / 2", "nameof(Steps)", "default", "1_000_000", "0x10",
    };

    private static readonly string[] s_badBools = { "1", "0", "\"true\"", "null", "default", "!true", "2 > 1" };

    private static string GoodSize(Random r) => r.Next(1, 6).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Int(Random r, double badChance) => Chance(r, badChance) ? Pick(r, s_badInts) : GoodSize(r);

    private static string Enum(Random r, string type, int defined, double badChance)
    {
        if (Chance(r, badChance))
        {
            return Pick(r,
                $"({type})9", $"({type})(-1)", $"({type}){defined}", $"({type})int.MaxValue", "0", "1",
                $"{type}.Nope", "GruVariant.ResetBefore", "RnnActivation.Relu", "Topology.EncoderDecoder", "\"ManyToOne\"");
        }
        string[] names = type switch
        {
            "Topology" => new[] { "ManyToOne", "ManyToMany", "OneToMany", "EncoderDecoder" },
            "AttentionKind" => new[] { "ScaledDot", "Dot", "General", "Additive" },
            "MergeMode" => new[] { "Concat", "Sum", "Average", "Multiply" },
            "LossKind" => new[] { "MeanSquaredError", "CrossEntropy" },
            "Precision" => new[] { "Single", "Double" },
            "WeightStorage" => new[] { "Single", "Half" },
            "RnnActivation" => new[] { "Tanh", "Relu" },
            _ => new[] { "ResetAfter", "ResetBefore" },
        };
        return $"{type}.{Pick(r, names)}";
    }

    private static readonly Random s_storageRandom = new(20261123);

    private static string SequenceModel(Random r, double bad)
    {
        var args = new List<string>();
        string topology = Enum(r, "Topology", 4, bad);
        if (!Chance(r, bad / 4))
        {
            args.Add(Chance(r, 0.1) ? "topology: " + topology : topology);
        }
        var named = new List<(string Name, string Value)>
        {
            ("InputSize", Int(r, bad)),
            ("Steps", Chance(r, 0.5) ? r.Next(2, 9).ToString(System.Globalization.CultureInfo.InvariantCulture) : Int(r, bad)),
            ("OutputSize", Chance(r, 0.5) ? r.Next(2, 5).ToString(System.Globalization.CultureInfo.InvariantCulture) : Int(r, bad)),
        };
        if (Chance(r, 0.4)) named.Add(("Loss", Enum(r, "LossKind", 2, bad)));
        if (Chance(r, 0.4)) named.Add(("Precision", Enum(r, "Precision", 2, bad)));
        if (Chance(r, topology.EndsWith("EncoderDecoder", StringComparison.Ordinal) ? bad / 4 : 0.2)) named.Add(("TruncatedBptt", Chance(r, 0.6) ? Pick(r, "1", "2", "3") : Int(r, bad)));
        if (topology.EndsWith("EncoderDecoder", StringComparison.Ordinal) ? !Chance(r, bad / 3) : Chance(r, bad / 3))
        {
            named.Add(("OutputSteps", Chance(r, 0.6) ? r.Next(1, 6).ToString(System.Globalization.CultureInfo.InvariantCulture) : Int(r, 0.5)));
        }
        if (Chance(r, topology.EndsWith("OneToMany", StringComparison.Ordinal) ? 0.08 : bad / 10))
        {
            named.Add(("FeedBack", Chance(r, bad) ? Pick(r, s_badBools) : Pick(r, "true", "false")));
        }
        if (Chance(r, bad / 10)) named.Add(("Weights", Pick(r, "\"missing.safetensors\"", "null", "\"\"")));
        // drawn from its own generator, so that adding the option left every other draw of the corpus as it was
        if (Chance(s_storageRandom, 0.015)) named.Add(("WeightStorage", Enum(s_storageRandom, "WeightStorage", 2, bad)));
        if (Chance(r, bad / 3)) named.Add((Pick(r, "Foo", "HiddenSize", "Layers", "Topology", "inputSize", "Bidirectional"), Int(r, 0.3)));
        if (Chance(r, bad / 4)) named.RemoveAt(r.Next(named.Count));
        if (Chance(r, bad / 5) && named.Count > 0) named.Add(named[r.Next(named.Count)]);
        Shuffle(r, named);
        args.AddRange(named.Select(n => $"{n.Name} = {n.Value}"));
        return $"{AttributeName(r, "SequenceModel")}({string.Join(", ", args)})";
    }

    private static string Cell(Random r, double bad, string? model = null)
    {
        // a convolution layer, mostly where the model's options allow one (SEQ0605-0607 otherwise)
        bool convolutionFits = model is null || !(model.Contains("TruncatedBptt", StringComparison.Ordinal)
            || model.Contains("EncoderDecoder", StringComparison.Ordinal) || model.Contains("FeedBack = true", StringComparison.Ordinal));
        if (Chance(r, 0.1) && (convolutionFits || Chance(r, bad)))
        {
            return TemporalConv(r, bad);
        }
        string kind = Pick(r, "Rnn", "Lstm", "Gru");
        var args = new List<string>();
        if (!Chance(r, bad / 5))
        {
            string hidden = Int(r, bad);
            args.Add(Chance(r, 0.1) ? "hiddenSize: " + hidden : hidden);
        }
        if (Chance(r, bad / 6))
        {
            args.Add(Int(r, 0.5)); // an extra positional argument
        }
        if (Chance(r, 0.3)) args.Add($"Layers = {(Chance(r, 0.7) ? Pick(r, "1", "2", "3") : Int(r, bad))}");
        if (Chance(r, 0.3)) args.Add($"Bidirectional = {(Chance(r, bad) ? Pick(r, s_badBools) : Pick(r, "true", "false"))}");
        // the cell's own option, or (a mutation) another cell's
        string ownKind = Chance(r, bad / 3) ? Pick(r, "Rnn", "Lstm", "Gru") : kind;
        if (ownKind == "Rnn" && Chance(r, 0.5)) args.Add($"Activation = {Enum(r, "RnnActivation", 2, bad)}");
        if (ownKind == "Gru" && Chance(r, 0.5)) args.Add($"Variant = {Enum(r, "GruVariant", 2, bad)}");
        if (ownKind == "Lstm" && kind != "Lstm") args.Add(Pick(r, "Variant = GruVariant.ResetBefore", "Activation = RnnActivation.Relu", "Forget = 1"));
        if (ownKind == "Lstm" && Chance(r, 0.05)) args.Add($"ProjectionSize = {(Chance(r, 0.6) ? Pick(r, "1", "2") : Int(r, 0.5))}");
        if (ownKind == "Lstm" && Chance(r, 0.06)) args.Add(Chance(r, bad) ? "Peephole = true, CoupledGates = true" : Pick(r, "Peephole = true", "CoupledGates = true"));
        if (args.Contains("Bidirectional = true") ? Chance(r, 0.2) : Chance(r, bad / 10)) args.Add($"MergeMode = {Enum(r, "MergeMode", 4, bad)}");
        if (Chance(r, 0.1)) args.Add($"SingleBias = {(Chance(r, bad) ? Pick(r, s_badBools) : Pick(r, "true", "false"))}");
        // LayerNorm and CellClip: on a clean path only where they combine (docs/cells.md), else anything
        bool conflicts = args.Any(a => a.StartsWith("Peephole", StringComparison.Ordinal) || a.StartsWith("CoupledGates", StringComparison.Ordinal)
            || a.StartsWith("ProjectionSize", StringComparison.Ordinal) || a.StartsWith("SingleBias = true", StringComparison.Ordinal) || a.Contains("ResetBefore"));
        bool layerNorm = ownKind != "Rnn" && Chance(r, 0.1) && (!conflicts || Chance(r, bad));
        if (layerNorm) args.Add($"LayerNorm = {(Chance(r, bad) ? Pick(r, s_badBools) : Pick(r, "true", "false"))}");
        if (ownKind == "Lstm" && Chance(r, 0.08) && (!(conflicts || layerNorm) || Chance(r, bad)))
        {
            args.Add($"CellClip = {(Chance(r, bad) ? Pick(r, "0", "-1", "double.NaN", "double.PositiveInfinity", "\"3\"", "true") : Pick(r, "0.5", "3.0", "1f", "2", "1e308"))}");
        }
        if (Chance(r, bad / 4)) args.Add($"{Pick(r, "Dropout", "HiddenSize", "Steps", "Bias")} = {Int(r, 0.3)}");
        string name = AttributeName(r, kind);
        return Chance(r, bad / 10) && args.Count == 0 ? name : $"{name}({string.Join(", ", args)})";
    }

    /// <summary>A [SelfAttention] or [TransformerBlock] layer, its options sometimes wrong or another's.</summary>
    private static string AttentionLayer(Random r, double bad)
    {
        string kind = Pick(r, "SelfAttention", "TransformerBlock");
        var args = new List<string>();
        if (Chance(r, 0.7)) args.Add($"Heads = {(Chance(r, 0.8) ? Pick(r, "1", "1", "2") : Int(r, bad))}");
        if (Chance(r, 0.4)) args.Add($"Causal = {(Chance(r, bad) ? Pick(r, s_badBools) : Pick(r, "true", "false"))}");
        if (Chance(r, 0.3)) args.Add($"PositionalEncoding = {(Chance(r, bad) ? Pick(r, s_badBools) : Pick(r, "true", "false"))}");
        bool block = kind == "TransformerBlock" || Chance(r, bad / 4);
        if (block && Chance(r, 0.8)) args.Add($"FeedForward = {(Chance(r, 0.8) ? Pick(r, "2", "4", "8") : Int(r, bad))}");
        if (block && Chance(r, 0.4)) args.Add($"NormFirst = {(Chance(r, bad) ? Pick(r, s_badBools) : Pick(r, "true", "false"))}");
        if (Chance(r, bad / 4)) args.Add($"{Pick(r, "Layers", "HiddenSize", "Bidirectional", "Dropout")} = {Int(r, 0.3)}");
        if (Chance(r, bad / 6)) args.Insert(0, Int(r, 0.5)); // a positional argument it does not take
        string name = AttributeName(r, kind);
        return args.Count == 0 && Chance(r, 0.5) ? name : $"{name}({string.Join(", ", args)})";
    }

    /// <summary>A [TemporalConv] layer: Channels, Kernel and Dilations good or bad, sometimes missing or misnamed.</summary>
    private static string TemporalConv(Random r, double bad)
    {
        var args = new List<string>();
        if (!Chance(r, bad / 5)) args.Add($"Channels = {Int(r, bad)}");
        if (Chance(r, 0.5)) args.Add($"Kernel = {(Chance(r, 0.7) ? Pick(r, "1", "2", "3") : Int(r, bad))}");
        if (!Chance(r, bad / 5))
        {
            args.Add("Dilations = " + (Chance(r, bad / 4)
                ? Pick(r, "null", "new int[0]", "new[] { 0 }", "new[] { 1, -2 }", "new[] { 5000 }", "new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33 }", "1", "new[] { 1.5 }")
                : Pick(r, "new[] { 1 }", "new[] { 1, 2 }", "new[] { 1, 2, 4 }", "new int[] { 2, 1 }")));
        }
        if (Chance(r, bad / 6)) args.Add(Int(r, 0.5)); // a positional argument it does not take
        if (Chance(r, bad / 4)) args.Add($"{Pick(r, "Layers", "HiddenSize", "Dilation", "Bidirectional")} = {Int(r, 0.3)}");
        string name = AttributeName(r, "TemporalConv");
        return args.Count == 0 ? name : $"{name}({string.Join(", ", args)})";
    }

    private static string AttributeName(Random r, string name) =>
        Chance(r, 0.9) ? name : Pick(r, $"SeqGen.{name}", $"global::SeqGen.{name}Attribute", $"{name}Attribute", $"type: {name}");

    private static void Shuffle<T>(Random r, List<T> list)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = r.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    /// <summary>One class with its attribute lines, its wrappers (containing types) and its body.</summary>
    private static string Model(Random r, double bad, string name, int depth)
    {
        var attributes = new List<string>();
        if (!Chance(r, bad / 8))
        {
            attributes.Add(SequenceModel(r, bad));
        }
        int cells = Chance(r, bad / 6) ? 0 : Pick(r, 1, 1, 1, 2, 2, 3);
        for (int c = 0; c < cells; c++)
        {
            attributes.Add(Chance(r, 0.12) ? AttentionLayer(r, bad) : Cell(r, bad, attributes.FirstOrDefault()));
        }
        bool encoderDecoder = attributes.Count > 0 && attributes[0].Contains("EncoderDecoder", StringComparison.Ordinal);
        if (Chance(r, encoderDecoder ? 0.6 : bad / 10))
        {
            attributes.Add(Chance(r, 1 - bad) ? $"Attention({Enum(r, "AttentionKind", 4, bad)})" : Pick(r, "Attention", "Attention(2)", "Attention(AttentionKind.Dot, 3)"));
        }
        if (Chance(r, bad / 6) && attributes.Count > 0)
        {
            attributes.Insert(r.Next(attributes.Count + 1), attributes[r.Next(attributes.Count)]); // duplicated attribute
        }
        if (Chance(r, bad / 10))
        {
            attributes.Add(Pick(r, "Obsolete", "Serializable", "System.Diagnostics.DebuggerDisplay(\"x\")"));
        }

        var text = new StringBuilder();
        if (Chance(r, 0.15) && attributes.Count > 1)
        {
            text.AppendLine("[" + string.Join(", ", attributes) + "]");
        }
        else
        {
            foreach (string a in attributes)
            {
                text.AppendLine("[" + a + "]");
            }
        }

        string access = Pick(r, "public ", "public ", "internal ", "", "file ", "sealed ", "public abstract ", "public static ", "public unsafe ");
        if (depth > 0 && Chance(r, 0.3)) access = Pick(r, "private ", "protected ", "protected internal ", "private protected ", "public new ");
        string partial = Chance(r, bad / 5) ? "" : "partial ";
        string typeParameters = Chance(r, bad / 8) ? Pick(r, "<T>", "<T, U>", "<T> where T : struct") : "";
        string baseList = Chance(r, bad / 8) ? Pick(r, " : System.IDisposable", " : object", " : Base", " : System.Attribute") : "";
        string primary = Chance(r, bad / 10) ? Pick(r, "(int seed)", "()") : "";
        string body = Chance(r, bad / 6)
            ? Pick(r,
                "{ public int Extra => 1; }",
                "{ private readonly int _x = 1; public int X => _x; }",
                "{ public const int Tag = 7; }",
                "{ public void Forward() { } }",
                "{ public int Steps; }",
                "{ }")
            : "{ }";
        text.Append($"{access}{partial}class {name}{typeParameters}{primary}{baseList} {body}");
        return text.ToString();
    }

    private static string Wrap(Random r, double bad, string inner, int depth)
    {
        if (depth == 0)
        {
            return inner;
        }
        string keyword = Pick(r, "class", "class", "struct", "record", "record struct", "interface", "static class");
        string partial = Chance(r, bad / 4) ? "" : "partial ";
        string generic = Chance(r, 0.25) ? Pick(r, "<T>", "<TKey, TValue>") : "";
        string name = "Outer" + depth;
        return $"public {partial}{keyword} {name}{generic}\n{{\n{Indent(Wrap(r, bad, inner, depth - 1))}\n}}";
    }

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(l => l.Length == 0 ? l : "    " + l));

    private static string CreateOne(Random r, int index)
    {
        // Roughly a third clean (the emitter is reached), the rest progressively more broken.
        double bad = Pick(r, 0.0, 0.05, 0.15, 0.3, 0.5, 0.8, 0.8);
        var file = new StringBuilder();
        if (!Chance(r, bad / 6))
        {
            file.AppendLine("using SeqGen;");
        }
        if (Chance(r, 0.1))
        {
            file.AppendLine("using System;");
        }

        int models = Pick(r, 1, 1, 1, 1, 1, 2, 3);
        var pieces = new List<string>();
        for (int m = 0; m < models; m++)
        {
            int depth = Chance(r, 0.2) ? r.Next(1, 3) : 0;
            string name = Chance(r, 0.04) ? Pick(r, "@class", "Model", "_", "Модель", "M\u00e9t\u00e9o") : $"M{index}_{m}";
            pieces.Add(Wrap(r, bad, Model(r, bad, name, depth), depth));
        }
        if (Chance(r, bad / 5))
        {
            pieces.Add("public class Base { }");
        }
        if (Chance(r, bad / 6) && pieces.Count > 0)
        {
            pieces.Add(pieces[0]); // the same model twice
        }

        string ns = Pick(r, "file", "file", "block", "none", "nested");
        string body = string.Join("\n\n", pieces);
        switch (ns)
        {
            case "file":
                file.AppendLine($"namespace Fuzz{index % 7};").AppendLine().Append(body);
                break;
            case "block":
                file.AppendLine($"namespace Fuzz.N{index % 5}\n{{").AppendLine(Indent(body)).Append('}');
                break;
            case "nested":
                file.AppendLine("namespace Fuzz\n{\n    namespace Inner\n    {").AppendLine(Indent(Indent(body))).Append("    }\n}");
                break;
            default:
                file.Append(body);
                break;
        }
        file.AppendLine();
        return Mutate(r, file.ToString(), bad);
    }

    /// <summary>Syntax damage: a dropped or doubled bracket, a stray token, or a truncation.</summary>
    private static string Mutate(Random r, string text, double bad)
    {
        int edits = Chance(r, bad) ? r.Next(1, 4) : 0;
        for (int e = 0; e < edits; e++)
        {
            switch (r.Next(6))
            {
                case 0:
                    text = RemoveOne(r, text, Pick(r, '(', ')', '[', ']', '{', '}', ',', '='));
                    break;
                case 1:
                    int at = r.Next(text.Length + 1);
                    text = text.Insert(at, Pick(r, ")", "]", "(", "[", ",", " = ", "\"", "/*", "#if X\n", ";", "@"));
                    break;
                case 2:
                    text = text.Replace("Topology.", Pick(r, "Topology..", "Topolgy.", "SeqGen.Topology.", "global::SeqGen.Topology."));
                    break;
                case 3:
                    text = text.Replace("partial ", Chance(r, 0.5) ? "" : "partial partial ");
                    break;
                case 4:
                    text = text.Replace("(3)", Pick(r, "(3", "3)", "()", "(,)", "((3))", "(3,)"));
                    break;
                default:
                    text = text.Substring(0, r.Next(text.Length + 1)); // truncated at a random character
                    break;
            }
        }
        if (Chance(r, 0.08))
        {
            text = text.Substring(0, r.Next(text.Length + 1));
        }
        return text;
    }

    private static string RemoveOne(Random r, string text, char c)
    {
        var positions = new List<int>();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == c)
            {
                positions.Add(i);
            }
        }
        return positions.Count == 0 ? text : text.Remove(positions[r.Next(positions.Count)], 1);
    }
}
