using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SeqGen.Generator.Emit;
using SeqGen.Generator.Model;
using SeqGen.Generator.Validation;
using Xunit;

namespace SeqGen.Tests.Generator;

/// <summary>
/// The emitter without Roslyn: a hand-made declaration through <see cref="ModelValidator"/> into
/// <see cref="ModelEmitter.Emit"/>, with the parameter counts computed here by PyTorch's formula.
/// </summary>
public class EmitterTests
{
    /// <summary>A public mirror of the generator's internal CellKind, for theory data.</summary>
    public enum CellType
    {
        Rnn = CellKind.Rnn,
        Lstm = CellKind.Lstm,
        Gru = CellKind.Gru,
    }

    /// <summary>One cell attribute as a test writes it.</summary>
    public sealed record Cell(CellType Kind, int Hidden, int Layers = 1, bool Bidirectional = false, int Option = 0)
    {
        public int Gates => Kind switch { CellType.Lstm => 4, CellType.Gru => 3, _ => 1 };

        public string Name => Kind switch
        {
            CellType.Lstm => "LSTM",
            CellType.Gru => Option == 1 ? "GRU (reset before)" : "GRU",
            _ => Option == 1 ? "RNN (relu)" : "RNN (tanh)",
        };
    }

    private static ArgumentValue Set(int value) => new(value, true, null);

    private static ModelDeclaration Declaration(
        Topology topology, int input, int steps, int output, Cell[] cells,
        bool isDouble = false, int truncatedBptt = 0, string? ns = "Demo", string name = "Model")
    {
        var type = new TypeDeclaration(ns, name, name, ns is null ? name : ns + "." + name, "public", IsPartial: true, IsGeneric: false, IsStatic: false,
            NameLocation: null, EquatableArray<ContainingType>.Empty);
        return new ModelDeclaration(
            type,
            AttributeLocation: null,
            Set((int)topology),
            Set(input),
            Set(steps),
            Set(output),
            ArgumentValue.Default(0),
            ArgumentValue.Default(0),
            isDouble ? Set(1) : ArgumentValue.Default(0),
            truncatedBptt > 0 ? Set(truncatedBptt) : ArgumentValue.Default(0),
            cells.Select(c => new CellDeclaration(
                (CellKind)c.Kind,
                AttributeLocation: null,
                Set(c.Hidden),
                c.Layers == 1 ? ArgumentValue.Default(1) : Set(c.Layers),
                c.Bidirectional ? Set(1) : ArgumentValue.Default(0),
                c.Kind == CellType.Rnn ? Set(c.Option) : ArgumentValue.Default(0),
                c.Kind == CellType.Gru ? Set(c.Option) : ArgumentValue.Default(0))).ToEquatableArray());
    }

