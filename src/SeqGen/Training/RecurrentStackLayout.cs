using System;

namespace SeqGen;

/// <summary>The cell of one layer of a <see cref="RecurrentStackLayout"/>.</summary>
public enum StackCell
{
    /// <summary>PyTorch's LSTM: gates i, f, g, o.</summary>
    Lstm = 0,
    /// <summary>PyTorch's GRU (reset applied after the recurrent product): gates r, z, n.</summary>
    Gru = 1,
    /// <summary>PyTorch's RNN with tanh.</summary>
    RnnTanh = 2,
    /// <summary>PyTorch's RNN with relu.</summary>
    RnnRelu = 3,
}

/// <summary>Where one recurrent layer's tensors sit in a model's parameter vector, and where its state sits in the initial-state vectors.</summary>
/// <param name="Cell">The layer's cell.</param>
/// <param name="HiddenSize">H.</param>
/// <param name="WeightIh">Offset of W_ih, input-major ([inputs][gates x H]).</param>
/// <param name="WeightHh">Offset of W_hh ([H][gates x H]).</param>
/// <param name="BiasIh">Offset of b_ih ([gates x H]).</param>
/// <param name="BiasHh">Offset of b_hh ([gates x H]).</param>
/// <param name="StateOffset">Offset of the layer's h in InitialHidden.</param>
/// <param name="CellStateOffset">Offset of an LSTM layer's c in InitialCell (unused for other cells).</param>
public readonly record struct RecurrentLayerLayout(StackCell Cell, int HiddenSize, int WeightIh, int WeightHh, int BiasIh, int BiasHh, int StateOffset, int CellStateOffset)
{
    /// <summary>Gate rows: 4H (LSTM), 3H (GRU) or H (RNN).</summary>
    public int GateWidth => Cell switch { StackCell.Lstm => 4, StackCell.Gru => 3, _ => 1 } * HiddenSize;
}

/// <summary>
/// The shape of a model that <see cref="BatchedRecurrentGradients{T}"/> can train: a stack of
/// plain unidirectional LSTM, GRU and RNN layers and a linear head, read at every step
/// (ManyToMany) or from the last layer's final state (ManyToOne), under mean squared error or
/// cross-entropy. Generated models of that shape make one of these from their constants.
/// </summary>
public sealed class RecurrentStackLayout
{
    private readonly RecurrentLayerLayout[] _layers;

    /// <summary>Describes the model; throws if the sizes cannot describe a stack.</summary>
    public RecurrentStackLayout(int inputSize, int steps, int outputSize, bool manyToOne, bool crossEntropy, RecurrentLayerLayout[] layers, int headWeight, int headBias)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (inputSize < 1 || steps < 1 || outputSize < 1 || layers.Length == 0
            || Array.Exists(layers, l => l.HiddenSize < 1 || !Enum.IsDefined(l.Cell)))
        {
            throw new ArgumentException($"A recurrent stack needs positive input size, steps, output size and hidden sizes, known cells and at least one layer; got inputs {inputSize}, steps {steps}, outputs {outputSize} and {layers.Length} layers.");
        }
        InputSize = inputSize;
        Steps = steps;
        OutputSize = outputSize;
        ManyToOne = manyToOne;
        CrossEntropy = crossEntropy;
        _layers = (RecurrentLayerLayout[])layers.Clone();
        HeadWeight = headWeight;
        HeadBias = headBias;
    }

    /// <summary>Inputs per step.</summary>
    public int InputSize { get; }

    /// <summary>Steps per sequence.</summary>
    public int Steps { get; }

    /// <summary>Head outputs per output step.</summary>
    public int OutputSize { get; }

    /// <summary>Whether the head reads only the top layer's final state (one output step), else every step's output.</summary>
    public bool ManyToOne { get; }

    /// <summary>Cross-entropy over logits with class-index targets, else mean squared error.</summary>
    public bool CrossEntropy { get; }

    /// <summary>The layers, lowest first.</summary>
    public ReadOnlySpan<RecurrentLayerLayout> Layers => _layers;

    /// <summary>Offset of the head's weight, input-major ([top H][OutputSize]).</summary>
    public int HeadWeight { get; }

    /// <summary>Offset of the head's bias ([OutputSize]).</summary>
    public int HeadBias { get; }

    /// <summary>Output steps per sequence: 1 for ManyToOne, else Steps.</summary>
    public int OutputSteps => ManyToOne ? 1 : Steps;

    /// <summary>Values of one sequence's input, [Steps][InputSize].</summary>
    public int InputLength => Steps * InputSize;

    /// <summary>Values of one sequence's regression targets, [OutputSteps][OutputSize]; class targets are OutputSteps indices.</summary>
    public int OutputLength => OutputSteps * OutputSize;

    /// <summary>Width of layer <paramref name="index"/>'s input: the model's input or the layer below's H.</summary>
    public int InputWidth(int index) => index == 0 ? InputSize : _layers[index - 1].HiddenSize;
}
