using System;
using System.Numerics;
using System.Numerics.Tensors;
using SeqGen.Numerics;

namespace SeqGen;

/// <summary>
/// Forward and backward through time for a batch of sequences of one LSTM stack
/// (<see cref="LstmStackLayout"/>), <see cref="Lanes"/> sequences in lockstep: at each step the
/// weight products of all of them are one matrix-matrix product (<see cref="LaneProducts"/>), so
/// each weight is read once per step for the group instead of once per sequence. The result is the
/// sum of what <c>ComputeGradients</c> gives one sequence at a time, up to the order of the
/// floating-point sums. Generated models of that shape hold one of these, made on first use.
/// </summary>
/// <remarks>
/// Parameters, gradients and initial states are the model's own spans, passed in on each call;
/// this object holds only the workspace (the per-step caches of <see cref="Lanes"/> sequences), so
/// after construction a call allocates nothing. Unlike the one-sequence method it does not write
/// the model's Outputs, InputGradient, ChunkLosses, final states or the gradients on the initial state.
/// </remarks>
public sealed class BatchedLstmGradients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Sequences computed in lockstep; a batch is taken in groups of this many.</summary>
    public const int Lanes = 8;

    // Each lane's block of a per-lane buffer starts this many elements after the previous lane's end.
    // Unpadded, the lanes' blocks at LSTM 16->128 are a multiple of 4 KB apart, so the four lanes a
    // kernel reads at once fall in the same L1 sets.
    private const int LanePadding = 16;

    private readonly LstmStackLayout _layout;
    private readonly T[][] _hidden;          // per layer: [lane][Steps + 1][H] (+ padding), row 0 the initial state
    private readonly T[][] _cell;            // per layer: [lane][Steps + 1][H]
    private readonly T[][] _gates;           // per layer: [lane][Steps][4H], activations, then their gradients
    private readonly T[][] _outputGradient;  // per layer: [lane][Steps][H], the gradient on its outputs
    private readonly T[][] _packedWeights;   // per layer: LaneProducts' packed W_ih and W_hh, packed on each call (empty if not packable)
    private readonly T[] _dh;                // [lane][max H]
    private readonly T[] _dc;                // [lane][max H]
    private readonly T[] _outputs;           // [lane][OutputLength]
    private readonly T[] _dOutputs;          // [lane][OutputLength]

    /// <summary>Allocates the workspace of <see cref="Lanes"/> sequences of <paramref name="layout"/>.</summary>
    public BatchedLstmGradients(LstmStackLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
        int layers = layout.Layers.Length, steps = layout.Steps, widest = 0;
        _hidden = new T[layers][];
        _cell = new T[layers][];
        _gates = new T[layers][];
        _outputGradient = new T[layers][];
        _packedWeights = new T[layers][];
        for (int l = 0; l < layers; l++)
        {
            int h = layout.Layers[l].HiddenSize;
            widest = Math.Max(widest, h);
            _hidden[l] = new T[Lanes * StateStride(h)];
            _cell[l] = new T[Lanes * StateStride(h)];
            _gates[l] = new T[Lanes * GateStride(h)];
            _outputGradient[l] = new T[Lanes * OutputStride(h)];
            _packedWeights[l] = new T[LaneProducts.PackedLength<T>(4 * h, layout.InputWidth(l), h)];
        }
        _dh = new T[Lanes * widest];
        _dc = new T[Lanes * widest];
        _outputs = new T[Lanes * layout.OutputLength];
        _dOutputs = new T[Lanes * layout.OutputLength];
    }

    /// <summary>The stack this workspace is for.</summary>
    public LstmStackLayout Layout => _layout;

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
        CheckBatch(inputs.Length, targets.Length, _layout.OutputLength, count);
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
        CheckBatch(inputs.Length, targets.Length, _layout.OutputSteps, count);
        return ComputeGroups(parameters, gradients, initialHidden, initialCell, inputs, default, targets, count);
    }

    private void CheckBatch(int inputs, int targets, int targetLength, int count)
    {
        if (count < 1 || inputs != (long)count * _layout.InputLength || targets != (long)count * targetLength)
        {
            throw new ArgumentException(
                $"A batch of {count} sequences needs {(long)count * _layout.InputLength} input values ([count][{_layout.Steps}][{_layout.InputSize}]) and {(long)count * targetLength} targets, " +
                $"but got {inputs} and {targets} (count must be at least 1).");
        }
    }

    /// <summary>Elements from one lane's h (or c) history to the next's: Steps + 1 rows of H, padded.</summary>
    private int StateStride(int h) => (_layout.Steps + 1) * h + LanePadding;

    /// <summary>Elements from one lane's gate cache to the next's: Steps rows of 4H, padded.</summary>
    private int GateStride(int h) => _layout.Steps * 4 * h + LanePadding;

    /// <summary>Elements from one lane's output gradient to the next's: Steps rows of H, padded.</summary>
    private int OutputStride(int h) => _layout.Steps * h + LanePadding;

    private T ComputeGroups(ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> initialHidden, ReadOnlySpan<T> initialCell,
        ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<int> classes, int count)
    {
        // the weights are fixed for the call: pack them once for the lockstep products
        for (int l = 0; l < _layout.Layers.Length; l++)
        {
            if (_packedWeights[l].Length > 0)
            {
                LstmLayerLayout layer = _layout.Layers[l];
                int g = 4 * layer.HiddenSize;
                LaneProducts.PackGateWeights(parameters.Slice(layer.WeightIh, g * _layout.InputWidth(l)), parameters.Slice(layer.WeightHh, g * layer.HiddenSize), g, _packedWeights[l]);
            }
        }
        T loss = T.Zero;
        int inputLength = _layout.InputLength, targetLength = _layout.CrossEntropy ? _layout.OutputSteps : _layout.OutputLength;
        for (int first = 0; first < count; first += Lanes)
        {
            int lanes = Math.Min(Lanes, count - first);
            ReadOnlySpan<T> groupInputs = inputs.Slice(first * inputLength, lanes * inputLength);
            for (int l = 0; l < _layout.Layers.Length; l++)
            {
                Forward(parameters, initialHidden, initialCell, groupInputs, l, lanes);
            }
            loss += HeadAndLoss(parameters, gradients,
                _layout.CrossEntropy ? default : targets.Slice(first * targetLength, lanes * targetLength),
                _layout.CrossEntropy ? classes.Slice(first * targetLength, lanes * targetLength) : default, lanes);
            for (int l = _layout.Layers.Length - 1; l >= 0; l--)
            {
                Backward(parameters, gradients, groupInputs, l, lanes);
            }
        }
        return loss;
    }

    /// <summary>Layer l over every step for <paramref name="lanes"/> sequences: the gate products of all lanes at once, then each lane's cell.</summary>
    private void Forward(ReadOnlySpan<T> parameters, ReadOnlySpan<T> initialHidden, ReadOnlySpan<T> initialCell, ReadOnlySpan<T> inputs, int l, int lanes)
    {
        LstmLayerLayout layer = _layout.Layers[l];
        int h = layer.HiddenSize, g = 4 * h, input = _layout.InputWidth(l), steps = _layout.Steps;
        int stateStride = StateStride(h), gateStride = GateStride(h);
        ReadOnlySpan<T> weightIh = parameters.Slice(layer.WeightIh, g * input);
        ReadOnlySpan<T> weightHh = parameters.Slice(layer.WeightHh, g * h);
        ReadOnlySpan<T> biasIh = parameters.Slice(layer.BiasIh, g);
        ReadOnlySpan<T> biasHh = parameters.Slice(layer.BiasHh, g);
        Span<T> hidden = _hidden[l], cell = _cell[l], gates = _gates[l];
        // layer 0 reads the inputs; a higher layer reads the rows after the initial state of the layer below
        ReadOnlySpan<T> below = l == 0 ? inputs : _hidden[l - 1].AsSpan(input);
        int belowStride = l == 0 ? _layout.InputLength : StateStride(input);

        for (int k = 0; k < lanes; k++)
        {
            initialHidden.Slice(layer.StateOffset, h).CopyTo(hidden.Slice(k * stateStride, h));
            initialCell.Slice(layer.CellStateOffset, h).CopyTo(cell.Slice(k * stateStride, h));
        }
        for (int t = 0; t < steps; t++)
        {
            // gates of every lane: b_ih + b_hh + W_ih x_t + W_hh h_{t-1}, one pass over the weights
            LaneProducts.GatePreActivations(weightIh, weightHh, _packedWeights[l], biasIh, biasHh,
                below.Slice(t * input), belowStride, hidden.Slice(t * h), stateStride, gates.Slice(t * g), gateStride, lanes);
            for (int k = 0; k < lanes; k++)
            {
                int state = k * stateStride + t * h;
                // activations in place; c_t = f*c_{t-1} + i*g; h_t = o*tanh(c_t)
                LstmCell.Forward(gates.Slice(k * gateStride + t * g, g), cell.Slice(state, h), cell.Slice(state + h, h), hidden.Slice(state + h, h));
            }
        }
    }

    /// <summary>The head on the top layer, the loss, the head's gradients and the gradient on the top layer's outputs.</summary>
    private T HeadAndLoss(ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> targets, ReadOnlySpan<int> classes, int lanes)
    {
        int top = _layout.Layers.Length - 1, h = _layout.Layers[top].HiddenSize, o = _layout.OutputSize, steps = _layout.Steps;
        int outputSteps = _layout.OutputSteps, outputLength = _layout.OutputLength, stateStride = StateStride(h), outputStride = OutputStride(h);
        ReadOnlySpan<T> weight = parameters.Slice(_layout.HeadWeight, h * o);
        ReadOnlySpan<T> bias = parameters.Slice(_layout.HeadBias, o);
        Span<T> gradWeight = gradients.Slice(_layout.HeadWeight, h * o);
        Span<T> gradBias = gradients.Slice(_layout.HeadBias, o);
        Span<T> dTop = _outputGradient[top];
        dTop.Clear();
        T loss = T.Zero;
        for (int k = 0; k < lanes; k++)
        {
            // ManyToMany reads h_1..h_T; ManyToOne only h_T
            ReadOnlySpan<T> features = _hidden[top].AsSpan(k * stateStride + (_layout.ManyToOne ? steps : 1) * h, outputSteps * h);
            Span<T> y = _outputs.AsSpan(k * outputLength, outputLength);
            Span<T> dy = _dOutputs.AsSpan(k * outputLength, outputLength);
            for (int t = 0; t < outputSteps; t++)
            {
                Span<T> yt = y.Slice(t * o, o);
                bias.CopyTo(yt);
                LinearAlgebra.AccumulateColumns(weight, o, features.Slice(t * h, h), yt);
                loss += _layout.CrossEntropy
                    ? Losses.CrossEntropy<T>(yt, classes[k * outputSteps + t], dy.Slice(t * o, o))
                    : Losses.MeanSquaredError<T>(yt, targets.Slice(k * outputLength + t * o, o), dy.Slice(t * o, o));
            }
            // dW += features^T dy and db += sum dy over the output steps; the gradient on each read state is W^T dy
            StepGradients.AccumulateWeights(gradWeight, features, h, dy, o, outputSteps, reverseInputs: false);
            StepGradients.AccumulateBias(gradBias, dy, outputSteps);
            int firstRead = _layout.ManyToOne ? steps - 1 : 0;
            for (int t = 0; t < outputSteps; t++)
            {
                LinearAlgebra.AccumulateRowDots(weight, o, dy.Slice(t * o, o), dTop.Slice(k * outputStride + (firstRead + t) * h, h));
            }
        }
        return loss;
    }

    /// <summary>Backpropagation through layer l's steps, last to first, for every lane; adds its parameter gradients and the gradient on the layer below's outputs.</summary>
    private void Backward(ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> inputs, int l, int lanes)
    {
        LstmLayerLayout layer = _layout.Layers[l];
        int h = layer.HiddenSize, g = 4 * h, input = _layout.InputWidth(l), steps = _layout.Steps;
        int stateStride = StateStride(h), gateStride = GateStride(h), outputStride = OutputStride(h), belowStride = OutputStride(input);
        ReadOnlySpan<T> weightIh = parameters.Slice(layer.WeightIh, g * input);
        ReadOnlySpan<T> weightHh = parameters.Slice(layer.WeightHh, g * h);
        ReadOnlySpan<T> hidden = _hidden[l], cell = _cell[l], outputGradient = _outputGradient[l];
        Span<T> gates = _gates[l];
        Span<T> dh = _dh.AsSpan(0, lanes * h), dc = _dc.AsSpan(0, lanes * h);
        // the layer below gets its output gradient from here alone; the model's input gets none
        Span<T> dBelow = l == 0 ? default : _outputGradient[l - 1];
        dBelow.Clear();
        dh.Clear();
        dc.Clear();
        for (int t = steps - 1; t >= 0; t--)
        {
            for (int k = 0; k < lanes; k++)
            {
                Span<T> dhk = dh.Slice(k * h, h);
                int state = k * stateStride + t * h;
                Span<T> gatesAndGradient = gates.Slice(k * gateStride + t * g, g);
                // total gradient on h_t: from above plus what step t+1 carried back
                LinearAlgebra.AddInPlace(dhk, outputGradient.Slice(k * outputStride + t * h, h));
                // gradient on the gate pre-activations, written over the gates; dc becomes the gradient on c_{t-1}
                LstmCell.Backward(gatesAndGradient, cell.Slice(state, h), cell.Slice(state + h, h), dhk, dc.Slice(k * h, h), gatesAndGradient);
            }
            if (l > 0)
            {
                // gradient into the layer below: dx_t += W_ih^T dPre, every lane in one pass
                LaneProducts.AccumulateRowDots(weightIh, g, gates.Slice(t * g), gateStride, dBelow.Slice(t * input), belowStride, lanes);
            }
            // gradient carried to step t-1: dh = W_hh^T dPre
            dh.Clear();
            LaneProducts.AccumulateRowDots(weightHh, g, gates.Slice(t * g), gateStride, dh, h, lanes);
        }
        // the parameter gradients, as products over each lane's steps: dW_ih += X^T dPre, dW_hh += H_prev^T dPre, db += sum dPre
        Span<T> gradWeightIh = gradients.Slice(layer.WeightIh, g * input);
        Span<T> gradWeightHh = gradients.Slice(layer.WeightHh, g * h);
        Span<T> gradBiasIh = gradients.Slice(layer.BiasIh, g);
        Span<T> gradBiasHh = gradients.Slice(layer.BiasHh, g);
        for (int k = 0; k < lanes; k++)
        {
            ReadOnlySpan<T> x = l == 0 ? inputs.Slice(k * _layout.InputLength, _layout.InputLength) : _hidden[l - 1].AsSpan(k * StateStride(input) + input, steps * input);
            ReadOnlySpan<T> dPre = gates.Slice(k * gateStride, steps * g);
            StepGradients.AccumulateWeights(gradWeightIh, x, input, dPre, g, steps, reverseInputs: false);
            StepGradients.AccumulateWeights(gradWeightHh, hidden.Slice(k * stateStride, steps * h), h, dPre, g, steps, reverseInputs: false);
            StepGradients.AccumulateBias(gradBiasIh, dPre, steps);
            StepGradients.AccumulateBias(gradBiasHh, dPre, steps);
        }
    }
}
