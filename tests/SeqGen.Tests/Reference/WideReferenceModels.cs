using SeqGen;

namespace SeqGen.Tests.Reference;

// The vectors of make_wide_vectors.py: widths that take the fused single-precision kernels
// (H a multiple of 8). The sizes repeat each file's "config".

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 6, OutputSize = 2, Precision = Precision.Double)]
[Lstm(16, Layers = 2)]
public partial class LstmH16Stacked2ManyToManyD { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 6, OutputSize = 2)]
[Lstm(16, Layers = 2)]
public partial class LstmH16Stacked2ManyToManyF { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Lstm(40)]
public partial class LstmH40ManyToOneD { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 5, OutputSize = 2)]
[Lstm(40)]
public partial class LstmH40ManyToOneF { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 6, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(8, Bidirectional = true)]
public partial class GruH8BidirectionalManyToOneCeD { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 6, OutputSize = 3, Loss = LossKind.CrossEntropy)]
[Gru(8, Bidirectional = true)]
public partial class GruH8BidirectionalManyToOneCeF { }

[SequenceModel(Topology.ManyToMany, InputSize = 4, Steps = 6, OutputSize = 2, Precision = Precision.Double)]
[Gru(16, Layers = 2)]
public partial class GruH16Stacked2ManyToManyD { }

[SequenceModel(Topology.ManyToMany, InputSize = 4, Steps = 6, OutputSize = 2)]
[Gru(16, Layers = 2)]
public partial class GruH16Stacked2ManyToManyF { }
