using System.Linq;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>
/// The model's constants, its buffers (all allocated once, at construction) and the public
/// properties over them.
/// </summary>
internal static class StorageEmitter
{
    public static void EmitConstants(IndentedWriter w, ModelDescriptor m)
    {
        Constant(w, "InputSize", m.InputSize, "Features per input step.");
        Constant(w, "Steps", m.Steps, "Input steps per sequence.");
        Constant(w, "OutputSize", m.OutputSize, "Outputs per output step (logits for cross-entropy).");
        Constant(w, "OutputSteps", m.OutputSteps, "Output steps per sequence.");
        Constant(w, "ParameterCount", m.ParameterCount, "Number of trainable parameters.");
        Constant(w, "InputLength", m.InputLength, m.Topology == TopologyKind.OneToMany
            ? "Length of an input: one vector of InputSize, given at step 0."
            : "Length of an input: [Steps][InputSize] row-major.");
        Constant(w, "OutputLength", m.OutputLength, "Length of an output: [OutputSteps][OutputSize] row-major.");
        Constant(w, "StateLength", m.StateLength, "Length of the hidden state: [recurrent layers*directions][H], as PyTorch's h_0 (convolution and attention layers carry none).");
        if (m.HasCellState)
        {
            Constant(w, "CellStateLength", m.CellStateLength, "Length of the LSTM cell state: [LSTM layers*directions][H], as PyTorch's c_0.");
        }
        LongConstant(w, "WorkspaceBytes", WorkspacePlan.Bytes(m), "Bytes the model allocates besides parameters and gradients: state, activation caches for backpropagation, and scratch.");
        LongConstant(w, "MultiplyAddsPerStep", m.MultiplyAddsPerStep, "Multiply-adds of the matrix products of one time step: every layer and direction, plus one head evaluation.");
        w.Summary("Parameters of each layer of the stack (all directions), in order: the counts ParameterCount adds up with the head's" + (m.Decoder is null ? "." : ", the decoder's and the attention's."));
        w.Line($"public static global::System.ReadOnlySpan<int> LayerParameterCounts => new int[] {{ {string.Join(", ", m.Layers.Select(l => l.Directions * l.ParametersPerDirection))} }};");
        Constant(w, "HeadParameterCount", m.OutputSize * (m.HeadInputWidth + 1), "Parameters of the linear head: weight and bias.");
        Constant(w, "TruncatedBptt", m.TruncatedBptt, "Steps per backpropagation chunk; 0 when the gradient flows through the whole sequence.");
        w.Line($"private const int ChunkLength = {m.ChunkLength};");
        w.Line();
    }

    public static void EmitFields(IndentedWriter w, ModelDescriptor m)
    {
        string t = m.ElementType;
        w.Comment("parameters and their gradients, flat, in state_dict order; weight matrices input-major (transposed);");
        w.Comment("cache-line aligned, so that the 32-byte weight loads of matrices at offsets that are multiples of 8 never straddle two lines");
        w.Line($"private readonly {Names.AlignedBuffer}<{t}> _parameters = {Names.AlignedBuffer}<{t}>.Allocate({m.ParameterCount});");
        w.Line($"private readonly {Names.AlignedBuffer}<{t}> _gradients = {Names.AlignedBuffer}<{t}>.Allocate({m.ParameterCount});");
        HalfWeightsEmitter.EmitFields(w, m);
        foreach (BufferGroup group in WorkspacePlan.Groups(m))
        {
            w.Comment(group.Comment);
            foreach (BufferDescriptor buffer in group.Buffers)
            {
                w.Line($"private readonly {t}[] {buffer.Name} = new {t}[{buffer.Length}];");
            }
        }
        w.Line();
    }

    public static void EmitConstructors(IndentedWriter w, ModelDescriptor m)
    {
        string name = m.Type.Identifier;
        if (m.EmbeddedWeights is not null)
        {
            EmitEmbeddedWeights(w, m, m.EmbeddedWeights);
        }
        else
        {
            w.Summary("Creates the model with parameters initialized from seed 0.");
            using (w.Block($"public {name}() : this(0)"))
            {
            }
            w.Line();
        }
        w.Summary("Creates the model with parameters drawn as PyTorch does (U(-1/sqrt(H), 1/sqrt(H)); the head U(-1/sqrt(in), 1/sqrt(in))) from <paramref name=\"seed\"/>.");
        using (w.Block($"public {name}(long seed)"))
        {
            w.Line("InitializeParameters(seed);");
        }
        w.Line();
    }

