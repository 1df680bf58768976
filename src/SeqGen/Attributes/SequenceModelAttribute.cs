using System;

namespace SeqGen;

/// <summary>
/// Declares a recurrent model on a <c>partial</c> class. The SeqGen source generator emits forward,
/// backward and streaming code specialized for the declared sizes. Cell attributes
/// (<see cref="RnnAttribute"/>, <see cref="LstmAttribute"/>, <see cref="GruAttribute"/>) on the same
/// class stack in source order.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SequenceModelAttribute : Attribute
{
    /// <summary>Declares a model with the given topology.</summary>
    public SequenceModelAttribute(Topology topology) => Topology = topology;

    /// <summary>How input steps map to output steps.</summary>
    public Topology Topology { get; }

    /// <summary>Features per input step.</summary>
    public int InputSize { get; set; }

    /// <summary>Input steps per sequence.</summary>
    public int Steps { get; set; }

    /// <summary>Outputs per output step (classes for <see cref="LossKind.CrossEntropy"/>).</summary>
    public int OutputSize { get; set; }

    /// <summary>Output steps; required for <see cref="Topology.EncoderDecoder"/>, and only there.</summary>
    public int OutputSteps { get; set; }

    /// <summary>The training loss.</summary>
    public LossKind Loss { get; set; } = LossKind.MeanSquaredError;

    /// <summary>The floating-point type of the model.</summary>
    public Precision Precision { get; set; } = Precision.Single;

    /// <summary>
    /// Backpropagation in chunks of this many steps: the state is carried across chunk
    /// boundaries, the gradient is not. 0 (the default) backpropagates through the whole sequence.
    /// </summary>
    public int TruncatedBptt { get; set; }

    /// <summary>
    /// <see cref="Topology.OneToMany"/> only: each step after the first is fed the previous step's
    /// output (the one-hot of its argmax for cross-entropy, its value for mean squared error), as a
    /// character-level language model generates text. Training feeds the previous target instead
    /// (teacher forcing); requires <see cref="InputSize"/> == <see cref="OutputSize"/>.
    /// </summary>
    public bool FeedBack { get; set; }

    /// <summary>
    /// A safetensors file (PyTorch <c>state_dict</c> names and layouts) whose weights are built into the
    /// model: the file must be an <c>AdditionalFiles</c> item of the project, matched by file name. The
    /// generator checks every tensor at build time (a missing, extra or misshapen tensor is a compile
    /// error) and the parameterless constructor starts from these weights, loading nothing at run time.
    /// See docs/weights.md.
    /// </summary>
    public string? Weights { get; set; }

    /// <summary>
    /// <see cref="SeqGen.WeightStorage.Half"/> or <see cref="SeqGen.WeightStorage.BFloat16"/>: the streaming
    /// <c>Step</c> reads 16-bit copies of the LSTM and RNN layers' weight matrices (Single precision
    /// models with a <c>Step</c> only).
    /// See docs/performance.md for the speed and accuracy measured.
    /// </summary>
    public WeightStorage WeightStorage { get; set; }
}
