using System;
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
        Constant(w, "StateLength", m.StateLength, "Length of the hidden state: [layers*directions][H], as PyTorch's h_0.");
        if (m.HasCellState)
        {
            Constant(w, "CellStateLength", m.CellStateLength, "Length of the LSTM cell state: [LSTM layers*directions][H], as PyTorch's c_0.");
        }
        Constant(w, "TruncatedBptt", m.TruncatedBptt, "Steps per backpropagation chunk; 0 when the gradient flows through the whole sequence.");
        w.Line($"private const int ChunkLength = {m.ChunkLength};");
        w.Line();
    }

    public static void EmitFields(IndentedWriter w, ModelDescriptor m)
    {
        string t = m.ElementType;
        void Field(string name, int length) => w.Line($"private readonly {t}[] {name} = new {t}[{Math.Max(length, 1)}];");

        w.Comment("parameters and their gradients, flat, in state_dict order; weight matrices input-major (transposed)");
        Field("_parameters", m.ParameterCount);
        Field("_gradients", m.ParameterCount);
        w.Comment("recurrent state: initial, final, carried between chunks, streaming, and gradients on the initial state");
        foreach (string name in new[] { "_initialHidden", "_finalHidden", "_carryHidden", "_streamHidden", "_initialHiddenGradient" })
        {
            Field(name, m.StateLength);
        }
        if (m.HasCellState)
        {
            foreach (string name in new[] { "_initialCell", "_finalCell", "_carryCell", "_streamCell", "_initialCellGradient" })
            {
                Field(name, m.CellStateLength);
            }
        }
        w.Comment("head outputs, the loss gradient on them, the input gradient, and per-chunk losses");
        Field("_outputs", m.OutputLength);
        Field("_outputGradient", m.OutputLength);
        Field("_inputGradient", m.Steps * m.InputSize);
        Field("_chunkLosses", m.ChunkCount);
        if (m.Topology == TopologyKind.OneToMany)
        {
            w.Comment("the input sequence of a one-to-many model: the given vector at step 0, zeros after");
            Field("_paddedInput", m.Steps * m.InputSize);
        }
        if (m.Topology == TopologyKind.ManyToOne)
        {
            w.Comment("the head's input: the final state of each direction of the last layer, and its gradient");
            Field("_headFeatures", m.HeadInputWidth);
            Field("_headFeatureGradient", m.HeadInputWidth);
        }
        w.Comment("per layer: its output sequence and the gradient on it");
        foreach (LayerDescriptor layer in m.Layers)
        {
            Field(Names.LayerOutput(layer.Index), m.Steps * layer.OutputWidth);
            Field(Names.LayerOutputGradient(layer.Index), m.Steps * layer.OutputWidth);
        }
        w.Comment("per layer and direction: hidden and cell history (index 0 is the chunk's initial state) and gate caches");
        foreach (LayerDescriptor layer in m.Layers)
        {
            for (int d = 0; d < layer.Directions; d++)
            {
                new LayerEmitter(m, layer, d).EmitFields(w);
            }
        }
        w.Comment("scratch vectors shared by all layers, sized for the widest");
        Field("_scratchGates", m.MaxGateWidth);
        Field("_scratchHiddenGradient", m.MaxHiddenSize);
        Field("_scratchGateGradient", m.MaxGateWidth);
        if (m.HasCellState)
        {
            Field("_scratchCellGradient", m.MaxHiddenSize);
        }
        if (m.HasResetAfterGru)
        {
            Field("_scratchRecurrent", m.MaxGateWidth);
            Field("_scratchRecurrentN", m.MaxHiddenSize);
            Field("_scratchRecurrentGateGradient", m.MaxGateWidth);
        }
        if (m.HasResetAfterGru || m.HasResetBeforeGru)
        {
            Field("_scratchPreviousHiddenGradient", m.MaxHiddenSize);
        }
        if (m.HasResetBeforeGru)
        {
            Field("_scratchResetHidden", m.MaxHiddenSize);
            Field("_scratchResetHiddenGradient", m.MaxHiddenSize);
        }
        w.Line();
    }

    public static void EmitConstructors(IndentedWriter w, ModelDescriptor m)
    {
        string name = m.Type.Name;
        w.Summary("Creates the model with parameters initialized from seed 0.");
        using (w.Block($"public {name}() : this(0)"))
        {
        }
        w.Line();
        w.Summary("Creates the model with parameters drawn as PyTorch does (U(-1/sqrt(H), 1/sqrt(H)); the head U(-1/sqrt(in), 1/sqrt(in))) from <paramref name=\"seed\"/>.");
        using (w.Block($"public {name}(long seed)"))
        {
            w.Line("InitializeParameters(seed);");
        }
        w.Line();
    }

    public static void EmitProperties(IndentedWriter w, ModelDescriptor m)
    {
        string t = m.ElementType;
        w.Summary("When true, Forward, ComputeGradients, Step and SetParameter reject NaN and infinite values with an ArgumentException.");
        w.Line("public bool ValidateInputs { get; set; }");
        w.Line();
        Property(w, $"{Names.Span}<{t}>", "Parameters", "_parameters", "All parameters, flat, in ParameterTable order; weight matrices are stored input-major (transposed from PyTorch): use SetParameter/GetParameter for PyTorch layout.");
        Property(w, $"{Names.Span}<{t}>", "Gradients", "_gradients", "Accumulated gradients, in the layout of Parameters.");
        Property(w, $"{Names.ReadOnlySpan}<{t}>", "Outputs", "_outputs", "Head outputs of the last Forward or ComputeGradients: [OutputSteps][OutputSize].");
        Property(w, $"{Names.ReadOnlySpan}<{t}>", "InputGradient",
            m.Topology == TopologyKind.OneToMany ? $"_inputGradient.AsSpan(0, {m.InputSize})" : "_inputGradient",
            "Gradient of the last ComputeGradients loss on its input, in the input's layout.");
        Property(w, $"{Names.ReadOnlySpan}<{t}>", "ChunkLosses", "_chunkLosses", "Loss of each truncated-BPTT chunk of the last ComputeGradients (one entry without truncation).");
        Property(w, $"{Names.Span}<{t}>", "InitialHidden", "_initialHidden", "Initial hidden state h_0, [layers*directions][H]; zero unless set.");
        Property(w, $"{Names.ReadOnlySpan}<{t}>", "FinalHidden", "_finalHidden", "Hidden state h_n after the last Forward or ComputeGradients.");
        Property(w, $"{Names.ReadOnlySpan}<{t}>", "InitialHiddenGradient", "_initialHiddenGradient", "Gradient of the last ComputeGradients loss on InitialHidden.");
        if (m.HasCellState)
        {
            Property(w, $"{Names.Span}<{t}>", "InitialCell", "_initialCell", "Initial LSTM cell state c_0, [LSTM layers*directions][H]; zero unless set.");
            Property(w, $"{Names.ReadOnlySpan}<{t}>", "FinalCell", "_finalCell", "LSTM cell state c_n after the last Forward or ComputeGradients.");
            Property(w, $"{Names.ReadOnlySpan}<{t}>", "InitialCellGradient", "_initialCellGradient", "Gradient of the last ComputeGradients loss on InitialCell.");
        }
        w.Summary("Sets every gradient to zero.");
        w.Line("public void ZeroGradients() => global::System.Array.Clear(_gradients);");
        w.Line();
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
