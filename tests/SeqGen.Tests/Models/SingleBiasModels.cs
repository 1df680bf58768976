// Models for the single-bias (Keras-style) cell option: parameter counts, equivalence and gradient checks.
using SeqGen;

namespace SeqGen.Tests.Models;

// The course's example: an RNN layer with 4 inputs and 3 units.
[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 5, OutputSize = 1)]
[Rnn(3, SingleBias = true)]
public partial class KerasStyleRnn { }

[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 5, OutputSize = 1)]
[Rnn(3)]
public partial class PyTorchStyleRnn { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4, SingleBias = true, Bidirectional = true)]
[Gru(3)]
public partial class SingleBiasStackD { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4, Bidirectional = true)]
[Gru(3)]
public partial class TwoBiasStackD { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, SingleBias = true)]
[Gru(3, SingleBias = true, Variant = GruVariant.ResetBefore)]
[Rnn(2, SingleBias = true, Activation = RnnActivation.Relu)]
public partial class FdSingleBiasGruStack { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(3, SingleBias = true)]
[Attention(AttentionKind.Additive)]
public partial class FdSingleBiasEncoderDecoder { }
