// Layer-normalized LSTM and GRU layers and clipped LSTMs: finite-difference, streaming, twin and learning models.
using SeqGen;

namespace SeqGen.Tests.Models;

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, Layers = 2, Bidirectional = true, LayerNorm = true)]
public partial class FdLayerNormLstmStackedBidirectional { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Layers = 2, Bidirectional = true, LayerNorm = true)]
public partial class FdLayerNormGruStackedBidirectional { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(3, LayerNorm = true, Bidirectional = true)]
[Attention(AttentionKind.ScaledDot)]
public partial class FdLayerNormLstmEncoderDecoder { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 2, OutputSteps = 3, Precision = Precision.Double)]
[Gru(3, LayerNorm = true)]
public partial class FdLayerNormGruEncoderDecoder { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(4, LayerNorm = true)]
public partial class FdLayerNormGruManyToOneCe { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, LayerNorm = true, Bidirectional = true, MergeMode = MergeMode.Sum)]
[Lstm(3, LayerNorm = true)]
[Rnn(2)]
public partial class FdLayerNormMixedStack { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 6, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, CellClip = 0.5)]
public partial class FdClippedLstm { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, Layers = 2, Bidirectional = true, CellClip = 0.5, SingleBias = true)]
public partial class FdClippedLstmStackedBidirectional { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(4, CellClip = 0.5, ProjectionSize = 2)]
[Lstm(3, CellClip = 0.5)]
[Attention(AttentionKind.General)]
public partial class FdClippedLstmProjectedEncoderDecoder { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 6, OutputSize = 2, Precision = Precision.Double)]
[Lstm(5, Layers = 2, CellClip = 1e300)]
public partial class HugeClipLstmD { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 6, OutputSize = 2, Precision = Precision.Double)]
[Lstm(5, Layers = 2)]
public partial class UnclippedLstmD { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 7, OutputSize = 2)]
[Lstm(8, LayerNorm = true)]
[Gru(5, LayerNorm = true)]
[Lstm(4, CellClip = 0.3)]
public partial class StreamingLayerNormAndClip { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 7, OutputSize = 2, Precision = Precision.Double)]
[Lstm(8, LayerNorm = true)]
[Gru(5, LayerNorm = true)]
[Lstm(4, CellClip = 0.3, ProjectionSize = 3)]
public partial class StreamingLayerNormAndClipD { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 10, OutputSize = 2, Loss = LossKind.CrossEntropy)]
[Lstm(8, LayerNorm = true)]
public partial class LayerNormWhichChannelIsLarger { }

[SequenceModel(Topology.OneToMany, InputSize = 3, Steps = 4, OutputSize = 3, Loss = LossKind.CrossEntropy, FeedBack = true, Precision = Precision.Double)]
[Gru(3, LayerNorm = true)]
[Lstm(3, LayerNorm = true)]
public partial class FdLayerNormFeedBack { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 6, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, LayerNorm = true, Layers = 2)]
[Lstm(2, CellClip = 0.5)]
public partial class FdLayerNormAndClipStack { }
