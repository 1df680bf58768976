// Models with [TemporalConv] layers: PyTorch reference models, finite-difference stacks, streaming,
// padding and learning.
using SeqGen;

namespace SeqGen.Tests.Models;

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 7, OutputSize = 2, Precision = Precision.Double)]
[TemporalConv(Channels = 3, Kernel = 2, Dilations = new[] { 1, 2 })]
[Lstm(4)]
public partial class TemporalConvLstmManyToManyD { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 7, OutputSize = 2)]
[TemporalConv(Channels = 3, Kernel = 2, Dilations = new[] { 1, 2 })]
[Lstm(4)]
public partial class TemporalConvLstmManyToManyF { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 9, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[TemporalConv(Channels = 4, Kernel = 3, Dilations = new[] { 1, 2, 4 })]
public partial class TemporalConvManyToOneCeD { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 9, OutputSize = 3, Loss = LossKind.CrossEntropy)]
[TemporalConv(Channels = 4, Kernel = 3, Dilations = new[] { 1, 2, 4 })]
public partial class TemporalConvManyToOneCeF { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 6, OutputSize = 2, Precision = Precision.Double)]
[TemporalConv(Channels = 3, Kernel = 2, Dilations = new[] { 1, 2 })]
[Lstm(3)]
public partial class FdConvLstmManyToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 8, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[TemporalConv(Channels = 3, Kernel = 3, Dilations = new[] { 1, 2, 4 })]
public partial class FdConvManyToOne { }

[SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3)]
[TemporalConv(Channels = 2, Kernel = 2, Dilations = new[] { 2 })]
[Gru(3)]
public partial class FdLstmConvGruOneToMany { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[TemporalConv(Channels = 2, Kernel = 1, Dilations = new[] { 1 })]
[TemporalConv(Channels = 3, Kernel = 4, Dilations = new[] { 3, 1 })]
[Gru(2, Bidirectional = true)]
public partial class FdTwoConvsBidirectionalManyToMany { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 6, OutputSize = 2, Precision = Precision.Double)]
[Rnn(3)]
[TemporalConv(Channels = 3, Kernel = 2, Dilations = new[] { 1, 4 })]
public partial class FdRnnConvManyToOne { }

/// <summary>Streaming: an LSTM, a convolution and an LSTM, so Step crosses both kinds both ways.</summary>
[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 12, OutputSize = 2, Precision = Precision.Double)]
[Lstm(3)]
[TemporalConv(Channels = 3, Kernel = 3, Dilations = new[] { 1, 2, 3 })]
[Lstm(4)]
public partial class StreamLstmConvLstm { }

/// <summary>Streaming with a convolution on top (the head reads its stream output).</summary>
[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 10, OutputSize = 2)]
[TemporalConv(Channels = 4, Kernel = 2, Dilations = new[] { 1, 2, 4 })]
public partial class StreamConvOnly { }

/// <summary>Padding: the same parameters as <see cref="PaddedConvShort"/>, 8 steps instead of 5.</summary>
[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 8, OutputSize = 2, Precision = Precision.Double)]
[TemporalConv(Channels = 3, Kernel = 2, Dilations = new[] { 1, 2 })]
[Lstm(3)]
public partial class PaddedConvLong { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[TemporalConv(Channels = 3, Kernel = 2, Dilations = new[] { 1, 2 })]
[Lstm(3)]
public partial class PaddedConvShort { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 8, OutputSize = 2, Precision = Precision.Double)]
[TemporalConv(Channels = 3, Kernel = 2, Dilations = new[] { 1, 2 })]
[Lstm(3)]
public partial class PaddedConvManyToManyLong { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[TemporalConv(Channels = 3, Kernel = 2, Dilations = new[] { 1, 2 })]
[Lstm(3)]
public partial class PaddedConvManyToManyShort { }

/// <summary>Learning: recall the input seen 15 steps earlier (receptive field 1 + 1+2+4+8 = 16).</summary>
[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 24, OutputSize = 1)]
[TemporalConv(Channels = 16, Kernel = 2, Dilations = new[] { 1, 2, 4, 8 })]
public partial class ConvDelayLine { }
