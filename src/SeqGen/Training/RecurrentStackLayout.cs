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
/// <param name="BiasHh">Offset of b_hh ([gates x H]), or -1 for a single-bias layer (Keras's counting: b_hh is zero and not trained).</param>
/// <param name="StateOffset">Offset of the layer's h in InitialHidden.</param>
/// <param name="CellStateOffset">Offset of an LSTM layer's c in InitialCell (unused for other cells).</param>
/// <param name="Reverse">The reverse direction of a bidirectional layer: it follows the layer's forward direction in the list, walks the sequence backwards, and its output is concatenated after the forward one's.</param>
public readonly record struct RecurrentLayerLayout(StackCell Cell, int HiddenSize, int WeightIh, int WeightHh, int BiasIh, int BiasHh, int StateOffset, int CellStateOffset, bool Reverse = false)
{
    /// <summary>Gate rows: 4H (LSTM), 3H (GRU) or H (RNN).</summary>
    public int GateWidth => Cell switch { StackCell.Lstm => 4, StackCell.Gru => 3, _ => 1 } * HiddenSize;
}

/// <summary>
/// The shape of a model that <see cref="BatchedRecurrentGradients{T}"/> can train: a stack of
/// plain LSTM, GRU and RNN layers (one direction, or two concatenated) and a linear head, read at every step
/// (ManyToMany) or from the last layer's final state (ManyToOne), under mean squared error or
/// cross-entropy. Generated models of that shape make one of these from their constants.
/// </summary>
public sealed class RecurrentStackLayout
{
    private readonly RecurrentLayerLayout[] _layers;

    private readonly int[] _layerStarts;

    /// <summary>
    /// Describes the model; throws if the sizes cannot describe a stack. <paramref name="layers"/>
    /// lists every direction, lowest layer first; a bidirectional layer's reverse direction
    /// (<see cref="RecurrentLayerLayout.Reverse"/>) follows its forward one, with the same cell and size.
    /// </summary>
    public RecurrentStackLayout(int inputSize, int steps, int outputSize, bool manyToOne, bool crossEntropy, RecurrentLayerLayout[] layers, int headWeight, int headBias)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (inputSize < 1 || steps < 1 || outputSize < 1 || layers.Length == 0
            || Array.Exists(layers, l => l.HiddenSize < 1 || !Enum.IsDefined(l.Cell)))
        {
            throw new ArgumentException($"A recurrent stack needs positive input size, steps, output size and hidden sizes, known cells and at least one layer; got inputs {inputSize}, steps {steps}, outputs {outputSize} and {layers.Length} layers.");
        }
        var starts = new System.Collections.Generic.List<int>();
        for (int i = 0; i < layers.Length; i++)
        {
            if (!layers[i].Reverse)
            {
                starts.Add(i);
            }
            else if (i == 0 || layers[i - 1].Reverse || layers[i - 1].Cell != layers[i].Cell || layers[i - 1].HiddenSize != layers[i].HiddenSize)
            {
                throw new ArgumentException($"Direction {i} is a reverse direction, but does not follow a forward direction of the same cell and size.", nameof(layers));
            }
        }
        _layerStarts = starts.ToArray();
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

    /// <summary>Every direction of every layer, lowest layer first.</summary>
    public ReadOnlySpan<RecurrentLayerLayout> Layers => _layers;

    /// <summary>Layers in the stack (a bidirectional layer counts once).</summary>
    public int LayerCount => _layerStarts.Length;

    /// <summary>The directions of layer <paramref name="layer"/>: one, or forward then reverse.</summary>
    public ReadOnlySpan<RecurrentLayerLayout> Directions(int layer)
    {
        int start = _layerStarts[layer], end = layer + 1 < _layerStarts.Length ? _layerStarts[layer + 1] : _layers.Length;
        return _layers.AsSpan(start, end - start);
    }

    /// <summary>Width of layer <paramref name="layer"/>'s output: its directions' H side by side.</summary>
    public int OutputWidth(int layer)
    {
        int width = 0;
        foreach (RecurrentLayerLayout direction in Directions(layer))
        {
            width += direction.HiddenSize;
        }
        return width;
    }

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

    /// <summary>Width of layer <paramref name="layer"/>'s input: the model's input or the layer below's output.</summary>
    public int InputWidth(int layer) => layer == 0 ? InputSize : OutputWidth(layer - 1);
}
