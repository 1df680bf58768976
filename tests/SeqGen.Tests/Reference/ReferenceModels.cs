using SeqGen;

namespace SeqGen.Tests.Reference;

// One declaration per reference vector file (Vectors/*.json), in Double and in Single.
// The sizes repeat each file's "config".

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Rnn(4)]
public partial class RnnTanhManyToOneD { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 2)]
[Rnn(4)]
public partial class RnnTanhManyToOneF { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu)]
public partial class RnnReluManyToManyD { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2)]
[Rnn(3, Activation = RnnActivation.Relu)]
public partial class RnnReluManyToManyF { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 6, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(5)]
public partial class LstmManyToOneCeD { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 6, OutputSize = 3, Loss = LossKind.CrossEntropy)]
[Lstm(5)]
public partial class LstmManyToOneCeF { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 7, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(4, Layers = 2)]
public partial class LstmStacked2ManyToManyCeD { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 7, OutputSize = 3, Loss = LossKind.CrossEntropy)]
[Lstm(4, Layers = 2)]
public partial class LstmStacked2ManyToManyCeF { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4)]
public partial class LstmInitialStateD { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 5, OutputSize = 2)]
[Lstm(4)]
public partial class LstmInitialStateF { }

[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Bidirectional = true)]
public partial class GruBidirectionalManyToOneD { }

[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 5, OutputSize = 2)]
[Gru(3, Bidirectional = true)]
public partial class GruBidirectionalManyToOneF { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Layers = 2, Bidirectional = true)]
public partial class GruBidirectionalStacked2ManyToManyD { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 4, OutputSize = 2)]
[Gru(3, Layers = 2, Bidirectional = true)]
public partial class GruBidirectionalStacked2ManyToManyF { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Gru(4, Variant = GruVariant.ResetBefore)]
public partial class GruResetBeforeManyToOneD { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 2)]
[Gru(4, Variant = GruVariant.ResetBefore)]
public partial class GruResetBeforeManyToOneF { }

[SequenceModel(Topology.OneToMany, InputSize = 3, Steps = 5, OutputSize = 3, Precision = Precision.Double)]
[Lstm(4)]
public partial class LstmOneToManyD { }

[SequenceModel(Topology.OneToMany, InputSize = 3, Steps = 5, OutputSize = 3)]
[Lstm(4)]
public partial class LstmOneToManyF { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 8, OutputSize = 2, TruncatedBptt = 4, Precision = Precision.Double)]
[Lstm(3)]
public partial class LstmTruncatedBpttD { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 8, OutputSize = 2, TruncatedBptt = 4)]
[Lstm(3)]
public partial class LstmTruncatedBpttF { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 3, Steps = 5, OutputSize = 3, OutputSteps = 4, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(4, Bidirectional = true)]
[Attention(AttentionKind.ScaledDot)]
public partial class LstmBidirectionalEncoderDecoderD { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 3, Steps = 5, OutputSize = 3, OutputSteps = 4, Loss = LossKind.CrossEntropy)]
[Lstm(4, Bidirectional = true)]
[Attention(AttentionKind.ScaledDot)]
public partial class LstmBidirectionalEncoderDecoderF { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 6, OutputSize = 4, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(5)]
[Attention(AttentionKind.ScaledDot)]
public partial class GruEncoderDecoderD { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 6, OutputSize = 4, OutputSteps = 3, Loss = LossKind.CrossEntropy)]
[Gru(5)]
[Attention(AttentionKind.ScaledDot)]
public partial class GruEncoderDecoderF { }

// LSTMs with a projection (proj_size); vectors from make_projection_vectors.py.
[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(5, Layers = 2, Bidirectional = true, ProjectionSize = 3)]
public partial class LstmProjectionStackedBidirectionalD { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 4, OutputSize = 2)]
[Lstm(5, Layers = 2, Bidirectional = true, ProjectionSize = 3)]
public partial class LstmProjectionStackedBidirectionalF { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 5, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(6, ProjectionSize = 2)]
public partial class LstmProjectionManyToOneCeD { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 5, OutputSize = 3, Loss = LossKind.CrossEntropy)]
[Lstm(6, ProjectionSize = 2)]
public partial class LstmProjectionManyToOneCeF { }