    /// <summary>
    /// The weights file converted at build time into the flat parameter vector (element type,
    /// input-major matrices), little-endian, as a byte array literal: a ReadOnlySpan over it points
    /// into the assembly's data, so nothing is allocated or loaded at run time.
    /// </summary>
    private static void EmitEmbeddedWeights(IndentedWriter w, ModelDescriptor m, Weights.EmbeddedWeights weights)
    {
        string name = m.Type.Identifier;
        string file = weights.FileName.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        w.Summary($"Creates the model with the weights of {file}, built into the assembly at compile time.");
        using (w.Block($"public {name}()"))
        {
            w.Line("LoadEmbeddedWeights();");
        }
        w.Line();
        w.Summary($"Sets every parameter to the weights of {file}, built into the assembly at compile time.");
        int size = m.IsDouble ? 8 : 4;
        using (w.Block("public void LoadEmbeddedWeights()"))
        {
            string read = m.IsDouble ? "ReadDoubleLittleEndian" : "ReadSingleLittleEndian";
            w.Line($"{Names.ReadOnlySpan}<byte> data = s_embeddedWeights;");
            HalfWeightsEmitter.EmitMarkStale(w, m);
            using (w.Block($"for (int i = 0; i < {m.ParameterCount}; i++)"))
            {
                w.Line($"_parameters[i] = global::System.Buffers.Binary.BinaryPrimitives.{read}(data.Slice(i * {size}, {size}));");
            }
        }
        w.Line();
        w.Comment($"{m.ParameterCount} parameters from {weights.FileName}, as {m.ElementType} little-endian, in the layout of Parameters");
        w.Line($"private static {Names.ReadOnlySpan}<byte> s_embeddedWeights => new byte[]");
        w.Line("{");
        var bytes = new System.Collections.Generic.List<byte>(m.ParameterCount * size);
        foreach (double value in weights.Values)
        {
            byte[] encoded = m.IsDouble ? System.BitConverter.GetBytes(value) : System.BitConverter.GetBytes((float)value);
            if (!System.BitConverter.IsLittleEndian)
            {
                System.Array.Reverse(encoded);
            }
            bytes.AddRange(encoded);
        }
        for (int start = 0; start < bytes.Count; start += 32)
        {
            var line = new System.Text.StringBuilder("    ");
            for (int i = start; i < System.Math.Min(start + 32, bytes.Count); i++)
            {
                line.Append("0x").Append(bytes[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture)).Append(',');
            }
            w.Line(line.ToString());
        }
        w.Line("};");
        w.Line();
    }

    public static void EmitProperties(IndentedWriter w, ModelDescriptor m)
    {
        string t = m.ElementType;
        w.Summary("When true, Forward, ComputeGradients, Step and SetParameter reject NaN and infinite values with an ArgumentException.");
        w.Line("public bool ValidateInputs { get; set; }");
        w.Line();
        const string parametersDoc = "All parameters, flat, in ParameterTable order; weight matrices are stored input-major (transposed from PyTorch): use SetParameter/GetParameter for PyTorch layout.";
        if (m.HasSixteenBitWeights)
        {
            w.Summary(parametersDoc + " Reading it marks Step's half-precision weights stale (a span kept across a Step and written later is not seen).");
            w.Line($"public {Names.Span}<{t}> Parameters {{ get {{ _halfWeightsStale = true; return _parameters; }} }}");
            w.Line();
        }
        else
        {
            Property(w, $"{Names.Span}<{t}>", "Parameters", "_parameters", parametersDoc);
        }
        Property(w, $"{Names.Span}<{t}>", "Gradients", "_gradients", "Accumulated gradients, in the layout of Parameters.");
        Property(w, $"{Names.ReadOnlySpan}<{t}>", "Outputs", "_outputs", "Head outputs of the last Forward or ComputeGradients: [OutputSteps][OutputSize].");
        Property(w, $"{Names.ReadOnlySpan}<{t}>", "InputGradient",
            m.Topology == TopologyKind.OneToMany ? $"_inputGradient.AsSpan(0, {m.InputSize})" : "_inputGradient",
            "Gradient of the last ComputeGradients loss on its input, in the input's layout.");
        Property(w, $"{Names.ReadOnlySpan}<{t}>", "ChunkLosses", "_chunkLosses", "Loss of each truncated-BPTT chunk of the last ComputeGradients (one entry without truncation).");
        if (m.Attention is not null)
        {
            Property(w, $"{Names.ReadOnlySpan}<{t}>", "AttentionWeights", "_attentionWeights", "Attention weights of the last Forward, Generate or ComputeGradients: [OutputSteps][Steps], each row summing to 1.");
        }
        // a stack without recurrent layers has no recurrent state: the state spans are empty
        string state = m.StateLength == 0 ? ".AsSpan(0, 0)" : "";
        Property(w, $"{Names.Span}<{t}>", "InitialHidden", "_initialHidden" + state, m.IsEncoderDecoder ? "The encoder's initial hidden state h_0, [layers*directions][H]; zero unless set." : "Initial hidden state h_0, [layers*directions][H]; zero unless set.");
        Property(w, $"{Names.ReadOnlySpan}<{t}>", "FinalHidden", "_finalHidden" + state, m.IsEncoderDecoder ? "The encoder's final hidden state h_n (the decoder's starting state) after the last Forward or ComputeGradients." : "Hidden state h_n after the last Forward or ComputeGradients.");
        Property(w, $"{Names.ReadOnlySpan}<{t}>", "InitialHiddenGradient", "_initialHiddenGradient" + state, "Gradient of the last ComputeGradients loss on InitialHidden.");
        if (m.HasCellState)
        {
            Property(w, $"{Names.Span}<{t}>", "InitialCell", "_initialCell", "Initial LSTM cell state c_0, [LSTM layers*directions][H]; zero unless set.");
            Property(w, $"{Names.ReadOnlySpan}<{t}>", "FinalCell", "_finalCell", "LSTM cell state c_n after the last Forward or ComputeGradients.");
            Property(w, $"{Names.ReadOnlySpan}<{t}>", "InitialCellGradient", "_initialCellGradient", "Gradient of the last ComputeGradients loss on InitialCell.");
        }
        w.Summary("Sets every gradient to zero.");
        w.Line("public void ZeroGradients() => _gradients.Clear();");
        w.Line();
    }

    private static void LongConstant(IndentedWriter w, string name, long value, string doc)
    {
        w.Summary(doc);
        w.Line($"public const long {name} = {value};");
    }

    private static void Constant(IndentedWriter w, string name, int value, string doc)
    {
        w.Summary(doc);
        w.Line($"public const int {name} = {value};");
    }

    private static void Property(IndentedWriter w, string type, string name, string source, string doc)
    {
        w.Summary(doc);
        w.Line($"public {type} {name} => {source};");
        w.Line();
    }
}
