// Bidirectional merge modes (Keras's merge_mode): finite-difference models and a Concat twin.
using SeqGen;

namespace SeqGen.Tests.Models;

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Bidirectional = true, MergeMode = MergeMode.Multiply)]
public partial class FdMergeMultiplyManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, Bidirectional = true, MergeMode = MergeMode.Sum)]
[Rnn(2, Bidirectional = true, MergeMode = MergeMode.Average)]
[Gru(2, Bidirectional = true, MergeMode = MergeMode.Multiply)]
public partial class FdMergeStackedManyToMany { }

[SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(3, Bidirectional = true, MergeMode = MergeMode.Average, ProjectionSize = 2)]
[Gru(3, Bidirectional = true)]
[Attention(AttentionKind.Dot)]
public partial class FdMergeEncoderDecoder { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4, Bidirectional = true, MergeMode = MergeMode.Sum)]
public partial class MergeSumD { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4, Bidirectional = true, MergeMode = MergeMode.Average)]
public partial class MergeAverageD { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4, Bidirectional = true)]
public partial class MergeConcatD { }
