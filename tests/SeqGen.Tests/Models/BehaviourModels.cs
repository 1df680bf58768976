using SeqGen;

namespace SeqGen.Tests.Models;

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 12, OutputSize = 2)]
[Lstm(16)]
[Gru(8)]
[Rnn(4)]
public partial class StreamingMixed { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 12, OutputSize = 2, Precision = Precision.Double)]
[Lstm(6, Layers = 2)]
[Gru(5, Variant = GruVariant.ResetBefore)]
public partial class StreamingMixedDouble { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 20, OutputSize = 4, Loss = LossKind.CrossEntropy)]
[Lstm(16, Layers = 2, Bidirectional = true)]
[Gru(8)]
public partial class SentimentLike { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 16, OutputSize = 2, TruncatedBptt = 5)]
[Gru(8)]
public partial class TruncatedGru { }

[SequenceModel(Topology.ManyToOne, InputSize = 1, Steps = 12, OutputSize = 1)]
[Lstm(12)]
public partial class SineNextStep { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 10, OutputSize = 2, Loss = LossKind.CrossEntropy)]
[Gru(8)]
public partial class WhichChannelIsLarger { }
