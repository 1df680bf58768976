using System;
using System.Numerics;
using SeqGen.Lanes;
using SeqGen.Numerics;

namespace SeqGen;

/// <summary>
/// Forward and backward through time for a batch of sequences of one recurrent stack
/// (<see cref="RecurrentStackLayout"/>: LSTM, GRU and RNN layers, one or two directions), <see cref="Lanes"/> sequences
/// in lockstep: at each step the weight products of all of them are one matrix-matrix product
/// (<see cref="LaneProducts"/>), so each weight is read once per step for the group instead of once
/// per sequence. The result is the sum of what <c>ComputeGradients</c> gives one sequence at a
/// time, up to the order of the floating-point sums. Generated models of that shape hold one of
/// these, made on first use.
/// </summary>
/// <remarks>
/// Parameters, gradients and initial states are the model's own spans, passed in on each call;
/// this object holds only the workspace (the per-step caches of <see cref="Lanes"/> sequences and
/// the packed weights), so after construction a call allocates nothing. Unlike the one-sequence
/// method it does not write the model's Outputs, InputGradient, ChunkLosses, final states or the
/// gradients on the initial state.
/// </remarks>
public sealed class BatchedRecurrentGradients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Sequences computed in lockstep; a batch is taken in groups of this many.</summary>
    public const int Lanes = LaneLayer<T>.Lanes;

    private readonly RecurrentStackLayout _layout;
    private readonly LaneLayerGroup<T>[] _layers;
    private readonly T[] _outputs;    // [lane][OutputLength]
    private readonly T[] _dOutputs;   // [lane][OutputLength]
    private readonly T[] _features;   // ManyToOne: [lane][top width], the final states the head reads
    private readonly T[] _dFeatures;  // ManyToOne: the gradient on them

    /// <summary>Allocates the workspace of <see cref="Lanes"/> sequences of <paramref name="layout"/>.</summary>
    public BatchedRecurrentGradients(RecurrentStackLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
        _layers = new LaneLayerGroup<T>[layout.LayerCount];
        for (int l = 0; l < _layers.Length; l++)
        {
            _layers[l] = new LaneLayerGroup<T>(layout.Directions(l), layout.InputWidth(l), layout.Steps);
        }
        _outputs = new T[Lanes * layout.OutputLength];
        _dOutputs = new T[Lanes * layout.OutputLength];
        int features = layout.ManyToOne ? Lanes * layout.OutputWidth(_layers.Length - 1) : 0;
        _features = new T[features];
        _dFeatures = new T[features];
    }

    /// <summary>The stack this workspace is for.</summary>
    public RecurrentStackLayout Layout => _layout;

    /// <summary>
    /// Adds into <paramref name="gradients"/> the gradients of <paramref name="count"/> sequences
    /// under mean squared error and returns their summed loss. <paramref name="inputs"/> holds
    /// [count][Steps][InputSize], <paramref name="targets"/> [count][OutputSteps][OutputSize].
    /// </summary>
    public T ComputeGradients(ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> initialHidden, ReadOnlySpan<T> initialCell,
        ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int count)
    {
        if (_layout.CrossEntropy)
        {
            throw new InvalidOperationException("This stack is trained under cross-entropy: pass class-index targets.");
        }
        CheckBatch(inputs.Length, targets.Length, _layout.OutputLength, count, "targets");
        return ComputeGroups(parameters, gradients, initialHidden, initialCell, inputs, targets, default, count);
    }

    /// <summary>
    /// The same under cross-entropy: <paramref name="targets"/> holds [count][OutputSteps] class
    /// indices (checked by the caller to lie in [0, OutputSize)).
    /// </summary>
    public T ComputeGradients(ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> initialHidden, ReadOnlySpan<T> initialCell,
        ReadOnlySpan<T> inputs, ReadOnlySpan<int> targets, int count)
    {
        if (!_layout.CrossEntropy)
        {
            throw new InvalidOperationException("This stack is trained under mean squared error: pass real-valued targets.");
        }
        CheckBatch(inputs.Length, targets.Length, _layout.OutputSteps, count, "targets");
        return ComputeGroups(parameters, gradients, initialHidden, initialCell, inputs, default, targets, count);
    }

    /// <summary>
    /// The forward pass alone for <paramref name="count"/> sequences, in lockstep groups: writes each
    /// sequence's head outputs to <paramref name="outputs"/> ([count][OutputSteps][OutputSize]), as
    /// the one-sequence <c>Forward</c> would up to rounding.
    /// </summary>
    public void Forward(ReadOnlySpan<T> parameters, ReadOnlySpan<T> initialHidden, ReadOnlySpan<T> initialCell,
        ReadOnlySpan<T> inputs, Span<T> outputs, int count)
    {
        CheckBatch(inputs.Length, outputs.Length, _layout.OutputLength, count, "outputs");
        foreach (LaneLayerGroup<T> layer in _layers)
        {
            layer.Pack(parameters);
        }
        int inputLength = _layout.InputLength, outputLength = _layout.OutputLength;
        for (int first = 0; first < count; first += Lanes)
        {
            int lanes = Math.Min(Lanes, count - first);
            ForwardLayers(parameters, initialHidden, initialCell, inputs.Slice(first * inputLength, lanes * inputLength), lanes);
            for (int k = 0; k < lanes; k++)
            {
                HeadOutputs(parameters, HeadFeatures(k), outputs.Slice((first + k) * outputLength, outputLength));
            }
        }
    }

    private void CheckBatch(int inputs, int targets, int targetLength, int count, string what)
    {
        if (count < 1 || inputs != (long)count * _layout.InputLength || targets != (long)count * targetLength)
        {
            throw new ArgumentException(
                $"A batch of {count} sequences needs {(long)count * _layout.InputLength} input values ([count][{_layout.Steps}][{_layout.InputSize}]) and {(long)count * targetLength} {what}, " +
                $"but got {inputs} and {targets} (count must be at least 1).");
        }
    }

    private T ComputeGroups(ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> initialHidden, ReadOnlySpan<T> initialCell,
        ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<int> classes, int count)
    {
        // the weights are fixed for the call: pack them once for the lockstep products
        foreach (LaneLayerGroup<T> layer in _layers)
        {
            layer.Pack(parameters);
        }
        T loss = T.Zero;
        int inputLength = _layout.InputLength, targetLength = _layout.CrossEntropy ? _layout.OutputSteps : _layout.OutputLength;
        for (int first = 0; first < count; first += Lanes)
        {
            int lanes = Math.Min(Lanes, count - first);
            ReadOnlySpan<T> groupInputs = inputs.Slice(first * inputLength, lanes * inputLength);
            ForwardLayers(parameters, initialHidden, initialCell, groupInputs, lanes);
            loss += HeadAndLoss(parameters, gradients,
                _layout.CrossEntropy ? default : targets.Slice(first * targetLength, lanes * targetLength),
                _layout.CrossEntropy ? classes.Slice(first * targetLength, lanes * targetLength) : default, lanes);
            for (int l = _layers.Length - 1; l >= 0; l--)
            {
                ReadOnlySpan<T> below = Below(l, groupInputs, out int belowStride);
                // the layer below gets its output gradient from here alone; the model's input gets none
                Span<T> dBelow = l == 0 ? default : _layers[l - 1].OutputGradient;
                dBelow.Clear();
                _layers[l].Backward(parameters, gradients, below, belowStride, dBelow, l == 0 ? 0 : _layers[l - 1].OutputGradientStride, lanes);
            }
        }
        return loss;
    }

    /// <summary>Every layer over the group's steps, lowest first.</summary>
    private void ForwardLayers(ReadOnlySpan<T> parameters, ReadOnlySpan<T> initialHidden, ReadOnlySpan<T> initialCell, ReadOnlySpan<T> groupInputs, int lanes)
    {
        for (int l = 0; l < _layers.Length; l++)
        {
            ReadOnlySpan<T> below = Below(l, groupInputs, out int belowStride);
            _layers[l].Forward(parameters, initialHidden, initialCell, below, belowStride, lanes);
        }
    }

    /// <summary>What the head reads of lane k: the top layer's output at every step (ManyToMany), or its final states (ManyToOne).</summary>
    private ReadOnlySpan<T> HeadFeatures(int k)
    {
        LaneLayerGroup<T> top = _layers[^1];
        int width = top.Width;
        if (_layout.ManyToOne)
        {
            top.CopyFinalStates(k, _features.AsSpan(k * width, width));
            return _features.AsSpan(k * width, width);
        }
        return top.Output.Slice(k * top.OutputStride, _layout.OutputSteps * width);
    }

    /// <summary>y_t = b + W features_t for each output step.</summary>
    private void HeadOutputs(ReadOnlySpan<T> parameters, ReadOnlySpan<T> features, Span<T> y)
    {
        int width = _layers[^1].Width, o = _layout.OutputSize;
        ReadOnlySpan<T> weight = parameters.Slice(_layout.HeadWeight, width * o);
        ReadOnlySpan<T> bias = parameters.Slice(_layout.HeadBias, o);
        for (int t = 0; t < _layout.OutputSteps; t++)
        {
            Span<T> yt = y.Slice(t * o, o);
            bias.CopyTo(yt);
            LinearAlgebra.AccumulateColumns(weight, o, features.Slice(t * width, width), yt);
        }
    }

    /// <summary>Layer l's input: the group's sequences for layer 0, else the output of the layer below.</summary>
    private ReadOnlySpan<T> Below(int l, ReadOnlySpan<T> inputs, out int laneStride)
    {
        laneStride = l == 0 ? _layout.InputLength : _layers[l - 1].OutputStride;
        return l == 0 ? inputs : _layers[l - 1].Output;
    }

    /// <summary>The head on the top layer, the loss, the head's gradients and the gradient on the top layer's outputs.</summary>
    private T HeadAndLoss(ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> targets, ReadOnlySpan<int> classes, int lanes)
    {
        LaneLayerGroup<T> top = _layers[^1];
        int width = top.Width, o = _layout.OutputSize;
        int outputSteps = _layout.OutputSteps, outputLength = _layout.OutputLength;
        ReadOnlySpan<T> weight = parameters.Slice(_layout.HeadWeight, width * o);
        Span<T> gradWeight = gradients.Slice(_layout.HeadWeight, width * o);
        Span<T> gradBias = gradients.Slice(_layout.HeadBias, o);
        Span<T> dTop = top.OutputGradient;
        dTop.Clear();
        T loss = T.Zero;
        for (int k = 0; k < lanes; k++)
        {
            ReadOnlySpan<T> features = HeadFeatures(k);
            Span<T> y = _outputs.AsSpan(k * outputLength, outputLength);
            Span<T> dy = _dOutputs.AsSpan(k * outputLength, outputLength);
            HeadOutputs(parameters, features, y);
            for (int t = 0; t < outputSteps; t++)
            {
                Span<T> yt = y.Slice(t * o, o);
                loss += _layout.CrossEntropy
                    ? Losses.CrossEntropy<T>(yt, classes[k * outputSteps + t], dy.Slice(t * o, o))
                    : Losses.MeanSquaredError<T>(yt, targets.Slice(k * outputLength + t * o, o), dy.Slice(t * o, o));
            }
            // dW += features^T dy and db += sum dy over the output steps; the gradient on what the head read is W^T dy
            StepGradients.AccumulateWeights(gradWeight, features, width, dy, o, outputSteps, reverseInputs: false);
            StepGradients.AccumulateBias(gradBias, dy, outputSteps);
            if (_layout.ManyToOne)
            {
                Span<T> dFeatures = _dFeatures.AsSpan(k * width, width);
                dFeatures.Clear();
                LinearAlgebra.AccumulateRowDots(weight, o, dy, dFeatures);
                top.AddFinalStateGradient(k, dFeatures);
            }
            else
            {
                for (int t = 0; t < outputSteps; t++)
                {
                    LinearAlgebra.AccumulateRowDots(weight, o, dy.Slice(t * o, o), dTop.Slice(k * top.OutputGradientStride + t * width, width));
                }
            }
        }
        return loss;
    }
}
