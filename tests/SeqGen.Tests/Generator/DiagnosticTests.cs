using Microsoft.CodeAnalysis;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.CSharp;
using SeqGen.Generator.Diagnostics;
using Xunit;

namespace SeqGen.Tests.Generator;

/// <summary>
/// One test per diagnostic of the catalog: a minimal bad declaration, and the ID, exact message
/// and location it reports. Every test also fails on any other warning or error.
/// </summary>
public class DiagnosticTests
{
    private const string Header = "using SeqGen;\nnamespace Demo;\n";

    /// <summary>A valid model attribute, for tests whose problem lies elsewhere.</summary>
    private const string Valid = "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]";

    private static void Expect(string source, params ExpectedDiagnostic[] expected)
    {
        GeneratorRun run = GeneratorHarness.Run(Header + source);
        run.AssertDiagnostics(expected);
        // a model with an error produces no code
        Assert.Empty(run.GeneratedSources);
    }

    private static ExpectedDiagnostic D(string id, string spanText, string message) => new(id, message, spanText);

    [Fact]
    public void SEQ0001_model_class_not_partial()
    {
        Expect($"{Valid}\n[Lstm(3)]\npublic class Model {{ }}",
            D("SEQ0001", "Model",
                "Class 'Model' has [SequenceModel] but is not partial; add the partial modifier so SeqGen can add the generated members"));
    }

    [Fact]
    public void SEQ0002_containing_type_not_partial()
    {
        Expect($"public class Outer\n{{\n    {Valid}\n    [Lstm(3)]\n    public partial class Model {{ }}\n}}",
            D("SEQ0002", "Outer",
                "Type 'Outer' contains the model class 'Model' but is not partial; add the partial modifier"));
    }

    [Fact]
    public void SEQ0002_reports_each_non_partial_containing_type()
    {
        Expect($"public class Outer\n{{\n    public partial class Middle\n    {{\n        public class Inner\n        {{\n            {Valid}\n            [Lstm(3)]\n            public partial class Model {{ }}\n        }}\n    }}\n}}",
            D("SEQ0002", "Outer", "Type 'Outer' contains the model class 'Model' but is not partial; add the partial modifier"),
            D("SEQ0002", "Inner", "Type 'Inner' contains the model class 'Model' but is not partial; add the partial modifier"));
    }

    [Fact]
    public void SEQ0003_generic_model()
    {
        Expect($"{Valid}\n[Lstm(3)]\npublic partial class Model<T> {{ }}",
            D("SEQ0003", "Model",
                "Class 'Model' is generic; a model's sizes and element type are fixed, so it cannot have type parameters"));
    }

    [Fact]
    public void SEQ0004_no_cell_attribute()
    {
        Expect("[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\npublic partial class Model { }",
            D("SEQ0004", "SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)",
                "Class 'Model' has [SequenceModel] but no cell attribute; add [Rnn(h)], [Lstm(h)] or [Gru(h)]"));
    }

    [Fact]
    public void SEQ0005_static_model()
    {
        Expect($"{Valid}\n[Lstm(3)]\npublic static partial class Model {{ }}",
            D("SEQ0005", "Model",
                "Class 'Model' is static; a model holds parameters and state, so it must be an instance class"));
    }

