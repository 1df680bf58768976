// LSTMs with coupled input and forget gates (CIFG): finite-difference and streaming models.
using SeqGen;

namespace SeqGen.Tests.Models;

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, Layers = 2, Bidirectional = true, CoupledGates = true)]
public partial class FdCoupledStackedBidirectional { }

[SequenceModel(Topology.OneToMany, InputSize = 3, Steps = 4, OutputSize = 3, Loss = LossKind.CrossEntropy, FeedBack = true, Precision = Precision.Double)]
[Lstm(4, CoupledGates = true, ProjectionSize = 3)]
public partial class FdCoupledProjectedFeedBack { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(3, CoupledGates = true)]
[Attention(AttentionKind.General)]
public partial class FdCoupledEncoderDecoder { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 6, OutputSize = 2)]
[Lstm(8, CoupledGates = true)]
public partial class StreamingCoupled { }

[SequenceModel(Topology.ManyToOne, InputSize = 1, Steps = 1, OutputSize = 1, Precision = Precision.Double)]
[Lstm(1, CoupledGates = true)]
public partial class CoupledOneUnitD { }
