namespace SeqGen.Samples.SequenceClassification;

/// <summary>
/// Many-to-one classifier: up to <see cref="SignData.MaxSteps"/> values, one per step, to two classes
/// (is the sum of their signs positive). Inputs are padded at the front.
/// </summary>
[SequenceModel(Topology.ManyToOne, InputSize = 1, Steps = SignData.MaxSteps, OutputSize = 2,
    Loss = LossKind.CrossEntropy, Precision = Precision.Single)]
[Lstm(16)]
public partial class SignSumClassifier { }

/// <summary>
/// Many-to-many tagger: at every step, is the sum of the signs so far positive. Inputs and
/// per-step targets are padded at the back.
/// </summary>
[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = SignData.MaxSteps, OutputSize = 2,
    Loss = LossKind.CrossEntropy, Precision = Precision.Single)]
[Gru(16)]
public partial class RunningSignTagger { }

/// <summary>The parameter-counting example: an RNN layer with 4 inputs and 3 units, one bias per unit (Keras).</summary>
[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 5, OutputSize = 1)]
[Rnn(3, SingleBias = true)]
public partial class KerasCountedRnn { }

/// <summary>The same layer with PyTorch's two biases (b_ih and b_hh).</summary>
[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 5, OutputSize = 1)]
[Rnn(3)]
public partial class PyTorchCountedRnn { }