    private static string Emit(ModelDeclaration declaration)
    {
        ValidationResult result = ModelValidator.Validate(declaration);
        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.Model);
        return ModelEmitter.Emit(result.Model!);
    }

    /// <summary>PyTorch: per direction, weight_ih [G*H, in], weight_hh [G*H, H], bias_ih and bias_hh [G*H].</summary>
    private static int LayerParameters(int gates, int input, int hidden, int directions) =>
        directions * gates * hidden * (input + hidden + 2);

    /// <summary>The expected description lines ("layer k: ... N parameters"), the head's, and the total.</summary>
    private static (List<string> Lines, int Total) Expected(int input, int output, Cell[] cells)
    {
        var lines = new List<string>();
        int total = 0, width = input, k = 0;
        foreach (Cell cell in cells)
        {
            int directions = cell.Bidirectional ? 2 : 1;
            for (int i = 0; i < cell.Layers; i++, k++)
            {
                int count = LayerParameters(cell.Gates, width, cell.Hidden, directions);
                total += count;
                string bidirectional = directions == 2 ? "bidirectional, " : "";
                lines.Add($"//   layer {k}: {cell.Name} {width} -> {cell.Hidden}, {bidirectional}{N(count)} parameters");
                width = directions * cell.Hidden;
            }
        }
        int head = output * width + output;
        total += head;
        return (lines, total);
    }

    [Theory]
    [InlineData(0, 0)]        // ScaledDot: no attention parameters
    [InlineData(2, 1)]        // General: W [E, E]
    [InlineData(3, 2)]        // Additive: Wa, Ua [E, E] with biases, Va [1, E] with a bias
    [InlineData(-1, 3)]       // no attention: the head reads s alone
    public void Encoder_decoder_parameters_follow_the_seq2seq_layout(int kind, int variant)
    {
        // a bidirectional LSTM(4) encoder over 3 inputs, E = 8, decoder fed 5 classes
        ModelDeclaration declaration = Declaration(Topology.EncoderDecoder, 3, 6, 5, new[] { new Cell(CellType.Lstm, 4, Bidirectional: true) }) with
        {
            OutputSteps = Set(4),
            Attention = kind < 0 ? null : new AttentionDeclaration(null, Set(kind)),
        };
        ValidationResult result = ModelValidator.Validate(declaration);
        Assert.Empty(result.Diagnostics);
        const int e = 8, o = 5;
        int encoder = LayerParameters(4, 3, 4, 2);
        int decoder = LayerParameters(4, o, e, 1);
        int attention = variant switch { 1 => e * e, 2 => 2 * (e * e + e) + e + 1, _ => 0 };
        int head = o * ((kind < 0 ? 1 : 2) * e + 1);
        Assert.Equal(encoder + decoder + attention + head, result.Model!.ParameterCount);
        Assert.Equal(4, result.Model.OutputSteps);
        string code = ModelEmitter.Emit(result.Model);
        Assert.Contains($"public const int ParameterCount = {encoder + decoder + attention + head};", code);
        Assert.Contains("\"encoder.weight_ih_l0_reverse\"", code);
        Assert.Contains("\"decoder.weight_hh_l0\", 32, 8", code);
        Assert.Contains($"\"head.weight\", {o}, {(kind < 0 ? e : 2 * e)}", code);
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static TheoryData<Topology, int, int, int, Cell[]> Models => new()
    {
        { Topology.ManyToOne, 2, 3, 1, new[] { new Cell(CellType.Lstm, 3) } },
        { Topology.ManyToMany, 3, 5, 2, new[] { new Cell(CellType.Lstm, 8, Layers: 2, Bidirectional: true), new Cell(CellType.Gru, 4) } },
        { Topology.OneToMany, 4, 6, 3, new[] { new Cell(CellType.Rnn, 5, Option: 1), new Cell(CellType.Rnn, 2) } },
        { Topology.ManyToOne, 7, 2, 4, new[] { new Cell(CellType.Gru, 6, Option: 1, Bidirectional: true), new Cell(CellType.Gru, 3, Layers: 3) } },
        { Topology.ManyToMany, 64, 10, 10, new[] { new Cell(CellType.Lstm, 128, Layers: 2) } },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Emitted_text_has_header_description_and_parameter_count(Topology topology, int input, int steps, int output, Cell[] cells)
    {
        string text = Emit(Declaration(topology, input, steps, output, cells));
        string[] lines = text.Split('\n');
        (List<string> layerLines, int total) = Expected(input, output, cells);

        Assert.Equal("// <auto-generated/>", lines[0]);
        Assert.Equal("#nullable enable", lines[1]);
        Assert.Contains("namespace Demo;", lines);
        Assert.Contains("[global::System.CodeDom.Compiler.GeneratedCode(\"SeqGen\", \"" + ModelEmitter.Version + "\")]", lines);
        Assert.DoesNotContain('\r', text);

        int headerIndex = Array.FindIndex(lines, l => l.StartsWith("// Model: " + topology + ", float; ", StringComparison.Ordinal));
        Assert.True(headerIndex > 0, "no description line for the model");
        // the layer lines follow the header in order, then the head and the total
        Assert.Equal(layerLines, lines.Skip(headerIndex + 1).Take(layerLines.Count));
        int width = cells[^1].Hidden * (cells[^1].Bidirectional ? 2 : 1);
        string reads = topology == Topology.ManyToOne ? "the final state" : "every step";
        Assert.Equal($"//   head: Linear {width} -> {output} on {reads}, {N(output * (width + 1))} parameters", lines[headerIndex + 1 + layerLines.Count]);
        Assert.Equal($"//   {N(total)} parameters in all.", lines[headerIndex + 2 + layerLines.Count]);

        Assert.Contains($"    public const int ParameterCount = {total};", lines);
        Assert.Contains($"    public const int InputSize = {input};", lines);
        Assert.Contains($"    public const int Steps = {steps};", lines);
        Assert.Contains($"    public const int OutputSize = {output};", lines);
        Assert.Contains($"    public const int OutputSteps = {(topology == Topology.ManyToOne ? 1 : steps)};", lines);
    }

    [Fact]
    public void Known_counts_of_a_mixed_stack()
    {
        // [Lstm(8, Layers = 2, Bidirectional = true)] [Gru(4)] over 3 inputs, head to 2:
        // 2*4*8*(3+8+2) = 832, 2*4*8*(16+8+2) = 1664, 3*4*(16+4+2) = 264, head 2*(4+1) = 10.
        string text = Emit(Declaration(Topology.ManyToMany, 3, 5, 2,
            new[] { new Cell(CellType.Lstm, 8, Layers: 2, Bidirectional: true), new Cell(CellType.Gru, 4) }));
        Assert.Contains("//   layer 0: LSTM 3 -> 8, bidirectional, 832 parameters\n", text);
        Assert.Contains("//   layer 1: LSTM 16 -> 8, bidirectional, 1,664 parameters\n", text);
        Assert.Contains("//   layer 2: GRU 16 -> 4, 264 parameters\n", text);
        Assert.Contains("//   head: Linear 4 -> 2 on every step, 10 parameters\n", text);
        Assert.Contains("//   2,770 parameters in all.\n", text);
        Assert.Contains("    public const int ParameterCount = 2770;\n", text);
    }

    [Fact]
    public void Double_global_namespace_and_truncation()
    {
        string text = Emit(Declaration(Topology.ManyToMany, 2, 7, 1, new[] { new Cell(CellType.Gru, 3) },
            isDouble: true, truncatedBptt: 3, ns: null, name: "Seq"));
        Assert.StartsWith("// <auto-generated/>\n#nullable enable\n", text);
        Assert.DoesNotContain("namespace", text);
        Assert.Contains("// Seq: ManyToMany, double; 7 steps of 2 inputs -> 7 output step(s) of 1, mean squared error.\n", text);
        // 3*3*(2+3+2) = 63, head 1*(3+1) = 4
        Assert.Contains("//   67 parameters in all; truncated BPTT in chunks of 3 steps.\n", text);
        Assert.Contains("    public const int ParameterCount = 67;\n", text);
        Assert.Contains("    public const int TruncatedBptt = 3;\n", text);
        Assert.Contains("private readonly global::SeqGen.Numerics.AlignedBuffer<double> _parameters = global::SeqGen.Numerics.AlignedBuffer<double>.Allocate(67);", text);
        Assert.DoesNotContain("float", text);
    }

    [Fact]
    public void Emit_is_deterministic_and_independent_of_culture()
    {
        ModelDeclaration declaration = Declaration(Topology.ManyToOne, 64, 10, 3, new[] { new Cell(CellType.Lstm, 100, Layers: 2) });
        string invariant = Emit(declaration);
        System.Globalization.CultureInfo culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(invariant, Emit(declaration));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
