// Declarations for the finite-difference checks of autoregressive models: encoder-decoders with every
// attention kind and every cell, stacked, bidirectional and mixed encoders; OneToMany with FeedBack.
using SeqGen;

namespace SeqGen.Tests.Models;

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(3)]
[Attention(AttentionKind.ScaledDot)]
public partial class FdEdLstmScaledDot { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(3)]
[Attention(AttentionKind.Dot)]
public partial class FdEdLstmDot { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(3)]
[Attention(AttentionKind.General)]
public partial class FdEdLstmGeneral { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(3)]
[Attention(AttentionKind.Additive)]
public partial class FdEdLstmAdditive { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(3)]
public partial class FdEdLstmNoAttention { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(3)]
[Attention(AttentionKind.ScaledDot)]
public partial class FdEdGruScaledDot { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(3)]
[Attention(AttentionKind.Dot)]
public partial class FdEdGruDot { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(3)]
[Attention(AttentionKind.General)]
public partial class FdEdGruGeneral { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(3)]
[Attention(AttentionKind.Additive)]
public partial class FdEdGruAdditive { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(3)]
public partial class FdEdGruNoAttention { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore)]
[Attention(AttentionKind.ScaledDot)]
public partial class FdEdGruResetBeforeScaledDot { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore)]
[Attention(AttentionKind.Dot)]
public partial class FdEdGruResetBeforeDot { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore)]
[Attention(AttentionKind.General)]
public partial class FdEdGruResetBeforeGeneral { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore)]
[Attention(AttentionKind.Additive)]
public partial class FdEdGruResetBeforeAdditive { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore)]
public partial class FdEdGruResetBeforeNoAttention { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Rnn(3)]
[Attention(AttentionKind.ScaledDot)]
public partial class FdEdRnnTanhScaledDot { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Rnn(3)]
[Attention(AttentionKind.Dot)]
public partial class FdEdRnnTanhDot { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Rnn(3)]
[Attention(AttentionKind.General)]
public partial class FdEdRnnTanhGeneral { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Rnn(3)]
[Attention(AttentionKind.Additive)]
public partial class FdEdRnnTanhAdditive { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Rnn(3)]
public partial class FdEdRnnTanhNoAttention { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu)]
[Attention(AttentionKind.ScaledDot)]
public partial class FdEdRnnReluScaledDot { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu)]
[Attention(AttentionKind.Dot)]
public partial class FdEdRnnReluDot { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu)]
[Attention(AttentionKind.General)]
public partial class FdEdRnnReluGeneral { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu)]
[Attention(AttentionKind.Additive)]
public partial class FdEdRnnReluAdditive { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu)]
public partial class FdEdRnnReluNoAttention { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(2, Layers = 2, Bidirectional = true)]
[Attention(AttentionKind.ScaledDot)]
public partial class FdEdStackedBidirectionalLstmScaledDot { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 2, OutputSteps = 3, Precision = Precision.Double)]
[Rnn(2, Bidirectional = true)]
[Gru(2, Bidirectional = true)]
[Attention(AttentionKind.ScaledDot)]
public partial class FdEdMixedGruScaledDotMse { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(2, Layers = 2, Bidirectional = true)]
[Attention(AttentionKind.Dot)]
public partial class FdEdStackedBidirectionalLstmDot { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 2, OutputSteps = 3, Precision = Precision.Double)]
[Rnn(2, Bidirectional = true)]
[Gru(2, Bidirectional = true)]
[Attention(AttentionKind.Dot)]
public partial class FdEdMixedGruDotMse { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(2, Layers = 2, Bidirectional = true)]
[Attention(AttentionKind.General)]
public partial class FdEdStackedBidirectionalLstmGeneral { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 2, OutputSteps = 3, Precision = Precision.Double)]
[Rnn(2, Bidirectional = true)]
[Gru(2, Bidirectional = true)]
[Attention(AttentionKind.General)]
public partial class FdEdMixedGruGeneralMse { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(2, Layers = 2, Bidirectional = true)]
[Attention(AttentionKind.Additive)]
public partial class FdEdStackedBidirectionalLstmAdditive { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 2, OutputSteps = 3, Precision = Precision.Double)]
[Rnn(2, Bidirectional = true)]
[Gru(2, Bidirectional = true)]
[Attention(AttentionKind.Additive)]
public partial class FdEdMixedGruAdditiveMse { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(2, Layers = 2, Bidirectional = true)]
public partial class FdEdStackedBidirectionalGruNoAttention { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 2, OutputSteps = 3, Precision = Precision.Double)]
[Lstm(3)]
[Attention(AttentionKind.Additive)]
public partial class FdEdLstmAdditiveMse { }

[SequenceModel(Topology.OneToMany, InputSize = 3, Steps = 4, OutputSize = 3, Loss = LossKind.CrossEntropy, FeedBack = true, Precision = Precision.Double)]
[Lstm(3)]
public partial class FdFeedBackLstm { }

[SequenceModel(Topology.OneToMany, InputSize = 3, Steps = 4, OutputSize = 3, Loss = LossKind.CrossEntropy, FeedBack = true, Precision = Precision.Double)]
[Gru(3)]
public partial class FdFeedBackGru { }

[SequenceModel(Topology.OneToMany, InputSize = 3, Steps = 4, OutputSize = 3, Loss = LossKind.CrossEntropy, FeedBack = true, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore)]
public partial class FdFeedBackGruResetBefore { }

[SequenceModel(Topology.OneToMany, InputSize = 3, Steps = 4, OutputSize = 3, Loss = LossKind.CrossEntropy, FeedBack = true, Precision = Precision.Double)]
[Rnn(3)]
public partial class FdFeedBackRnnTanh { }

[SequenceModel(Topology.OneToMany, InputSize = 3, Steps = 4, OutputSize = 3, Loss = LossKind.CrossEntropy, FeedBack = true, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu)]
public partial class FdFeedBackRnnRelu { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, FeedBack = true, Precision = Precision.Double)]
[Lstm(3, Layers = 2)]
public partial class FdFeedBackStackedLstmMse { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, FeedBack = true, Precision = Precision.Double)]
[Gru(2)]
[Rnn(3)]
public partial class FdFeedBackMixedMse { }
