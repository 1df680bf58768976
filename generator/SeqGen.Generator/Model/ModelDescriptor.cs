using System;
using System.Linq;

namespace SeqGen.Generator.Model;

/// <summary>Mirrors <c>SeqGen.Topology</c>.</summary>
internal enum TopologyKind
{
    ManyToOne = 0,
    ManyToMany = 1,
    OneToMany = 2,
    EncoderDecoder = 3,
}

/// <summary>Mirrors <c>SeqGen.LossKind</c>.</summary>
internal enum LossFunction
{
    MeanSquaredError = 0,
    CrossEntropy = 1,
}

/// <summary>One named parameter tensor: PyTorch name and shape, and where it sits in the flat vector.</summary>
internal sealed record TensorDescriptor(string Name, int Rows, int Columns, int Offset, int Depth = 0)
{
    /// <summary>A vector (bias) has <see cref="Columns"/> 0 and PyTorch shape [Rows].</summary>
    public bool IsMatrix => Columns > 0 && Depth == 0;

    /// <summary>A 3-D tensor (a Conv1d weight [out, in, kernel]) has <see cref="Depth"/> > 0; it is stored in PyTorch layout.</summary>
    public bool Is3D => Depth > 0;

    public int Length => Is3D ? Rows * Columns * Depth : IsMatrix ? Rows * Columns : Rows;

    /// <summary>The PyTorch shape's dimensions, comma-separated: "4, 3" or "8, 4, 2".</summary>
    public string ShapeText => Is3D ? $"{Rows}, {Columns}, {Depth}" : IsMatrix ? $"{Rows}, {Columns}" : $"{Rows}";
}

/// <summary>Mirrors <c>SeqGen.WeightStorage</c>.</summary>
internal enum WeightStorageKind
{
    Single = 0,
    Half = 1,
    BFloat16 = 2,
}

/// <summary>Mirrors <c>SeqGen.AttentionKind</c>.</summary>
internal enum AttentionScoring
{
    ScaledDot = 0,
    Dot = 1,
    General = 2,
    Additive = 3,
}

/// <summary>
/// An encoder-decoder's attention and the flat-vector offsets of its parameters (-1 where the
/// kind has none): General's W; Additive's query (Wa), key (Ua) and score (Va) projections.
/// </summary>
internal sealed record AttentionDescriptor(
    AttentionScoring Scoring,
    int Width,
    int Weight = -1,
    int QueryWeight = -1,
    int QueryBias = -1,
    int KeyWeight = -1,
    int KeyBias = -1,
    int ScoreWeight = -1,
    int ScoreBias = -1,
    bool Hard = false)
{
    public bool IsAdditive => Scoring == AttentionScoring.Additive;

    /// <summary>The factor on s . h_i: 1/sqrt(E) for ScaledDot, 1 for Dot and General.</summary>
    public double Scale => Scoring == AttentionScoring.ScaledDot ? 1 / Math.Sqrt(Width) : 1;

    /// <summary>Multiply-adds of one decoder step's scores and context over <paramref name="steps"/> encoder outputs.</summary>
    public long MultiplyAddsPerStep(int steps) =>
        2L * steps * Width + Scoring switch { AttentionScoring.General => (long)Width * Width, AttentionScoring.Additive => (long)Width * Width + (long)steps * Width, _ => 0 };
}

/// <summary>
/// Flat-vector offsets of one direction's tensors; <see cref="BiasHh"/> is -1 with a single bias, both biases
/// are -1 in a layer-normalized cell, whose LN tensors start at <see cref="LayerNorm"/>.
/// </summary>
internal sealed record DirectionWeights(int WeightIh, int WeightHh, int BiasIh, int BiasHh, int WeightHr = -1, int Peephole = -1, int LayerNorm = -1)
{
    /// <summary>Where the direction's last tensor ends.</summary>
    public int End(LayerDescriptor layer) =>
        LayerNorm >= 0 ? LayerNorm + layer.LayerNormParametersPerDirection
        : Peephole >= 0 ? Peephole + 3 * layer.HiddenSize
        : WeightHr >= 0 ? WeightHr + layer.ProjectionSize * layer.HiddenSize
        : (BiasHh >= 0 ? BiasHh : BiasIh) + layer.GateWidth;
}

