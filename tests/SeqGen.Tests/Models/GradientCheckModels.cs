// Declarations for the finite-difference gradient checks: every cell x stacking/direction x topology,
// plus cross-entropy and mixed stacks. Written out by a loop (cells x stacks x topologies); edit freely.
using SeqGen;

namespace SeqGen.Tests.Models;

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3)]
public partial class FdRnnTanhManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3)]
public partial class FdRnnTanhManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3)]
public partial class FdRnnTanhOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Layers = 2)]
public partial class FdRnnTanhStackedManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Layers = 2)]
public partial class FdRnnTanhStackedManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Layers = 2)]
public partial class FdRnnTanhStackedOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Bidirectional = true)]
public partial class FdRnnTanhBidirectionalManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Bidirectional = true)]
public partial class FdRnnTanhBidirectionalManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Bidirectional = true)]
public partial class FdRnnTanhBidirectionalOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Layers = 2, Bidirectional = true)]
public partial class FdRnnTanhStackedBidirectionalManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Layers = 2, Bidirectional = true)]
public partial class FdRnnTanhStackedBidirectionalManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Layers = 2, Bidirectional = true)]
public partial class FdRnnTanhStackedBidirectionalOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu)]
public partial class FdRnnReluManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu)]
public partial class FdRnnReluManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu)]
public partial class FdRnnReluOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu, Layers = 2)]
public partial class FdRnnReluStackedManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu, Layers = 2)]
public partial class FdRnnReluStackedManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu, Layers = 2)]
public partial class FdRnnReluStackedOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu, Bidirectional = true)]
public partial class FdRnnReluBidirectionalManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu, Bidirectional = true)]
public partial class FdRnnReluBidirectionalManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu, Bidirectional = true)]
public partial class FdRnnReluBidirectionalOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu, Layers = 2, Bidirectional = true)]
public partial class FdRnnReluStackedBidirectionalManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu, Layers = 2, Bidirectional = true)]
public partial class FdRnnReluStackedBidirectionalManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu, Layers = 2, Bidirectional = true)]
public partial class FdRnnReluStackedBidirectionalOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3)]
public partial class FdLstmManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3)]
public partial class FdLstmManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3)]
public partial class FdLstmOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, Layers = 2)]
public partial class FdLstmStackedManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, Layers = 2)]
public partial class FdLstmStackedManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, Layers = 2)]
public partial class FdLstmStackedOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, Bidirectional = true)]
public partial class FdLstmBidirectionalManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, Bidirectional = true)]
public partial class FdLstmBidirectionalManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, Bidirectional = true)]
public partial class FdLstmBidirectionalOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, Layers = 2, Bidirectional = true)]
public partial class FdLstmStackedBidirectionalManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, Layers = 2, Bidirectional = true)]
public partial class FdLstmStackedBidirectionalManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3, Layers = 2, Bidirectional = true)]
public partial class FdLstmStackedBidirectionalOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3)]
public partial class FdGruManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3)]
public partial class FdGruManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3)]
public partial class FdGruOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Layers = 2)]
public partial class FdGruStackedManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Layers = 2)]
public partial class FdGruStackedManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Layers = 2)]
public partial class FdGruStackedOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Bidirectional = true)]
public partial class FdGruBidirectionalManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Bidirectional = true)]
public partial class FdGruBidirectionalManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Bidirectional = true)]
public partial class FdGruBidirectionalOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Layers = 2, Bidirectional = true)]
public partial class FdGruStackedBidirectionalManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Layers = 2, Bidirectional = true)]
public partial class FdGruStackedBidirectionalManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Layers = 2, Bidirectional = true)]
public partial class FdGruStackedBidirectionalOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore)]
public partial class FdGruResetBeforeManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore)]
public partial class FdGruResetBeforeManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore)]
public partial class FdGruResetBeforeOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore, Layers = 2)]
public partial class FdGruResetBeforeStackedManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore, Layers = 2)]
public partial class FdGruResetBeforeStackedManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore, Layers = 2)]
public partial class FdGruResetBeforeStackedOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore, Bidirectional = true)]
public partial class FdGruResetBeforeBidirectionalManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore, Bidirectional = true)]
public partial class FdGruResetBeforeBidirectionalManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore, Bidirectional = true)]
public partial class FdGruResetBeforeBidirectionalOneToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore, Layers = 2, Bidirectional = true)]
public partial class FdGruResetBeforeStackedBidirectionalManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore, Layers = 2, Bidirectional = true)]
public partial class FdGruResetBeforeStackedBidirectionalManyToMany { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Gru(3, Variant = GruVariant.ResetBefore, Layers = 2, Bidirectional = true)]
public partial class FdGruResetBeforeStackedBidirectionalOneToMany { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(3, Layers = 2)]
public partial class FdLstmCrossEntropyManyToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(3, Bidirectional = true)]
public partial class FdGruCrossEntropyManyToOne { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(3, Bidirectional = true)]
[Gru(2)]
[Rnn(4)]
public partial class FdMixedManyToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Gru(2, Variant = GruVariant.ResetBefore)]
[Lstm(3, Layers = 2, Bidirectional = true)]
public partial class FdMixedManyToOne { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3, Activation = RnnActivation.Relu, Bidirectional = true)]
[Lstm(2)]
public partial class FdMixedOneToMany { }
