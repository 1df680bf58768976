// Layer-normalized LSTMs and GRUs; vectors from make_layernorm_vectors.py (PyTorch's LayerNormLSTMCell, a hand-written LN-GRU cell).
using SeqGen;

namespace SeqGen.Tests.Reference;

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4, Layers = 2, Bidirectional = true, LayerNorm = true)]
public partial class LstmLayerNormStackedBidirectionalD { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 5, OutputSize = 2)]
[Lstm(4, Layers = 2, Bidirectional = true, LayerNorm = true)]
public partial class LstmLayerNormStackedBidirectionalF { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 6, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(5, LayerNorm = true)]
public partial class LstmLayerNormManyToOneCeD { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 6, OutputSize = 3, Loss = LossKind.CrossEntropy)]
[Lstm(5, LayerNorm = true)]
public partial class LstmLayerNormManyToOneCeF { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(4, Layers = 2, Bidirectional = true, LayerNorm = true)]
public partial class GruLayerNormStackedBidirectionalManyToOneCeD { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 3, Loss = LossKind.CrossEntropy)]
[Gru(4, Layers = 2, Bidirectional = true, LayerNorm = true)]
public partial class GruLayerNormStackedBidirectionalManyToOneCeF { }