/// <summary>One recurrent layer after expansion of <c>Layers = n</c>: layer k of the whole stack.</summary>
internal sealed record LayerDescriptor(
    int Index,
    CellKind Cell,
    int HiddenSize,
    int InputWidth,
    int Directions,
    bool Relu,
    bool ResetBefore,
    int StateOffset,
    int CellStateOffset,
    EquatableArray<DirectionWeights> Weights,
    bool SingleBias = false,
    int ProjectionSize = 0,
    int MergeMode = 0,
    bool Peephole = false,
    bool CoupledGates = false,
    LayerKind Kind = LayerKind.Recurrent,
    AttentionLayerDescriptor? Attention = null,
    TemporalConvDescriptor? TemporalConv = null,
    bool LayerNorm = false,
    double CellClip = 0)
{
    /// <summary>Whether an LSTM clips its cell state to [-CellClip, CellClip].</summary>
    public bool IsCellClipped => CellClip > 0;

    /// <summary>LN tensors of one direction: weight and bias over each product (2 x 2 x gate width), and LN_c's (2 x H) for an LSTM.</summary>
    public int LayerNormParametersPerDirection => LayerNorm ? 4 * GateWidth + (HasCellState ? 2 * HiddenSize : 0) : 0;

    /// <summary>
    /// Per step, what a layer-normalized cell keeps for the backward pass: x_hat of LN_ih and LN_hh (gate width
    /// each), of LN_c (H, LSTM), then the rstd of each (2 or 3 values).
    /// </summary>
    public int LayerNormCacheWidth => !LayerNorm ? 0 : HasCellState ? 2 * GateWidth + HiddenSize + 3 : 2 * GateWidth + 2;

    /// <summary>Whether the layer carries state from step to step (RNN, LSTM, GRU).</summary>
    public bool IsRecurrent => Kind == LayerKind.Recurrent;

    /// <summary>
    /// Whether the backward step leaves its gate gradient in the gate cache and the chunk's weight and
    /// bias gradients are formed after the loop: cells whose input and recurrent products share one gate
    /// gradient (RNN, LSTM, reset-after GRU; not the layer-normalized or reset-before cells).
    /// </summary>
    public bool DefersWeightGradients => IsRecurrent && !LayerNorm && !(Cell == CellKind.Gru && ResetBefore);

    /// <summary>Whether the two directions' outputs are merged (sum, average, multiply) rather than concatenated.</summary>
    public bool IsMerged => MergeMode != 0 && Directions == 2;

    /// <summary>Width of the directions' outputs side by side, [forward ; reverse], as the layer computes them.</summary>
    public int ConcatWidth => Directions * StateWidth;

    /// <summary>Parameters of one direction: both weight matrices, one or two bias vectors, and the projection.</summary>
    public int ParametersPerDirection =>
        Attention is { } attention ? attention.ParameterCount
        : TemporalConv is { } conv ? conv.ParameterCount
        : GateWidth * (InputWidth + StateWidth + (LayerNorm ? 0 : SingleBias ? 1 : 2)) + ProjectionSize * HiddenSize + (Peephole ? 3 * HiddenSize : 0) + LayerNormParametersPerDirection;

    public bool IsProjected => ProjectionSize > 0;

    /// <summary>Width of the hidden state h (what the next step, layer and head read): the projection's, else H.</summary>
    public int StateWidth => IsProjected ? ProjectionSize : HiddenSize;

    /// <summary>Whether this is an encoder-decoder's decoder rather than a layer of the stack.</summary>
    public bool IsDecoder => Index < 0;

    /// <summary>Prefix of its generated members: <c>Layer2</c> or <c>Decoder</c>.</summary>
    public string Prefix => IsDecoder ? "Decoder" : $"Layer{Index}";

    /// <summary>How generated comments name it: "layer 2" or "the decoder".</summary>
    public string Title => IsDecoder ? "the decoder" : $"layer {Index}";

    /// <summary>Gates per unit: 1 (RNN), 4 (LSTM i,f,g,o; 3 with coupled gates: f,g,o), 3 (GRU r,z,n).</summary>
    public int GateCount => Cell switch { CellKind.Lstm => CoupledGates ? 3 : 4, CellKind.Gru => 3, _ => 1 };

    public int GateWidth => GateCount * HiddenSize;

    /// <summary>Width of this layer's per-step output: both directions concatenated.</summary>
    public int OutputWidth => IsMerged ? StateWidth : ConcatWidth;

    public bool HasCellState => Cell == CellKind.Lstm;

    /// <summary>Whether each step keeps W_hn h + b_hn for the backward pass (GRU reset-after).</summary>
    public bool CachesRecurrentN => Cell == CellKind.Gru && !ResetBefore;

    /// <summary>Multiply-adds of one step of both products (W_ih x and W_hh h) in every direction.</summary>
    public long MultiplyAddsPerStep =>
        Attention is { } attention ? attention.MultiplyAddsPerStep(0)
        : TemporalConv is { } conv ? conv.MultiplyAddsPerStep
        : (long)Directions * (GateWidth * (InputWidth + StateWidth) + (long)ProjectionSize * HiddenSize);

    public string CellName =>
        Attention is { } attention ? attention.Title
        : TemporalConv is { } conv ? conv.Name
        : (LayerNorm ? "layer-normalized " : "") + Cell switch { CellKind.Lstm => "LSTM", CellKind.Gru => ResetBefore ? "GRU (reset before)" : "GRU", _ => Relu ? "RNN (relu)" : "RNN (tanh)" }
            + (IsCellClipped ? $" (cell clip {CellClip.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})" : "");
}

