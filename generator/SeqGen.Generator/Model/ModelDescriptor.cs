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
internal sealed record TensorDescriptor(string Name, int Rows, int Columns, int Offset)
{
    /// <summary>A vector (bias) has <see cref="Columns"/> 0 and PyTorch shape [Rows].</summary>
    public bool IsMatrix => Columns > 0;

    public int Length => IsMatrix ? Rows * Columns : Rows;
}

/// <summary>Flat-vector offsets of one direction's four tensors.</summary>
internal sealed record DirectionWeights(int WeightIh, int WeightHh, int BiasIh, int BiasHh);

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
    EquatableArray<DirectionWeights> Weights)
{
    /// <summary>Gates per unit: 1 (RNN), 4 (LSTM i,f,g,o), 3 (GRU r,z,n).</summary>
    public int GateCount => Cell switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 };

    public int GateWidth => GateCount * HiddenSize;

    /// <summary>Width of this layer's per-step output: both directions concatenated.</summary>
    public int OutputWidth => Directions * HiddenSize;

    public bool HasCellState => Cell == CellKind.Lstm;

    /// <summary>Whether each step keeps W_hn h + b_hn for the backward pass (GRU reset-after).</summary>
    public bool CachesRecurrentN => Cell == CellKind.Gru && !ResetBefore;

    /// <summary>Multiply-adds of one step of both products (W_ih x and W_hh h) in every direction.</summary>
    public long MultiplyAddsPerStep => (long)Directions * GateWidth * (InputWidth + HiddenSize);

    public string CellName => Cell switch { CellKind.Lstm => "LSTM", CellKind.Gru => ResetBefore ? "GRU (reset before)" : "GRU", _ => Relu ? "RNN (relu)" : "RNN (tanh)" };
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
    int CellStateLength)
{
    public string ElementType => IsDouble ? "double" : "float";

    public LayerDescriptor TopLayer => Layers[Layers.Count - 1];

    public int HeadInputWidth => TopLayer.OutputWidth;

    public int OutputSteps => Topology == TopologyKind.ManyToOne ? 1 : Steps;

    /// <summary>OneToMany takes one input vector; the other topologies a whole sequence.</summary>
    public int InputLength => Topology == TopologyKind.OneToMany ? InputSize : Steps * InputSize;

    public int OutputLength => OutputSteps * OutputSize;

    /// <summary>Steps per backpropagation chunk (the whole sequence unless truncated).</summary>
    public int ChunkLength => TruncatedBptt > 0 ? TruncatedBptt : Steps;

    public int ChunkCount => (Steps + ChunkLength - 1) / ChunkLength;

    public bool IsBidirectional => Layers.Any(l => l.Directions == 2);

    public bool HasCellState => CellStateLength > 0;

    public int MaxGateWidth => Layers.Max(l => l.GateWidth);

    public int MaxHiddenSize => Layers.Max(l => l.HiddenSize);

    public bool HasResetBeforeGru => Layers.Any(l => l.Cell == CellKind.Gru && l.ResetBefore);

    public bool HasResetAfterGru => Layers.Any(l => l.Cell == CellKind.Gru && !l.ResetBefore);

    /// <summary>Multiply-adds of one time step through every layer and direction, plus one head evaluation.</summary>
    public long MultiplyAddsPerStep => Layers.Sum(l => l.MultiplyAddsPerStep) + (long)OutputSize * HeadInputWidth;

    public string FullName => Type.Namespace is null ? Type.Name : Type.Namespace + "." + Type.Name;
}
