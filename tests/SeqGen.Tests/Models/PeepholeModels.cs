// LSTMs with peephole connections: finite-difference models and a plain twin.
using SeqGen;

namespace SeqGen.Tests.Models;

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, Layers = 2, Bidirectional = true, Peephole = true)]
public partial class FdPeepholeStackedBidirectional { }

[SequenceModel(Topology.OneToMany, InputSize = 3, Steps = 4, OutputSize = 3, Loss = LossKind.CrossEntropy, FeedBack = true, Precision = Precision.Double)]
[Lstm(4, Peephole = true, ProjectionSize = 3)]
public partial class FdPeepholeProjectedFeedBack { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(3, Peephole = true, Bidirectional = true)]
[Attention(AttentionKind.ScaledDot)]
public partial class FdPeepholeEncoderDecoder { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4, Peephole = true)]
public partial class PeepholeD { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4)]
public partial class NoPeepholeD { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 6, OutputSize = 2)]
[Lstm(8, Peephole = true)]
public partial class StreamingPeephole { }