/// <summary>
/// A validated model: everything the emitters need, as values. Built by
/// <see cref="Validation.ModelValidator"/>; consumed by <see cref="Emit.ModelEmitter"/>.
/// </summary>
internal sealed record ModelDescriptor(
    TypeDeclaration Type,
    TopologyKind Topology,
    LossFunction Loss,
    bool IsDouble,
    int InputSize,
    int Steps,
    int OutputSize,
    int TruncatedBptt,
    EquatableArray<LayerDescriptor> Layers,
    EquatableArray<TensorDescriptor> Tensors,
    int HeadWeightOffset,
    int HeadBiasOffset,
    int ParameterCount,
    int StateLength,
    int CellStateLength,
    int DecoderSteps = 0,
    LayerDescriptor? Decoder = null,
    AttentionDescriptor? Attention = null,
    bool FeedBack = false,
    Weights.EmbeddedWeights? EmbeddedWeights = null,
    WeightStorageKind WeightStorage = WeightStorageKind.Single,
    bool OmitBatchedGradients = false)
{
    /// <summary>Whether Step reads a 16-bit copy of the plain LSTM and RNN layers' weights (WeightStorage.Half or BFloat16).</summary>
    public bool HasSixteenBitWeights => WeightStorage != WeightStorageKind.Single;

    /// <summary>
    /// The layers whose W_ih and W_hh the streaming Step reads from a 16-bit copy: the LSTM and RNN
    /// layers without layer normalization, and with BFloat16 the GRU layers that
    /// <see cref="UsesGateBlocks"/>.
    /// </summary>
    public System.Collections.Generic.IEnumerable<LayerDescriptor> HalfWeightLayers =>
        HasSixteenBitWeights ? Layers.Where(l => l.IsRecurrent && !l.LayerNorm && (l.Cell != CellKind.Gru || UsesGateBlocks(l))) : Enumerable.Empty<LayerDescriptor>();

    /// <summary>
    /// Whether a layer's BFloat16 copy is kept in 16-unit gate blocks and its Step is one call of
    /// BFloat16GateBlocks: a plain LSTM (no peepholes, coupled gates, clip or projection) or a
    /// reset-after GRU, with H a multiple of 16, both biases and no layer normalization.
    /// </summary>
    public bool UsesGateBlocks(LayerDescriptor l) =>
        WeightStorage == WeightStorageKind.BFloat16 && l.IsRecurrent && !l.LayerNorm && !l.SingleBias && !l.IsProjected && l.HiddenSize % 16 == 0
        && ((l.Cell == CellKind.Lstm && !l.CoupledGates && !l.Peephole && !l.IsCellClipped) || (l.Cell == CellKind.Gru && !l.ResetBefore));

    public bool IsEncoderDecoder => Topology == TopologyKind.EncoderDecoder;

    /// <summary>Whether outputs are chosen one step at a time from the previous output (EncoderDecoder, or OneToMany with FeedBack).</summary>
    public bool IsAutoregressive => IsEncoderDecoder || FeedBack;

    /// <summary>The recurrent layers of the stack, then the decoder if any: every layer whose scratch the model holds.</summary>
    public System.Collections.Generic.IEnumerable<LayerDescriptor> AllLayers => Decoder is null ? Layers : Layers.Concat(new[] { Decoder });

    public string ElementType => IsDouble ? "double" : "float";

    public LayerDescriptor TopLayer => Layers[Layers.Count - 1];

    /// <summary>Width of the encoder's outputs (directions * H of the top layer): the decoder's hidden size.</summary>
    public int EncodedWidth => TopLayer.OutputWidth;

    /// <summary>The head reads the top layer's output, or an encoder-decoder's [s ; context] (s alone without attention).</summary>
    public int HeadInputWidth => IsEncoderDecoder ? (Attention is null ? EncodedWidth : 2 * EncodedWidth) : TopLayer.OutputWidth;

    public int OutputSteps => Topology switch { TopologyKind.ManyToOne => 1, TopologyKind.EncoderDecoder => DecoderSteps, _ => Steps };

    /// <summary>OneToMany takes one input vector; the other topologies a whole sequence.</summary>
    public int InputLength => Topology == TopologyKind.OneToMany ? InputSize : Steps * InputSize;

    public int OutputLength => OutputSteps * OutputSize;

    /// <summary>Steps per backpropagation chunk (the whole sequence unless truncated).</summary>
    public int ChunkLength => TruncatedBptt > 0 ? TruncatedBptt : Steps;

    public int ChunkCount => (Steps + ChunkLength - 1) / ChunkLength;

    public bool IsBidirectional => Layers.Any(l => l.Directions == 2);

    /// <summary>Whether a layer of the stack attends over the whole sequence (no streaming Step).</summary>
    public bool HasAttentionLayers => Layers.Any(l => l.Attention is not null);

    /// <summary>Whether the model streams (Step, ResetState): not bidirectional, not an encoder-decoder, no attention layer.</summary>
    public bool HasStep => !IsBidirectional && !IsEncoderDecoder && !HasAttentionLayers;

    /// <summary>
    /// Whether Forward runs each layer over the sequence with its state in place (Step's arithmetic)
    /// and caches nothing for a backward pass (ComputeGradients keeps the caching pass): a streaming model fed its input (not its own
    /// outputs) whose layers are all recurrent (a convolution's step would move Step's ring buffers)
    /// and whose Step reads the parameters themselves (a Step reading 16-bit copies would change Forward's results).
    /// </summary>
    public bool ForwardSteps => HasStep && !IsAutoregressive && !HasSixteenBitWeights && Layers.All(l => l.IsRecurrent);

    public bool HasCellState => CellStateLength > 0;

    /// <summary>
    /// Whether the model gets ComputeBatchGradients (several sequences in lockstep, the runtime's
    /// BatchedRecurrentGradients): a model that <see cref="IsBatchable"/>, unless its batch workspace
    /// would exceed [Budget(MaxWorkspaceBytes)] (SEQ0305).
    /// </summary>
    public bool HasBatchedGradients => !OmitBatchedGradients && IsBatchable;

    /// <summary>
    /// Whether the model's shape allows ComputeBatchGradients: a stack of plain LSTM, GRU
    /// (reset-after, PyTorch's) and RNN layers, one direction or two concatenated, read at every
    /// step or at the last, trained over the whole sequence at once.
    /// (<see cref="OmitBatchedGradients"/> turns it off when its workspace would exceed the budget.)
    /// </summary>
    public bool IsBatchable =>
        (Topology == TopologyKind.ManyToMany || Topology == TopologyKind.ManyToOne) && ChunkCount == 1 && !FeedBack && Decoder is null && Attention is null
        && Layers.All(l => l.IsRecurrent && !(l.Cell == CellKind.Gru && l.ResetBefore) && !l.IsMerged && !l.LayerNorm && !l.Peephole && !l.CoupledGates
            && !l.IsCellClipped && !l.IsProjected);

    public int MaxGateWidth => AllLayers.Max(l => l.GateWidth);

    public int MaxHiddenSize => AllLayers.Max(l => l.HiddenSize);

    public bool HasResetBeforeGru => AllLayers.Any(l => l.Cell == CellKind.Gru && l.ResetBefore);

    public bool HasResetAfterGru => AllLayers.Any(l => l.Cell == CellKind.Gru && !l.ResetBefore);

    public bool HasSingleBias => AllLayers.Any(l => l.SingleBias);

    public bool HasProjection => AllLayers.Any(l => l.IsProjected);

    public bool HasLayerNorm => AllLayers.Any(l => l.LayerNorm);

    public int MaxLayerNormCacheWidth => AllLayers.Max(l => l.LayerNormCacheWidth);

    /// <summary>
    /// Multiply-adds of one time step through every layer and direction, plus one head evaluation;
    /// for an encoder-decoder, one encoder step plus one decoder step with its attention.
    /// </summary>
    public long MultiplyAddsPerStep => Layers.Sum(l => l.Attention is { } a ? a.MultiplyAddsPerStep(Steps) : l.MultiplyAddsPerStep) + (long)OutputSize * HeadInputWidth
        + (Decoder?.MultiplyAddsPerStep ?? 0) + (Attention?.MultiplyAddsPerStep(Steps) ?? 0);

    public string FullName => Type.Namespace is null ? Type.Name : Type.Namespace + "." + Type.Name;
}
