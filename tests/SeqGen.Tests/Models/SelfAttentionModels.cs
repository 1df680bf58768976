// Stacks with [SelfAttention] and [TransformerBlock] layers, for the finite-difference checks and behaviour tests.
using SeqGen;

namespace SeqGen.Tests.Models;

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4)]
[SelfAttention(Heads = 2, Causal = true)]
public partial class FdLstmCausalSelfAttention { }

[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 5, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[SelfAttention(Heads = 2, PositionalEncoding = true)]
[Gru(3)]
public partial class FdSelfAttentionUnderGru { }

[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 4, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[TransformerBlock(Heads = 2, FeedForward = 6)]
public partial class FdBlockPostNorm { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Gru(4)]
[TransformerBlock(Heads = 2, FeedForward = 5, NormFirst = true, Causal = true, PositionalEncoding = true)]
public partial class FdGruBlockPreNormCausal { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 4, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(2, Bidirectional = true)]
[TransformerBlock(Heads = 4, FeedForward = 3, Causal = true)]
[Lstm(3)]
[SelfAttention(Heads = 3, PositionalEncoding = true)]
public partial class FdMixedStack { }

[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[TransformerBlock(Heads = 1, FeedForward = 4, NormFirst = true)]
[TransformerBlock(Heads = 4, FeedForward = 3, PositionalEncoding = true)]
public partial class FdTwoBlocks { }

// The same padded-capable stack at two lengths: parameters depend only on the widths, so one seed gives both the same weights.
[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 8, OutputSize = 2, Precision = Precision.Double)]
[Gru(4)]
[TransformerBlock(Heads = 2, FeedForward = 5, PositionalEncoding = true)]
public partial class PaddedBlockTagger8 { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Gru(4)]
[TransformerBlock(Heads = 2, FeedForward = 5, PositionalEncoding = true)]
public partial class PaddedBlockTagger5 { }

[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 8, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[SelfAttention(Heads = 2, Causal = true, PositionalEncoding = true)]
public partial class PaddedAttentionClassifier8 { }

[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 5, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[SelfAttention(Heads = 2, Causal = true, PositionalEncoding = true)]
public partial class PaddedAttentionClassifier5 { }

// Single precision, for the allocation test.
[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 12, OutputSize = 3, Loss = LossKind.CrossEntropy)]
[Lstm(8)]
[TransformerBlock(Heads = 2, FeedForward = 16, Causal = true, PositionalEncoding = true)]
[SelfAttention(Heads = 4)]
public partial class AttentionAllocationModel { }

// A causal stack: step t's output must not depend on later inputs.
[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 6, OutputSize = 2, Precision = Precision.Double)]
[TransformerBlock(Heads = 2, FeedForward = 4, Causal = true, NormFirst = true)]
[SelfAttention(Heads = 1, Causal = true)]
public partial class CausalStack { }
