// LSTMs with a projection (ProjectionSize, PyTorch's proj_size) for the finite-difference checks.
using SeqGen;

namespace SeqGen.Tests.Models;

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4, Layers = 2, ProjectionSize = 2)]
public partial class FdLstmProjectionStackedOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(5, Bidirectional = true, ProjectionSize = 3)]
[Gru(3)]
public partial class FdLstmProjectionBidirectionalMixedManyToOne { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(5, ProjectionSize = 2, Bidirectional = true)]
[Lstm(3)]
[Attention(AttentionKind.General)]
public partial class FdLstmProjectionEncoderDecoder { }

[SequenceModel(Topology.OneToMany, InputSize = 3, Steps = 4, OutputSize = 3, Loss = LossKind.CrossEntropy, FeedBack = true, Precision = Precision.Double)]
[Lstm(4, ProjectionSize = 3)]
public partial class FdLstmProjectionFeedBack { }
