namespace SeqGen.Tests.Training;

// Models for the lockstep batch path (ComputeBatchGradients). Widths are chosen for the kernels
// they reach: 4H a multiple of two vectors and even input widths take the four-lane matrix-matrix
// kernels; H = 5 with 3 inputs takes the one-lane fallback throughout.

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

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4)]
[Lstm(6)]
public partial class BatchFiniteDifferenceDouble { }

// The trainer tests' tasks with an LSTM in place of their GRU (same input and target shapes).
[SequenceModel(Topology.ManyToOne, InputSize = 1, Steps = 8, OutputSize = 1)]
[Lstm(8)]
public partial class BatchRegressor { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 6, OutputSize = 2, Loss = LossKind.CrossEntropy)]
[Lstm(8)]
public partial class BatchClassifier { }

// Not eligible: each differs from a plain unidirectional LSTM stack in one way.
[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 1)]
[Lstm(8, Bidirectional = true)]
public partial class BatchIneligibleBidirectional { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 1)]
[Gru(8)]
public partial class BatchIneligibleGru { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 1, TruncatedBptt = 2)]
[Lstm(8)]
public partial class BatchIneligibleTruncated { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 1)]
[Lstm(8)]
public partial class BatchIneligibleOneToMany { }
