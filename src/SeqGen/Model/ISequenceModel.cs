using System;
using System.Numerics;

namespace SeqGen;

/// <summary>
/// What every generated model offers, for code that trains or evaluates any model (a trainer, a
/// test harness). The generated class implements it with direct, non-virtual members; calling
/// through the interface costs one interface dispatch per call, never per step.
/// </summary>
public interface ISequenceModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Every parameter tensor (PyTorch name and shape), in the order of <see cref="Parameters"/>: the class's static <c>ParameterTable</c>.</summary>
    System.Collections.Generic.IReadOnlyList<ParameterInfo> ParameterTable { get; }

    /// <summary>The model's class name, as declared (for checkpoints' metadata and messages).</summary>
    string ModelName { get; }

    /// <summary>When true, calls reject NaN and infinite inputs.</summary>
    bool ValidateInputs { get; set; }

    /// <summary>All parameters, flat.</summary>
    Span<T> Parameters { get; }

    /// <summary>Accumulated gradients, in the layout of <see cref="Parameters"/>.</summary>
    Span<T> Gradients { get; }

    /// <summary>Head outputs of the last forward pass.</summary>
    ReadOnlySpan<T> Outputs { get; }

    /// <summary>Gradient of the last loss on the input.</summary>
    ReadOnlySpan<T> InputGradient { get; }

    /// <summary>Loss of each truncated-BPTT chunk of the last gradient computation.</summary>
    ReadOnlySpan<T> ChunkLosses { get; }

    /// <summary>Initial hidden state h_0.</summary>
    Span<T> InitialHidden { get; }

    /// <summary>Hidden state after the last forward pass.</summary>
    ReadOnlySpan<T> FinalHidden { get; }

    /// <summary>Gradient of the last loss on <see cref="InitialHidden"/>.</summary>
    ReadOnlySpan<T> InitialHiddenGradient { get; }

    /// <summary>Sets every gradient to zero.</summary>
    void ZeroGradients();

    /// <summary>Draws every parameter again from a seed.</summary>
    void InitializeParameters(long seed);

    /// <summary>Runs the model over an input and writes the head outputs.</summary>
    void Forward(ReadOnlySpan<T> input, Span<T> output);

    /// <summary>Copies values into a named parameter (PyTorch name and layout).</summary>
    void SetParameter(string name, ReadOnlySpan<T> values);

    /// <summary>Copies a named parameter out.</summary>
    void GetParameter(string name, Span<T> destination);

    /// <summary>Copies a named parameter's gradient out.</summary>
    void GetGradient(string name, Span<T> destination);
}

/// <summary>A model trained with <see cref="LossKind.MeanSquaredError"/> against real-valued targets.</summary>
public interface IRegressionModel<T> : ISequenceModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Forward and backward; adds into Gradients and returns the loss.</summary>
    T ComputeGradients(ReadOnlySpan<T> input, ReadOnlySpan<T> targets);
}

/// <summary>A model trained with <see cref="LossKind.CrossEntropy"/> against class ids.</summary>
public interface IClassifierModel<T> : ISequenceModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Forward and backward; adds into Gradients and returns the loss.</summary>
    T ComputeGradients(ReadOnlySpan<T> input, ReadOnlySpan<int> targets);
}

/// <summary>
/// A regression model that can also compute a whole batch of sequences in lockstep, so each weight
/// is read once per step for several sequences (generated for stacks of plain LSTM, GRU and RNN layers, one direction or two concatenated).
/// <see cref="MiniBatch"/>, <see cref="Trainer{T}"/> and <see cref="DataParallel{T}"/> use it when a model has it.
/// </summary>
public interface IBatchedRegressionModel<T> : IRegressionModel<T>, IBatchedModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Forward and backward for <paramref name="count"/> sequences: inputs [count][Steps][InputSize],
    /// targets [count][OutputSteps][OutputSize]; adds the sum of their gradients into Gradients and
    /// returns their summed loss. Does not write Outputs, InputGradient, ChunkLosses, the final states or the initial-state gradients.
    /// </summary>
    T ComputeBatchGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int count);
}

/// <summary>Inference for many sequences at once, in the lockstep groups of batch training.</summary>
public interface IBatchedModel<T> : ISequenceModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Forward for <paramref name="count"/> sequences (inputs [count][Steps][InputSize]): writes each
    /// one's outputs to <paramref name="outputs"/> ([count][OutputSteps][OutputSize]), as Forward on
    /// each would up to rounding. Does not write Outputs or the final states.
    /// </summary>
    void ForwardBatch(ReadOnlySpan<T> inputs, Span<T> outputs, int count);
}

/// <summary>The classifier counterpart of <see cref="IBatchedRegressionModel{T}"/>.</summary>
public interface IBatchedClassifierModel<T> : IClassifierModel<T>, IBatchedModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Forward and backward for <paramref name="count"/> sequences: inputs [count][Steps][InputSize],
    /// targets [count][OutputSteps] class ids; adds the sum of their gradients into Gradients and
    /// returns their summed loss. Does not write Outputs, InputGradient, ChunkLosses, the final states or the initial-state gradients.
    /// </summary>
    T ComputeBatchGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<int> targets, int count);
}

/// <summary>A model with at least one LSTM layer, whose cell state is exposed.</summary>
public interface ICellStateModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initial cell state c_0 of the LSTM layers.</summary>
    Span<T> InitialCell { get; }

    /// <summary>Cell state after the last forward pass.</summary>
    ReadOnlySpan<T> FinalCell { get; }

    /// <summary>Gradient of the last loss on <see cref="InitialCell"/>.</summary>
    ReadOnlySpan<T> InitialCellGradient { get; }
}

/// <summary>A model without bidirectional layers, which can run one step at a time.</summary>
public interface IStreamingModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Advances one step with the state kept in the model.</summary>
    void Step(ReadOnlySpan<T> x, Span<T> y);

    /// <summary>Restarts streaming from the initial state.</summary>
    void ResetState();
}

/// <summary>
/// A cross-entropy model that writes its outputs one step at a time, each fed the previous
/// step's class (an EncoderDecoder, or a OneToMany model with FeedBack).
/// </summary>
public interface IGenerativeModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Decodes from <paramref name="input"/>, sampling each class from softmax(logits / temperature).</summary>
    void Generate(ReadOnlySpan<T> input, Span<int> tokens, T temperature, Random random);
}
