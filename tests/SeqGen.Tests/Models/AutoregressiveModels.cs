// Models for the behaviour, allocation and learning tests of autoregressive models.
using SeqGen;

namespace SeqGen.Tests.Models;

[SequenceModel(Topology.EncoderDecoder, InputSize = 3, Steps = 6, OutputSize = 4, OutputSteps = 5, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(3, Bidirectional = true)]
[Attention(AttentionKind.Additive)]
public partial class EdClassifierD { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 3, Steps = 6, OutputSize = 4, OutputSteps = 5, Loss = LossKind.CrossEntropy)]
[Lstm(8, Bidirectional = true)]
[Lstm(8)]
[Attention(AttentionKind.General)]
public partial class EdClassifierF { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 5, OutputSize = 2, OutputSteps = 4, Precision = Precision.Double)]
[Lstm(4)]
[Attention(AttentionKind.ScaledDot)]
public partial class EdRegressorD { }

[SequenceModel(Topology.OneToMany, InputSize = 4, Steps = 6, OutputSize = 4, Loss = LossKind.CrossEntropy, FeedBack = true, Precision = Precision.Double)]
[Lstm(5)]
[Rnn(4)]
public partial class FeedBackCharsD { }

[SequenceModel(Topology.OneToMany, InputSize = 4, Steps = 6, OutputSize = 4, Loss = LossKind.CrossEntropy, FeedBack = true)]
[Gru(8)]
public partial class FeedBackCharsF { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 5, OutputSize = 2, FeedBack = true, Precision = Precision.Double)]
[Gru(4)]
public partial class FeedBackValuesD { }

// Attention against the single-vector bottleneck on long inputs: the same encoder and decoder sizes.
[SequenceModel(Topology.EncoderDecoder, InputSize = 6, Steps = 16, OutputSize = 6, OutputSteps = 16, Loss = LossKind.CrossEntropy)]
[Lstm(12, Bidirectional = true)]
[Attention(AttentionKind.General)]
public partial class LongReverserWithAttention { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 6, Steps = 16, OutputSize = 6, OutputSteps = 16, Loss = LossKind.CrossEntropy)]
[Lstm(12, Bidirectional = true)]
public partial class LongReverserBottleneck { }

// Hard attention (decoding only) and its soft twin: same sizes, so parameters copy across.
[SequenceModel(Topology.EncoderDecoder, InputSize = 3, Steps = 6, OutputSize = 4, OutputSteps = 5, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(4, Bidirectional = true)]
[Attention(AttentionKind.General, Hard = true)]
public partial class HardAttentionD { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 3, Steps = 6, OutputSize = 4, OutputSteps = 5, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(4, Bidirectional = true)]
[Attention(AttentionKind.General)]
public partial class SoftAttentionD { }