    [Fact]
    public void SEQ0101_steps_zero()
    {
        Expect("[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 0, OutputSize = 1)]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0101", "Steps = 0", "Steps must be at least 1, but is 0"));
    }

    [Fact]
    public void SEQ0101_size_not_set_points_at_the_attribute()
    {
        Expect("[SequenceModel(Topology.ManyToOne, Steps = 3, OutputSize = 1)]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0101", "SequenceModel(Topology.ManyToOne, Steps = 3, OutputSize = 1)", "InputSize must be at least 1, but is 0 (not set)"));
    }

    [Fact]
    public void SEQ0101_cell_hidden_size_and_layers()
    {
        Expect($"{Valid}\n[Lstm(0)]\n[Gru(2, Layers = -1)]\npublic partial class Model {{ }}",
            D("SEQ0101", "0", "HiddenSize must be at least 1, but is 0"),
            D("SEQ0101", "Layers = -1", "Layers must be at least 1, but is -1"));
    }

    [Fact]
    public void SEQ0101_every_problem_is_reported()
    {
        Expect("[SequenceModel(Topology.ManyToMany, InputSize = 0, Steps = -2, OutputSize = 0)]\n[Rnn(3)]\npublic partial class Model { }",
            D("SEQ0101", "InputSize = 0", "InputSize must be at least 1, but is 0"),
            D("SEQ0101", "Steps = -2", "Steps must be at least 1, but is -2"),
            D("SEQ0101", "OutputSize = 0", "OutputSize must be at least 1, but is 0"));
    }

    private const string EncoderDecoder = "[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 3, OutputSize = 4, OutputSteps = 5, Loss = LossKind.CrossEntropy";

    [Fact]
    public void SEQ0109_encoder_decoder_without_output_steps()
    {
        Expect("[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 3, OutputSize = 4)]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0109", "Topology.EncoderDecoder", "An EncoderDecoder model writes its own number of output steps; set OutputSteps (at least 1)"));
    }

    [Fact]
    public void SEQ0109_output_steps_zero_is_a_size_error()
    {
        Expect("[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 3, OutputSize = 4, OutputSteps = 0)]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0101", "OutputSteps = 0", "OutputSteps must be at least 1, but is 0"));
    }

    [Fact]
    public void SEQ0110_attention_without_encoder_decoder()
    {
        Expect($"{Valid}\n[Lstm(3)]\n[Attention(AttentionKind.Dot)]\npublic partial class Model {{ }}",
            D("SEQ0110", "Attention(AttentionKind.Dot)",
                "[Attention] lets a decoder look at the encoder's outputs, but topology 'ManyToOne' has no decoder; remove [Attention] or use EncoderDecoder"));
    }

    [Fact]
    public void SEQ0110_undefined_attention_kind()
    {
        Expect($"{EncoderDecoder})]\n[Lstm(3)]\n[Attention((AttentionKind)9)]\npublic partial class Model {{ }}",
            D("SEQ0103", "(AttentionKind)9", "Kind is 9, which is not a defined AttentionKind value"));
    }

    [Fact]
    public void SEQ0111_feed_back_on_another_topology()
    {
        Expect("[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 2, FeedBack = true)]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0111", "FeedBack = true",
                "FeedBack feeds each output back as the next step's input, which only a OneToMany model can do (topology is 'ManyToMany'; an EncoderDecoder's decoder always feeds back); remove FeedBack"));
    }

    [Fact]
    public void SEQ0112_feed_back_with_input_size_not_output_size()
    {
        Expect("[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 3, OutputSize = 4, FeedBack = true)]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0112", "InputSize = 2", "FeedBack feeds each output back as the next input, so InputSize (2) must equal OutputSize (4)"));
    }

    [Fact]
    public void SEQ0113_feed_back_with_a_bidirectional_layer()
    {
        Expect("[SequenceModel(Topology.OneToMany, InputSize = 4, Steps = 3, OutputSize = 4, FeedBack = true)]\n[Gru(3)]\n[Lstm(3, Bidirectional = true)]\npublic partial class Model { }",
            D("SEQ0113", "Bidirectional = true",
                "FeedBack computes one step at a time, but layer 1 is bidirectional and its reverse direction needs the whole sequence; remove Bidirectional or FeedBack"));
    }

    [Fact]
    public void SEQ0115_half_weights_with_double_precision()
    {
        Expect("[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1, Precision = Precision.Double, WeightStorage = WeightStorage.Half)]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0115", "WeightStorage = WeightStorage.Half",
                "WeightStorage.Half keeps 16-bit copies of float weights for the streaming Step, but the model computes in double; remove WeightStorage or use Precision.Single"));
    }

    [Fact]
    public void SEQ0116_half_weights_without_a_streaming_step()
    {
        Expect("[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1, WeightStorage = WeightStorage.Half)]\n[Lstm(3, Bidirectional = true)]\npublic partial class Model { }",
            D("SEQ0116", "WeightStorage = WeightStorage.Half",
                "WeightStorage.Half applies only to the streaming Step: a model with a bidirectional layer has no Step; remove WeightStorage"));
        Expect($"{EncoderDecoder}, WeightStorage = WeightStorage.Half)]\n[Lstm(3)]\npublic partial class Model {{ }}",
            D("SEQ0116", "WeightStorage = WeightStorage.Half",
                "WeightStorage.Half applies only to the streaming Step: an EncoderDecoder has no Step; remove WeightStorage"));
        Expect("[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 3, OutputSize = 1, WeightStorage = WeightStorage.BFloat16)]\n[Lstm(4)]\n[SelfAttention(Heads = 2)]\npublic partial class Model { }",
            D("SEQ0116", "WeightStorage = WeightStorage.BFloat16",
                "WeightStorage.BFloat16 applies only to the streaming Step: a model with an attention layer has no Step; remove WeightStorage"));
        Expect("[SequenceModel(Topology.OneToMany, InputSize = 4, Steps = 3, OutputSize = 4, FeedBack = true, WeightStorage = WeightStorage.Half)]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0116", "WeightStorage = WeightStorage.Half",
                "WeightStorage.Half applies only to the streaming Step: a FeedBack model's Forward and Generate run the same step methods, and they stay in full precision; remove WeightStorage"));
    }

    [Fact]
    public void SEQ0117_gru_and_layer_normalized_layers_keep_float_weights_under_half_storage()
    {
        // a warning: the model is still generated, and compiles
        GeneratorRun run = GeneratorHarness.Run(Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1, WeightStorage = WeightStorage.Half)]\n[Lstm(3)]\n[Gru(4, Layers = 2)]\npublic partial class Model { }");
        run.AssertDiagnostics(D("SEQ0117", "Gru(4, Layers = 2)",
            "WeightStorage.Half stores the weights of plain LSTM and RNN layers in 16 bits; the GRU layers 1-2 will read float weights in Step"));
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(run.GeneratorDiagnostics).Severity);
        Assert.Single(run.GeneratedSources);

        GeneratorRun layerNorm = GeneratorHarness.Run(Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1, WeightStorage = WeightStorage.BFloat16)]\n[Lstm(3, LayerNorm = true)]\npublic partial class Model { }");
        layerNorm.AssertDiagnostics(D("SEQ0117", "Lstm(3, LayerNorm = true)",
            "WeightStorage.BFloat16 stores the weights of plain LSTM and RNN layers, and of reset-after GRU layers whose HiddenSize is a multiple of 16 with both biases, in 16 bits; the layer-normalized LSTM layer 0 will read float weights in Step"));

        // BFloat16 covers a reset-after GRU of H a multiple of 16 with both biases, and no other
        GeneratorRun gruBlocks = GeneratorHarness.Run(Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1, WeightStorage = WeightStorage.BFloat16)]\n[Gru(32)]\n[Gru(24)]\n[Gru(16, Variant = GruVariant.ResetBefore)]\n[Gru(16, SingleBias = true)]\npublic partial class Model { }");
        const string bfloat16Covers = "WeightStorage.BFloat16 stores the weights of plain LSTM and RNN layers, and of reset-after GRU layers whose HiddenSize is a multiple of 16 with both biases, in 16 bits; ";
        gruBlocks.AssertDiagnostics(
            D("SEQ0117", "Gru(24)", bfloat16Covers + "the GRU layer 1 will read float weights in Step"),
            D("SEQ0117", "Gru(16, Variant = GruVariant.ResetBefore)", bfloat16Covers + "the GRU layer 2 will read float weights in Step"),
            D("SEQ0117", "Gru(16, SingleBias = true)", bfloat16Covers + "the GRU layer 3 will read float weights in Step"));
        string generated = gruBlocks.SingleSource().Text;
        // the validator and the emitter agree: the one covered layer, and only it, steps through gate blocks
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(generated, @"BFloat16GateBlocks\.GruStep\("));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(generated, @"BFloat16GateBlocks\.Store\(").Count);
        GeneratorHarness.Run(Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1, WeightStorage = WeightStorage.BFloat16)]\n[Gru(16, LayerNorm = true)]\npublic partial class Model { }")
            .AssertDiagnostics(D("SEQ0117", "Gru(16, LayerNorm = true)", bfloat16Covers + "the layer-normalized GRU layer 0 will read float weights in Step"));
        GeneratorHarness.Run(Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1, WeightStorage = WeightStorage.Half)]\n[Gru(16)]\npublic partial class Model { }")
            .AssertDiagnostics(D("SEQ0117", "Gru(16)", "WeightStorage.Half stores the weights of plain LSTM and RNN layers in 16 bits; the GRU layer 0 will read float weights in Step"));

        GeneratorRun conv = GeneratorHarness.Run(Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1, WeightStorage = WeightStorage.Half)]\n[TemporalConv(Channels = 4, Dilations = new[] { 1, 2 })]\n[Lstm(3)]\npublic partial class Model { }");
        conv.AssertDiagnostics(D("SEQ0117", "TemporalConv(Channels = 4, Dilations = new[] { 1, 2 })",
            "WeightStorage.Half stores the weights of plain LSTM and RNN layers in 16 bits; the temporal convolution layer 0 will read float weights in Step"));

        // a warning does not switch off the size checks that follow it
        Expect("[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1, WeightStorage = WeightStorage.Half)]\n[Gru(2, Layers = 100)]\npublic partial class Model { }",
            D("SEQ0117", "Gru(2, Layers = 100)",
                "WeightStorage.Half stores the weights of plain LSTM and RNN layers in 16 bits; the GRU layers 0-99 will read float weights in Step"),
            D("SEQ0304", "SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1, WeightStorage = WeightStorage.Half)",
                "The stack has 100 layers, but at most 64 are supported: each layer and direction becomes its own generated methods"));
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void SEQ0201_projection_not_narrower_than_the_cell()
    {
        Expect($"{Valid}\n[Lstm(4, ProjectionSize = 4)]\npublic partial class Model {{ }}",
            D("SEQ0201", "ProjectionSize = 4", "ProjectionSize is 4, but a projection must be narrower than the cell: 1 to HiddenSize - 1 (3), or 0 for none"));
    }

    [Fact]
    public void SEQ0202_projected_top_layer_of_an_encoder_decoder()
    {
        Expect($"{EncoderDecoder})]\n[Lstm(6, ProjectionSize = 3)]\npublic partial class Model {{ }}",
            D("SEQ0202", "ProjectionSize = 3",
                "The top encoder layer projects its hidden state to 3 values but keeps a cell state of 6, so it cannot start a decoder of one width; move the projection to a lower layer or remove it"));
    }

    [Fact]
    public void SEQ0203_merge_mode_on_a_unidirectional_cell()
    {
        Expect($"{Valid}\n[Gru(4, MergeMode = MergeMode.Sum)]\npublic partial class Model {{ }}",
            D("SEQ0203", "MergeMode = MergeMode.Sum", "MergeMode is Sum, but the cell is not bidirectional, so there is nothing to merge; remove MergeMode or set Bidirectional = true"));
    }

    [Fact]
    public void SEQ0204_merged_top_layer_of_an_encoder_decoder()
    {
        Expect($"{EncoderDecoder})]\n[Lstm(4, Bidirectional = true, MergeMode = MergeMode.Average)]\npublic partial class Model {{ }}",
            D("SEQ0204", "MergeMode = MergeMode.Average",
                "The top encoder layer merges its directions (Average), but the decoder starts from both directions' final states side by side; use MergeMode.Concat on the top layer"));
    }

    [Fact]
    public void SEQ0205_peephole_with_coupled_gates()
    {
        Expect($"{Valid}\n[Lstm(4, Peephole = true, CoupledGates = true)]\npublic partial class Model {{ }}",
            D("SEQ0205", "CoupledGates = true", "Peephole and CoupledGates are set on one LSTM, but peepholes into a coupled input gate are not supported; choose one"));
    }

    [Theory]
    [InlineData("CellClip = 0", "0")]
    [InlineData("CellClip = -1.5", "-1.5")]
    [InlineData("CellClip = double.NaN", "NaN")]
    [InlineData("CellClip = double.PositiveInfinity", "Infinity")]
    public void SEQ0206_cell_clip_out_of_range(string argument, string shown)
    {
        Expect($"{Valid}\n[Lstm(4, {argument})]\npublic partial class Model {{ }}",
            D("SEQ0206", argument, $"CellClip must be a positive, finite bound on |c_t|, but is {shown}; remove it for no clipping"));
    }

    [Theory]
    [InlineData("Peephole = true", "Peephole")]
    [InlineData("CoupledGates = true", "CoupledGates")]
    [InlineData("ProjectionSize = 2", "ProjectionSize")]
    [InlineData("CellClip = 3.0", "CellClip")]
    public void SEQ0207_layer_norm_with_an_unsupported_lstm_option(string argument, string option)
    {
        Expect($"{Valid}\n[Lstm(4, LayerNorm = true, {argument})]\npublic partial class Model {{ }}",
            D("SEQ0207", argument, $"LayerNorm is set together with {option}, which a layer-normalized LSTM does not support; remove one of them"));
    }

    [Theory]
    [InlineData("Lstm")]
    [InlineData("Gru")]
    public void SEQ0208_layer_norm_with_single_bias(string cell)
    {
        Expect($"{Valid}\n[{cell}(4, LayerNorm = true, SingleBias = true)]\npublic partial class Model {{ }}",
            D("SEQ0208", "SingleBias = true", "A layer-normalized cell has no bias_ih or bias_hh (the LayerNorm biases take their place), so SingleBias has nothing to act on; remove it"));
    }

    [Fact]
    public void SEQ0209_layer_norm_on_a_reset_before_gru()
    {
        Expect($"{Valid}\n[Gru(4, LayerNorm = true, Variant = GruVariant.ResetBefore)]\npublic partial class Model {{ }}",
            D("SEQ0209", "Variant = GruVariant.ResetBefore",
                "LayerNorm normalizes W_hh h as one 3H vector, but a reset-before GRU's n gate reads W_hn (r*h); use Variant = GruVariant.ResetAfter (the default) or remove LayerNorm"));
    }

    [Theory]
    [InlineData("Peephole = true", "Peephole")]
    [InlineData("CoupledGates = true", "CoupledGates")]
    public void SEQ0210_cell_clip_with_an_unsupported_lstm_option(string argument, string option)
    {
        Expect($"{Valid}\n[Lstm(4, CellClip = 2.5, {argument})]\npublic partial class Model {{ }}",
            D("SEQ0210", argument, $"CellClip is set together with {option}, which a clipped LSTM does not support; remove one of them"));
    }

    [Fact]
    public void SEQ0114_truncated_bptt_on_encoder_decoder()
    {
        Expect($"{EncoderDecoder}, TruncatedBptt = 2)]\n[Lstm(3)]\npublic partial class Model {{ }}",
            D("SEQ0114", "TruncatedBptt = 2",
                "TruncatedBptt is 2, but an EncoderDecoder's decoder starts from the whole encoded sequence and attends to all of it, so it cannot be cut into chunks; remove TruncatedBptt"));
    }

    [Fact]
    public void SEQ0103_undefined_topology()
    {
        Expect("[SequenceModel((Topology)7, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0103", "(Topology)7", "Topology is 7, which is not a defined Topology value"));
    }

    [Fact]
    public void SEQ0103_undefined_cell_and_model_options()
    {
        Expect("[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1, Loss = (LossKind)2, Precision = (Precision)(-1))]\n"
            + "[Rnn(3, Activation = (RnnActivation)5)]\n[Gru(3, Variant = (GruVariant)2)]\npublic partial class Model { }",
            D("SEQ0103", "Loss = (LossKind)2", "Loss is 2, which is not a defined LossKind value"),
            D("SEQ0103", "Precision = (Precision)(-1)", "Precision is -1, which is not a defined Precision value"),
            D("SEQ0103", "Activation = (RnnActivation)5", "Activation is 5, which is not a defined RnnActivation value"),
            D("SEQ0103", "Variant = (GruVariant)2", "Variant is 2, which is not a defined GruVariant value"));
    }

    [Fact]
    public void SEQ0104_cross_entropy_with_one_class()
    {
        Expect("[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1, Loss = LossKind.CrossEntropy)]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0104", "OutputSize = 1",
                "Loss is CrossEntropy, so OutputSize is the number of classes and must be at least 2, but is 1"));
    }

    [Fact]
    public void SEQ0105_output_steps_on_many_to_one()
    {
        Expect("[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1, OutputSteps = 4)]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0105", "OutputSteps = 4",
                "OutputSteps is 4, but topology 'ManyToOne' fixes its output steps (1); remove OutputSteps"));
    }

    [Fact]
    public void SEQ0105_output_steps_on_many_to_many()
    {
        Expect("[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1, OutputSteps = 3)]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0105", "OutputSteps = 3",
                "OutputSteps is 3, but topology 'ManyToMany' fixes its output steps (Steps); remove OutputSteps"));
    }

    [Fact]
    public void SEQ0106_truncated_bptt_not_below_steps()
    {
        Expect("[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 10, OutputSize = 1, TruncatedBptt = 10)]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0106", "TruncatedBptt = 10", "TruncatedBptt must be at least 1 and below Steps (10), but is 10"));
    }

    [Fact]
    public void SEQ0106_truncated_bptt_zero_written_out()
    {
        // The attribute documents 0 as "no truncation", but writing it out is rejected.
        Expect("[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 10, OutputSize = 1, TruncatedBptt = 0)]\n[Gru(3)]\npublic partial class Model { }",
            D("SEQ0106", "TruncatedBptt = 0", "TruncatedBptt must be at least 1 and below Steps (10), but is 0"));
    }

    [Fact]
    public void SEQ0107_truncated_bptt_on_many_to_one()
    {
        Expect("[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 10, OutputSize = 1, TruncatedBptt = 2)]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0107", "TruncatedBptt = 2",
                "TruncatedBptt is 2, but a ManyToOne model has one output at the end, so earlier chunks would have no loss; remove TruncatedBptt or use ManyToMany"));
    }

    [Fact]
    public void SEQ0108_truncated_bptt_with_a_bidirectional_layer_warns_and_still_emits()
    {
        GeneratorRun run = GeneratorHarness.Run(Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 10, OutputSize = 1, TruncatedBptt = 5)]\n[Gru(3)]\n[Lstm(3, Bidirectional = true)]\npublic partial class Model { }");
        run.AssertDiagnostics(D("SEQ0108", "TruncatedBptt = 5",
                "TruncatedBptt is 5 and layer 1 is bidirectional: in training its reverse direction starts anew in every chunk (as PyTorch does when called per chunk), but Forward runs it over the whole sequence, so training and inference see different models; prefer a unidirectional stack with TruncatedBptt"));
        Assert.Single(run.GeneratedSources);
    }

    [Fact]
    public void SEQ0301_model_too_large()
    {
        // parameters: 4*100000*(100000+100000+2) + 1*(100000+1) = 80,000,900,001;
        // workspace: 2*2*100000 (h and c history) + 4*100000 (gates) + 2*100000 (output and its gradient)
        //            + 2*1*1 (outputs) + 2*1*100000 (input gradient) = 1,200,002.
        // Run under a culture with a decimal comma: the message must not depend on the build machine.
        CultureInfo culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Expect("[SequenceModel(Topology.ManyToOne, InputSize = 100000, Steps = 1, OutputSize = 1)]\n[Lstm(100000)]\npublic partial class Model { }",
                D("SEQ0301", "SequenceModel(Topology.ManyToOne, InputSize = 100000, Steps = 1, OutputSize = 1)",
                    "The model has 8E+10 parameters and needs 1.2E+06 values of workspace, more than an int can index; reduce sizes, layers or steps"));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void SEQ0301_sizes_near_int_max_do_not_overflow()
    {
        Expect("[SequenceModel(Topology.ManyToMany, InputSize = int.MaxValue, Steps = int.MaxValue, OutputSize = int.MaxValue)]\n[Gru(int.MaxValue, Layers = int.MaxValue, Bidirectional = true)]\npublic partial class Model { }",
            D("SEQ0301", "SequenceModel(Topology.ManyToMany, InputSize = int.MaxValue, Steps = int.MaxValue, OutputSize = int.MaxValue)",
                "The model has 1.783E+29 parameters and needs 1.386E+29 values of workspace, more than an int can index; reduce sizes, layers or steps"));
    }

    [Fact]
    public void Negative_values_are_shown_with_an_ascii_minus_in_any_culture()
    {
        // sv-SE formats negative numbers with U+2212 MINUS SIGN.
        CultureInfo culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("sv-SE");
            Expect("[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = -3, OutputSize = 1)]\n[Lstm(3)]\npublic partial class Model { }",
                D("SEQ0101", "Steps = -3", "Steps must be at least 1, but is -3"));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData("Steps")]
    [InlineData("Forward")]
    [InlineData("ForwardLayer0Forward")]
    [InlineData("ForwardLayer1")]
    [InlineData("ResetLayer0Conv")]
    [InlineData("RefreshHalfWeights")]
    public void SEQ0006_class_named_like_a_generated_member(string name)
    {
        Expect($"{Valid}\n[Lstm(3)]\npublic partial class {name} {{ }}",
            D("SEQ0006", name, $"Class '{name}' cannot hold a generated member of the same name ({name}); rename the class"));
    }

    [Fact]
    public void SEQ0304_too_many_layers()
    {
        Expect("[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Lstm(3, Layers = 60)]\n[Gru(2, Layers = 5)]\npublic partial class Model { }",
            D("SEQ0304", "SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)",
                "The stack has 65 layers, but at most 64 are supported: each layer and direction becomes its own generated methods"));
    }

    [Fact]
    public void SEQ0007_primary_constructor_or_a_generated_constructor_signature()
    {
        Expect($"{Valid}\n[Lstm(3)]\npublic partial class Model(int size) {{ public int Size => size; }}",
            D("SEQ0007", "Model", "Class 'Model' has a primary constructor or declares Model() or Model(long); SeqGen generates Model() and Model(long seed), which initialize the parameters, so remove it"));
        Expect($"{Valid}\n[Lstm(3)]\npublic partial class Model {{ public Model() {{ }} }}",
            D("SEQ0007", "Model", "Class 'Model' has a primary constructor or declares Model() or Model(long); SeqGen generates Model() and Model(long seed), which initialize the parameters, so remove it"));
    }

    [Fact]
    public void SEQ0008_member_named_like_a_generated_member()
    {
        Expect($"{Valid}\n[Lstm(3)]\npublic partial class Model {{ public int Steps; public void Forward() {{ }} }}",
            D("SEQ0008", "Steps", "Member 'Steps' of class 'Model' has the name of a generated member; rename it"),
            D("SEQ0008", "Forward", "Member 'Forward' of class 'Model' has the name of a generated member; rename it"));
    }

    [Fact]
    public void SEQ0302_each_budget_names_the_measured_and_allowed_figures()
    {
        // LSTM 2 -> 3: 4*3*(2+3+2) = 84 parameters, head 3 -> 1: 4; MultiplyAddsPerStep 4*3*(2+3) + 1*3 = 63.
        // Workspace in floats: h and c state in 5 roles 15 + 15; outputs, output gradient, input gradient,
        // chunk losses 1 + 1 + 6 + 1; head features and gradient 3 + 3; layer output and gradient 9 + 9;
        // h and c history 12 + 12, gate cache 36 (the backward writes dPre there); scratch gates 12, dh 3, dc 3:
        // 141 floats = 564 bytes.
        Expect("[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Lstm(3)]\n" +
               "[Budget(MaxParameters = 80, MaxWorkspaceBytes = 100, MaxMultiplyAddsPerStep = 62)]\npublic partial class Model { }",
            D("SEQ0302", "MaxParameters = 80", "ParameterCount is 88, above the budget MaxParameters = 80"),
            D("SEQ0302", "MaxWorkspaceBytes = 100", "WorkspaceBytes is 564, above the budget MaxWorkspaceBytes = 100"),
            D("SEQ0302", "MaxMultiplyAddsPerStep = 62", "MultiplyAddsPerStep is 63, above the budget MaxMultiplyAddsPerStep = 62"));
    }

    [Fact]
    public void SEQ0302_budget_exactly_met_compiles_and_a_negative_limit_is_rejected()
    {
        GeneratorRun run = GeneratorHarness.Run(Header + "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Lstm(3)]\n" +
            "[Budget(MaxParameters = 88, MaxWorkspaceBytes = 564, MaxMultiplyAddsPerStep = 63)]\npublic partial class Model { }");
        run.AssertDiagnostics();
        Assert.Single(run.GeneratedSources);

        Expect("[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Lstm(3)]\n[Budget(MaxParameters = -1)]\npublic partial class Model { }",
            D("SEQ0101", "MaxParameters = -1", "MaxParameters must be at least 1, but is -1"));
    }

    [Fact]
    public void SEQ0305_lockstep_batch_training_is_left_out_when_its_workspace_would_break_the_budget()
    {
        // The SEQ0302 model (WorkspaceBytes 564). Its lockstep workspace, in floats: per lane, h and c
        // histories 2 x (4 x 3 + 16), gate cache 3 x 12 + 16, output gradient 3 x 3 + 16 (133), for 8
        // lanes; dh and dc 2 x 8 x 3; outputs and their gradient 2 x 8 x 1; the head's features and
        // their gradient 2 x 8 x 3; 12 gate rows are not packed: 1,176 floats = 4,704 bytes.
        const string Model = "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Lstm(3)]\n[Budget(MaxWorkspaceBytes = {0})]\npublic partial class Model {{ }}";
        GeneratorRun tight = GeneratorHarness.Run(Header + string.Format(CultureInfo.InvariantCulture, Model, 564));
        tight.AssertCleanBuild();
        Diagnostic info = Assert.Single(tight.GeneratorDiagnostics);
        Assert.Equal(("SEQ0305", DiagnosticSeverity.Info, "MaxWorkspaceBytes = 564"), (info.Id, info.Severity, tight.SpanText(info)));
        Assert.Equal(
            "ComputeBatchGradients is not generated: its workspace of 4704 bytes, with WorkspaceBytes = 564, would exceed MaxWorkspaceBytes = 564; MiniBatch, Trainer and DataParallel train this model one sequence at a time",
            info.GetMessage(CultureInfo.InvariantCulture));
        Assert.DoesNotContain("ComputeBatchGradients", Assert.Single(tight.GeneratedSources).Text);

        // room for both: the method is there, with the figure the message gave
        GeneratorRun roomy = GeneratorHarness.Run(Header + string.Format(CultureInfo.InvariantCulture, Model, 564 + 4704));
        roomy.AssertCleanBuild();
        Assert.Empty(roomy.GeneratorDiagnostics);
        string text = Assert.Single(roomy.GeneratedSources).Text;
        Assert.Contains("public float ComputeBatchGradients(", text);
        Assert.Contains("public const long BatchWorkspaceBytes = 4704;", text);
    }

    [Fact]
    public void SEQ0303_large_workspace_warns_with_the_default_threshold_and_still_emits()
    {
        // 100,000 steps of LSTM 200: hidden and cell history, gates, outputs... far above 256 MiB.
        GeneratorRun run = GeneratorHarness.Run(Header + "[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100000, OutputSize = 1)]\n[Lstm(200)]\npublic partial class Model { }");
        string message = Assert.Single(run.GeneratorDiagnostics).GetMessage(CultureInfo.InvariantCulture);
        Assert.Equal("SEQ0303", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Matches(@"^The model allocates \d+ bytes of workspace .*above the warning threshold of 268435456 bytes; .*SeqGenWorkspaceWarningBytes$", message);
        Assert.Single(run.GeneratedSources);
    }

    [Fact]
    public void SEQ0303_threshold_comes_from_the_msbuild_property()
    {
        string source = Header + "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Lstm(3)]\npublic partial class Model { }";
        GeneratorDriver driver = GeneratorHarness.CreateDriver()
            .WithUpdatedAnalyzerConfigOptions(new MsBuildProperty("build_property.SeqGenWorkspaceWarningBytes", "500"));
        GeneratorRun run = GeneratorHarness.Run(driver, GeneratorHarness.CreateCompilation(source));
        run.AssertDiagnostics(D("SEQ0303", "SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)",
            "The model allocates 564 bytes of workspace (state and caches for backpropagation), above the warning threshold of 500 bytes; reduce Steps or sizes, or raise the MSBuild property SeqGenWorkspaceWarningBytes"));
    }

    /// <summary>Analyzer config options with one global (MSBuild) property.</summary>
    private sealed class MsBuildProperty(string key, string value) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions { get; } = new Options(key, value);

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(null, null);

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(null, null);

        private sealed class Options(string? key, string? value) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public override bool TryGetValue(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? result)
            {
                result = name == key ? value : null;
                return result is not null;
            }
        }
    }

    private const string WeightsModel = "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1, Weights = \"model.safetensors\")]\n[Lstm(3)]\npublic partial class Model { }";

    private static void ExpectWithWeights(AdditionalText[] files, params ExpectedDiagnostic[] expected)
    {
        GeneratorRun run = WeightsFiles.Run(Header + WeightsModel, files);
        run.AssertDiagnostics(expected);
        Assert.Empty(run.GeneratedSources);
    }

    private static AdditionalText[] OneFile(List<WeightTensor> tensors) => new[] { WeightsFiles.Text("model.safetensors", WeightsFiles.Bytes(tensors)) };

    [Fact]
    public void SEQ0401_weights_file_not_among_the_additional_files()
    {
        // a file of another name does not count
        ExpectWithWeights(new[] { WeightsFiles.Text("other.safetensors", WeightsFiles.Bytes(WeightsFiles.Lstm3Over2())) },
            D("SEQ0401", "Weights = \"model.safetensors\"",
                "Weights file 'model.safetensors' is not an AdditionalFiles item of the project; add <AdditionalFiles Include=\"model.safetensors\" />"));
    }

    [Fact]
    public void SEQ0402_binary_weights_file_without_the_msbuild_conversion()
    {
        ExpectWithWeights(new AdditionalText[] { new InMemoryAdditionalText("/project/model.safetensors", "\0\0binary") },
            D("SEQ0402", "Weights = \"model.safetensors\"",
                "Weights file 'model.safetensors' cannot be read: it is a binary file, which a source generator cannot read; build with SeqGen.targets (imported by the SeqGen package), which passes it to the generator as base64"));
    }

    [Fact]
    public void SEQ0402_weights_file_that_is_not_safetensors()
    {
        byte[] bytes = WeightsFiles.Bytes(WeightsFiles.Lstm3Over2());
        ExpectWithWeights(new[] { WeightsFiles.Text("model.safetensors", bytes.Take(bytes.Length - 4).ToArray()) },
            D("SEQ0402", "Weights = \"model.safetensors\"",
                "Weights file 'model.safetensors' cannot be read: tensor 'rnn.weight_ih_l0' has data_offsets [256, 352], which do not hold 24 F32 values within the 348 bytes of data"));
    }

    [Fact]
    public void SEQ0402_weights_value_that_overflows_float()
    {
        List<WeightTensor> tensors = WeightsFiles.Lstm3Over2();
        tensors[5] = new WeightTensor("head.bias", new[] { 1 }, new[] { 1e300 });
        AdditionalText[] files = { WeightsFiles.Text("model.safetensors", WeightsFiles.Bytes(tensors, SafetensorsDType.F64)) };
        ExpectWithWeights(files, D("SEQ0402", "Weights = \"model.safetensors\"",
            "Weights file 'model.safetensors' cannot be read: tensor 'head.bias' holds a NaN or infinite value in float at index 0"));
    }

    [Fact]
    public void SEQ0403_weights_file_lacks_tensors_each_reported()
    {
        List<WeightTensor> tensors = WeightsFiles.Lstm3Over2();
        tensors.RemoveAll(t => t.Name is "rnn.bias_hh_l0" or "head.weight");
        ExpectWithWeights(OneFile(tensors),
            D("SEQ0403", "Weights = \"model.safetensors\"", "Weights file 'model.safetensors' has no tensor 'rnn.bias_hh_l0' (shape [12]); it must hold every parameter of the model"),
            D("SEQ0403", "Weights = \"model.safetensors\"", "Weights file 'model.safetensors' has no tensor 'head.weight' (shape [1, 3]); it must hold every parameter of the model"));
    }

    [Fact]
    public void SEQ0404_weights_file_has_a_tensor_the_model_lacks()
    {
        List<WeightTensor> tensors = WeightsFiles.Lstm3Over2();
        tensors.Add(WeightsFiles.Tensor("rnn.weight_ih_l1", 12, 3));
        ExpectWithWeights(OneFile(tensors),
            D("SEQ0404", "Weights = \"model.safetensors\"", "Weights file 'model.safetensors' has a tensor 'rnn.weight_ih_l1', which is not a parameter of the model"));
    }

    [Fact]
    public void SEQ0405_weights_tensor_of_the_wrong_shape_even_with_the_right_size()
    {
        List<WeightTensor> tensors = WeightsFiles.Lstm3Over2();
        tensors[0] = WeightsFiles.Tensor("rnn.weight_ih_l0", 2, 12);
        tensors[3] = WeightsFiles.Tensor("rnn.bias_hh_l0", 1, 12);
        ExpectWithWeights(OneFile(tensors),
            D("SEQ0405", "Weights = \"model.safetensors\"", "Tensor 'rnn.weight_ih_l0' of weights file 'model.safetensors' has shape [2, 12], but the model's parameter has shape [12, 2]"),
            D("SEQ0405", "Weights = \"model.safetensors\"", "Tensor 'rnn.bias_hh_l0' of weights file 'model.safetensors' has shape [1, 12], but the model's parameter has shape [12]"));
    }

    [Fact]
    public void Matching_weights_file_compiles_and_embeds_the_weights()
    {
        GeneratorRun run = WeightsFiles.Run(Header + WeightsModel, OneFile(WeightsFiles.Lstm3Over2()));
        run.AssertCleanBuild();
        string text = run.SingleSource().Text;
        Assert.Contains("private static global::System.ReadOnlySpan<byte> s_embeddedWeights => new byte[]", text);
        Assert.Contains("public void LoadEmbeddedWeights()", text);
    }

    [Fact]
    public void Two_SequenceModel_attributes_are_the_compilers_CS0579_and_generate_nothing()
    {
        GeneratorRun run = GeneratorHarness.Run(Header + $"{Valid}\n{Valid}\n[Lstm(3)]\npublic partial class Model {{ }}");
        run.AssertDiagnostics(new ExpectedDiagnostic("CS0579", "Duplicate 'SequenceModel' attribute", "SequenceModel"));
        Assert.Empty(run.GeneratedSources);
    }

    [Theory]
    [InlineData("[Lstm(3, Variant = GruVariant.ResetBefore)]", "Variant")]
    [InlineData("[Gru(3, Activation = RnnActivation.Relu)]", "Activation")]
    [InlineData("[Gru(3, CellClip = 2.0)]", "CellClip")]
    [InlineData("[Rnn(3, LayerNorm = true)]", "LayerNorm")]
    public void An_option_on_the_wrong_cell_is_an_error_on_that_argument(string cell, string option)
    {
        GeneratorRun run = GeneratorHarness.Run(Header + $"{Valid}\n{cell}\npublic partial class Model {{ }}");
        run.AssertDiagnostics(new ExpectedDiagnostic("CS0246", $"The type or namespace name '{option}' could not be found (are you missing a using directive or an assembly reference?)", option));
        // the options are properties of their own cell's attribute only, so the compiler reports the
        // misplaced one on its argument; the generator then leaves the class alone
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void Attribute_that_does_not_bind_is_left_to_the_compiler()
    {
        GeneratorRun run = GeneratorHarness.Run(Header + "[SequenceModel(Topology.ManyToOne, Steps = \"three\")]\n[Lstm(3)]\npublic partial class Model { }");
        run.AssertDiagnostics(new ExpectedDiagnostic("CS0029", "Cannot implicitly convert type 'string' to 'int'", "\"three\""));
        Assert.Empty(run.GeneratedSources);
    }

    // ---- [Hopfield], a separate model kind (SEQ04xx) ----

    [Fact]
    public void SEQ0501_hopfield_class_not_partial()
    {
        Expect("[Hopfield(Size = 4)]\npublic class Memory { }",
            D("SEQ0501", "Memory",
                "Class 'Memory' has [Hopfield] but is not partial; add the partial modifier so SeqGen can add the generated members"));
    }

    [Fact]
    public void SEQ0502_hopfield_size_missing_or_below_two_or_too_large()
    {
        Expect("[Hopfield]\npublic partial class Memory { }",
            D("SEQ0502", "Hopfield",
                "Size must be from 2 to 46340 (a Hopfield network needs at least two units, and Size x Size weights must fit an int index), but is 0 (not set)"));
        Expect("[Hopfield(Size = 1)]\npublic partial class Memory { }",
            D("SEQ0502", "Size = 1",
                "Size must be from 2 to 46340 (a Hopfield network needs at least two units, and Size x Size weights must fit an int index), but is 1"));
        Expect("[Hopfield(Size = 46341)]\npublic partial class Memory { }",
            D("SEQ0502", "Size = 46341",
                "Size must be from 2 to 46340 (a Hopfield network needs at least two units, and Size x Size weights must fit an int index), but is 46341"));
    }

    [Fact]
    public void SEQ0601_temporal_conv_channels_out_of_range()
    {
        Expect($"{Valid}\n[TemporalConv(Channels = 0, Dilations = new[] {{ 1 }})]\npublic partial class Model {{ }}",
            D("SEQ0601", "Channels = 0", "Channels must be from 1 to 4096, but is 0"));
        Expect($"{Valid}\n[TemporalConv(Dilations = new[] {{ 1 }})]\npublic partial class Model {{ }}",
            D("SEQ0601", "TemporalConv(Dilations = new[] { 1 })", "Channels must be from 1 to 4096, but is 0 (not set)"));
    }

    [Fact]
    public void SEQ0602_temporal_conv_kernel_out_of_range()
    {
        Expect($"{Valid}\n[TemporalConv(Channels = 4, Kernel = 65, Dilations = new[] {{ 1 }})]\npublic partial class Model {{ }}",
            D("SEQ0602", "Kernel = 65", "Kernel must be from 1 to 64, but is 65"));
    }

    [Fact]
    public void SEQ0603_temporal_conv_dilations_empty_or_missing()
    {
        Expect($"{Valid}\n[TemporalConv(Channels = 4, Dilations = new int[0])]\npublic partial class Model {{ }}",
            D("SEQ0603", "Dilations = new int[0]", "Dilations must list 1 to 32 dilations (one residual block each), but 0 are given"));
        Expect($"{Valid}\n[TemporalConv(Channels = 4)]\npublic partial class Model {{ }}",
            D("SEQ0603", "TemporalConv(Channels = 4)", "Dilations must list 1 to 32 dilations (one residual block each), but none are given (it is null or not set)"));
    }

    [Fact]
    public void SEQ0604_temporal_conv_dilation_not_positive()
    {
        Expect($"{Valid}\n[TemporalConv(Channels = 4, Dilations = new[] {{ 1, 0, -8 }})]\npublic partial class Model {{ }}",
            D("SEQ0604", "Dilations = new[] { 1, 0, -8 }", "Dilations[1] is 0; each dilation must be from 1 to 4096"),
            D("SEQ0604", "Dilations = new[] { 1, 0, -8 }", "Dilations[2] is -8; each dilation must be from 1 to 4096"));
    }

    [Fact]
    public void SEQ0605_temporal_conv_with_truncated_bptt()
    {
        Expect("[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 6, OutputSize = 1, TruncatedBptt = 3)]\n[Lstm(3)]\n[TemporalConv(Channels = 2, Dilations = new[] { 1 })]\npublic partial class Model { }",
            D("SEQ0605", "TruncatedBptt = 3", "TruncatedBptt = 3 cannot be combined with the [TemporalConv] layer 1: a convolution's history is not a recurrent state that chunks could carry; remove TruncatedBptt"));
    }

    [Fact]
    public void SEQ0606_temporal_conv_with_feedback()
    {
        Expect("[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, FeedBack = true)]\n[TemporalConv(Channels = 2, Dilations = new[] { 1 })]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0606", "FeedBack = true", "FeedBack cannot be combined with the [TemporalConv] layer 0: fed-back decoding runs the stack one step at a time from a recurrent state; remove FeedBack or the convolution"));
    }

    [Fact]
    public void SEQ0607_temporal_conv_in_encoder_decoder()
    {
        Expect("[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 2, OutputSteps = 2)]\n[TemporalConv(Channels = 2, Dilations = new[] { 1 })]\n[Lstm(3)]\npublic partial class Model { }",
            D("SEQ0607", "TemporalConv(Channels = 2, Dilations = new[] { 1 })", "An EncoderDecoder model cannot have the [TemporalConv] layer 0: its decoder continues the encoder's recurrent state; use ManyToOne, ManyToMany or OneToMany"));
    }

    [Fact]
    public void SEQ0503_hopfield_and_sequence_model_on_one_class()
    {
        GeneratorRun run = GeneratorHarness.Run(Header + $"[Hopfield(Size = 4)]\n{Valid}\n[Lstm(3)]\npublic partial class Model {{ }}");
        run.AssertDiagnostics(D("SEQ0503", "Hopfield(Size = 4)",
            "Class 'Model' has both [Hopfield] and [SequenceModel]; they are separate model kinds, so declare them on two classes"));
        // no Hopfield code; the sequence model's code is still generated, so this is the one error
        Assert.Equal("Demo.Model.SeqGen.g.cs", Assert.Single(run.GeneratedSources).HintName);
    }

    [Fact]
    public void SEQ0701_attention_heads_out_of_range()
    {
        Expect("[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 3, OutputSize = 1)]\n[SelfAttention(Heads = 0)]\n[TransformerBlock(Heads = 8, FeedForward = 4)]\npublic partial class Model { }",
            D("SEQ0701", "Heads = 0", "Heads must be from 1 to the layer's input width 4 (layer 0), but is 0"),
            D("SEQ0701", "Heads = 8", "Heads must be from 1 to the layer's input width 4 (layer 1), but is 8"));
    }

    [Fact]
    public void SEQ0702_attention_heads_do_not_divide_the_width_the_layers_below_give()
    {
        Expect("[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Lstm(3)]\n[TransformerBlock(Heads = 2, FeedForward = 4)]\npublic partial class Model { }",
            D("SEQ0702", "Heads = 2", "Heads = 2 does not divide the input width 3 of layer 1; each head takes width / Heads features, so choose a divisor of 3"));
    }

    [Fact]
    public void SEQ0703_feed_forward_out_of_range()
    {
        Expect($"{Valid}\n[TransformerBlock(FeedForward = 0)]\npublic partial class Model {{ }}",
            D("SEQ0703", "FeedForward = 0", "FeedForward must be at least 1, but is 0"));
    }

    [Fact]
    public void SEQ0704_truncated_bptt_with_an_attention_layer()
    {
        Expect("[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 1, TruncatedBptt = 2)]\n[Lstm(3)]\n[SelfAttention(Causal = true)]\npublic partial class Model { }",
            D("SEQ0704", "TruncatedBptt = 2", "TruncatedBptt = 2 cannot apply: layer 1 is a SelfAttention, which attends over the whole sequence at once; remove TruncatedBptt"));
    }

    [Fact]
    public void SEQ0705_attention_layer_needs_a_given_input_sequence()
    {
        Expect("[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, FeedBack = true)]\n[Gru(2)]\n[SelfAttention(Causal = true)]\npublic partial class Model { }",
            D("SEQ0705", "SelfAttention(Causal = true)", "A [SelfAttention] layer needs a ManyToOne or ManyToMany model, but the model is OneToMany with FeedBack; attention layers read a whole given input sequence"));
        Expect("[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 2, OutputSteps = 3)]\n[TransformerBlock(FeedForward = 4)]\n[Gru(2)]\npublic partial class Model { }",
            D("SEQ0705", "TransformerBlock(FeedForward = 4)", "A [TransformerBlock] layer needs a ManyToOne or ManyToMany model, but the model is EncoderDecoder; attention layers read a whole given input sequence"));
    }

    [Fact]
    public void Hopfield_reuses_the_type_and_size_diagnostics_whose_messages_fit()
    {
        Expect("public class Outer\n{\n    [Hopfield(Size = 4, MaxIterations = 0)]\n    public static partial class Memory<T> { }\n}",
            D("SEQ0002", "Outer", "Type 'Outer' contains the model class 'Memory' but is not partial; add the partial modifier"),
            D("SEQ0003", "Memory", "Class 'Memory' is generic; a model's sizes and element type are fixed, so it cannot have type parameters"),
            D("SEQ0005", "Memory", "Class 'Memory' is static; a model holds parameters and state, so it must be an instance class"),
            D("SEQ0101", "MaxIterations = 0", "MaxIterations must be at least 1, but is 0"));
    }

    [Fact]
    public void Hopfield_valid_declaration_builds_cleanly()
    {
        string source = Header + "public partial class Outer\n{\n    [Hopfield(Size = 3, MaxIterations = 5)]\n    internal sealed partial class Memory { }\n}";
        // also as C# 12, the default language of a net8.0 project
        foreach (GeneratorRun run in new[] { GeneratorHarness.Run(source), GeneratorHarness.Run(LanguageVersion.CSharp12, source) })
        {
            run.AssertCleanBuild();
            Assert.Equal("Demo.Outer+Memory.Hopfield.g.cs", run.SingleSource().HintName);
        }
    }

    [Fact]
    public void Every_catalog_id_has_a_test_here()
    {
        string[] tested = typeof(DiagnosticTests).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttributes<FactAttribute>().Any())
            .Select(m => m.Name.Split('_')[0])
            .ToArray();
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            Assert.Contains(descriptor.Id, tested);
        }
    }

    [Fact]
    public void Every_catalog_id_is_tracked_with_its_severity_and_has_a_help_link_to_its_docs_section()
    {
        string docs = File.ReadAllText(DocsPath());
        string releases = File.ReadAllText(Path.Combine(Path.GetDirectoryName(DocsPath())!, "..", "generator", "SeqGen.Generator", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            // errors for what cannot work, warnings for what works badly; the release table agrees
            Assert.Contains($"{descriptor.Id} | SeqGen | {descriptor.DefaultSeverity} | {descriptor.Title}", releases);
            string anchor = descriptor.Id.ToLowerInvariant();
            Assert.EndsWith("/docs/diagnostics.md#" + anchor, descriptor.HelpLinkUri);
            // GitHub's anchor for "## SEQ0001" is #seq0001
            Assert.Contains("\n## " + descriptor.Id + "\n", docs.Replace("\r\n", "\n"));
        }
    }

    private static string DocsPath([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "docs", "diagnostics.md"));

    // ---- valid declarations: the generated code compiles with no diagnostic at all ----

    public static TheoryData<string, string> ValidModels => new()
    {
        { "ManyToOne", Header + "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Lstm(3)]\npublic partial class Model { }" },
        { "TemporalConv", Header + "[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 5, OutputSize = 2)]\n[Gru(3)]\n[TemporalConv(Channels = 2, Kernel = 3, Dilations = new[] { 1, 2 })]\npublic partial class Model { }" },
        { "ManyToMany", Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 2)]\n[Lstm(3)]\npublic partial class Model { }" },
        { "OneToMany", Header + "[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 3, OutputSize = 2)]\n[Lstm(3)]\npublic partial class Model { }" },
        { "CrossEntropy", Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 4, Loss = LossKind.CrossEntropy)]\n[Gru(3)]\npublic partial class Model { }" },
        { "RnnTanh", Header + "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Rnn(3)]\npublic partial class Model { }" },
        { "RnnRelu", Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Rnn(3, Activation = RnnActivation.Relu)]\npublic partial class Model { }" },
        { "GruResetAfter", Header + "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Gru(3, Variant = GruVariant.ResetAfter)]\npublic partial class Model { }" },
        { "GruResetBefore", Header + "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Gru(3, Variant = GruVariant.ResetBefore)]\npublic partial class Model { }" },
        { "Stacked", Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Lstm(4, Layers = 3)]\npublic partial class Model { }" },
        { "Bidirectional", Header + "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Rnn(4, Bidirectional = true)]\npublic partial class Model { }" },
        { "Mixed", Header + "[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 5, OutputSize = 2)]\n[Lstm(8, Layers = 2, Bidirectional = true)]\n[Gru(4)]\npublic partial class Model { }" },
        { "MixedStreaming", Header + "[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 2)]\n[Gru(5, Variant = GruVariant.ResetBefore)]\n[Rnn(2, Activation = RnnActivation.Relu)]\n[Lstm(4)]\npublic partial class Model { }" },
        { "Nested", Header + "public partial class Outer\n{\n    public partial class Middle\n    {\n        [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n        [Lstm(3)]\n        internal partial class Model { }\n    }\n}" },
        { "NestedInGenericStructAndRecord", Header + "public partial record Outer<T>\n{\n    public partial struct Middle\n    {\n        [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n        [Lstm(3)]\n        private sealed partial class Model { }\n    }\n}" },
        { "GlobalNamespace", "using SeqGen;\n[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Lstm(3)]\npublic partial class Model { }" },
        { "BlockNamespace", "using SeqGen;\nnamespace Demo.Models\n{\n    [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n    [Lstm(3)]\n    public partial class Model { }\n}" },
        { "Double", Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1, Precision = Precision.Double)]\n[Lstm(3)]\n[Gru(2, Variant = GruVariant.ResetBefore)]\npublic partial class Model { }" },
        { "TruncatedBptt", Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 7, OutputSize = 1, TruncatedBptt = 3)]\n[Lstm(3)]\npublic partial class Model { }" },
        { "TruncatedBpttOneToMany", Header + "[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 7, OutputSize = 1, TruncatedBptt = 2, Precision = Precision.Double)]\n[Gru(3, Layers = 2)]\npublic partial class Model { }" },
        { "FullyQualifiedAttributes", "namespace Demo;\n[global::SeqGen.SequenceModel(global::SeqGen.Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[global::SeqGen.Lstm(3)]\npublic partial class Model { }" },
        { "PublicApiUsed", Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Lstm(3)]\npublic partial class Model { }\n"
            + "public static class Use\n{\n    public static float Run()\n    {\n        var m = new Model(42);\n        float[] x = new float[Model.InputLength];\n        float[] y = new float[Model.OutputLength];\n"
            + "        m.Forward(x, y);\n        IRegressionModel<float> r = m;\n        ICellStateModel<float> c = m;\n        IStreamingModel<float> s = m;\n        s.ResetState();\n"
            + "        return r.ComputeGradients(x, y) + c.FinalCell[0] + Model.ParameterCount;\n    }\n}" },
    };

    [Theory]
    [MemberData(nameof(ValidModels))]
    public void Valid_declaration_compiles_without_diagnostics(string name, string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        run.AssertCleanBuild();
        GeneratedFile file = run.SingleSource();
        Assert.True(file.HintName.EndsWith(".SeqGen.g.cs", StringComparison.Ordinal), $"{name}: {file.HintName}");
    }

    /// <summary>
    /// C# 12 is the default language of a net8.0 project, which the runtime library targets; the
    /// generated code must not need a newer one (C# 14's first-class spans, for one).
    /// </summary>
    [Theory]
    [MemberData(nameof(ValidModels))]
    public void Valid_declaration_compiles_as_CSharp12(string name, string source)
    {
        GeneratorRun run = GeneratorHarness.Run(LanguageVersion.CSharp12, source);
        run.AssertCleanBuild();
        GeneratedFile file = run.SingleSource();
        Assert.True(file.HintName.EndsWith(".SeqGen.g.cs", StringComparison.Ordinal), $"{name}: {file.HintName}");
    }

    [Fact]
    public void Two_models_in_one_compilation_each_get_a_file()
    {
        GeneratorRun run = GeneratorHarness.Run(
            Header + "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Lstm(3)]\npublic partial class A { }",
            Header + "[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1)]\n[Gru(3)]\npublic partial class B { }");
        run.AssertCleanBuild();
        Assert.Equal(new[] { "Demo.A.SeqGen.g.cs", "Demo.B.SeqGen.g.cs" }, run.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Nested_models_with_the_same_name_get_distinct_files()
    {
        GeneratorRun run = GeneratorHarness.Run(Header
            + "public partial class A\n{\n    [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n    [Lstm(3)]\n    public partial class Model { }\n}\n"
            + "public partial class B\n{\n    [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n    [Gru(3)]\n    public partial class Model { }\n}\n"
            + "public partial class G<T>\n{\n    [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]\n    [Rnn(3)]\n    public partial class Model { }\n}\n");
        run.AssertCleanBuild();
        Assert.Equal(3, run.GeneratedSources.Select(s => s.HintName).Distinct().Count());
    }

    [Theory]
    [InlineData("ScaledDot")]
    [InlineData("Dot")]
    [InlineData("General")]
    [InlineData("Additive")]
    public void An_encoder_decoder_with_each_attention_kind_builds_clean(string kind)
    {
        GeneratorRun run = GeneratorHarness.Run(Header + $"{EncoderDecoder})]\n[Gru(3, Bidirectional = true)]\n[Lstm(4)]\n[Attention(AttentionKind.{kind})]\npublic partial class Model {{ }}");
        Assert.Null(run.GeneratorException);
        run.AssertCleanBuild();
        Assert.Single(run.GeneratedSources);
    }

    [Fact]
    public void A_one_to_many_model_with_feed_back_builds_clean()
    {
        GeneratorRun run = GeneratorHarness.Run(Header + "[SequenceModel(Topology.OneToMany, InputSize = 4, Steps = 5, OutputSize = 4, FeedBack = true)]\n[Rnn(3)]\n[Lstm(3)]\npublic partial class Model { }");
        run.AssertCleanBuild();
        Assert.Single(run.GeneratedSources);
    }

    [Fact]
    public void A_class_without_SequenceModel_is_ignored()
    {
        GeneratorRun run = GeneratorHarness.Run(Header + "[Lstm(3)]\npublic class NotAModel { }");
        run.AssertCleanBuild();
        Assert.Empty(run.GeneratedSources);
    }
}
