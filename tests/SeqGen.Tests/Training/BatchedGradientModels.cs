namespace SeqGen.Tests.Training;

// Models for the lockstep batch path (ComputeBatchGradients). Widths are chosen for the kernels
// they reach: gate rows a multiple of two vectors (16 floats, 8 doubles) and even input widths
// take the four-lane matrix-matrix kernels; other widths take the one-lane fallback.

[SequenceModel(Topology.ManyToMany, InputSize = 4, Steps = 7, OutputSize = 2)]
[Lstm(16)]
[Lstm(8)]
public partial class BatchStackedManyToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 5, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(4, Layers = 2)]
public partial class BatchStackedManyToOneCeDouble { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 6, OutputSize = 1)]
[Lstm(5)]
public partial class BatchOddWidth { }

// every cell with packed products (16, 24 and 8 gate rows, multiples of two double vectors)
[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4)]
[Gru(8)]
[Rnn(8)]
public partial class BatchFiniteDifferenceDouble { }

// and without (9 and 5 rows)
[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 2, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(3)]
[Rnn(5, Activation = RnnActivation.Relu)]
public partial class BatchFiniteDifferenceUnpackedDouble { }

[SequenceModel(Topology.ManyToMany, InputSize = 4, Steps = 6, OutputSize = 2)]
[Gru(16)]
[Gru(8)]
public partial class BatchStackedGru { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 5, OutputSize = 3, Loss = LossKind.CrossEntropy)]
[Lstm(16)]
[Gru(16)]
[Rnn(16)]
public partial class BatchMixedStack { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 6, OutputSize = 1, Precision = Precision.Double)]
[Rnn(8, Activation = RnnActivation.Relu, Layers = 2)]
public partial class BatchReluRnnDouble { }

// bidirectional layers (concatenated outputs), under a unidirectional one and stacked
[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 6, OutputSize = 2)]
[Lstm(16, Bidirectional = true)]
[Gru(8)]
public partial class BatchBidirectionalUnderGru { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 5, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(8, Bidirectional = true, Layers = 2)]
public partial class BatchStackedBidirectionalGruCeDouble { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4, Bidirectional = true)]
[Rnn(4, Bidirectional = true)]
public partial class BatchFiniteDifferenceBidirectionalDouble { }

// edges: one step, and H = 1, in both directions of a ManyToOne head
[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 1, OutputSize = 1, Precision = Precision.Double)]
[Lstm(1, Bidirectional = true)]
[Gru(1, Bidirectional = true)]
[Rnn(2)]
public partial class BatchOneStepBidirectionalDouble { }

// single bias (Keras's counting: b_hh is zero and not trained), in every cell, packed and not
[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 5, OutputSize = 2)]
[Lstm(16, SingleBias = true)]
[Gru(16, SingleBias = true)]
[Rnn(5, SingleBias = true)]
public partial class BatchSingleBias { }

// The trainer tests' tasks with an LSTM in place of their GRU (same input and target shapes).
[SequenceModel(Topology.ManyToOne, InputSize = 1, Steps = 8, OutputSize = 1)]
[Lstm(8)]
public partial class BatchRegressor { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 6, OutputSize = 2, Loss = LossKind.CrossEntropy)]
[Lstm(8)]
public partial class BatchClassifier { }

// Not eligible: each differs from an eligible stack in one way.
[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 1)]
[Lstm(8, Bidirectional = true, MergeMode = MergeMode.Sum)]
public partial class BatchIneligibleMergedBidirectional { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 1)]
[Gru(8, Variant = GruVariant.ResetBefore)]
public partial class BatchIneligibleResetBeforeGru { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 1, TruncatedBptt = 2)]
[Lstm(8)]
public partial class BatchIneligibleTruncated { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 1)]
[Lstm(8)]
public partial class BatchIneligibleOneToMany { }
