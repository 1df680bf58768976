using SeqGen;

namespace SeqGen.Tests.Reference;

// Self-attention and transformer-block stacks; vectors from make_attention_vectors.py (sizes as in each "config").

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4)]
[SelfAttention(Heads = 2, Causal = true)]
public partial class LstmCausalSelfAttentionD { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 5, OutputSize = 2)]
[Lstm(4)]
[SelfAttention(Heads = 2, Causal = true)]
public partial class LstmCausalSelfAttentionF { }

[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 5, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[TransformerBlock(Heads = 2, FeedForward = 6)]
public partial class TransformerBlockManyToOneCeD { }

[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 5, OutputSize = 3, Loss = LossKind.CrossEntropy)]
[TransformerBlock(Heads = 2, FeedForward = 6)]
public partial class TransformerBlockManyToOneCeF { }

[SequenceModel(Topology.ManyToOne, InputSize = 6, Steps = 6, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[TransformerBlock(Heads = 3, FeedForward = 5, Causal = true, NormFirst = true, PositionalEncoding = true)]
public partial class TransformerBlockNormFirstD { }

[SequenceModel(Topology.ManyToOne, InputSize = 6, Steps = 6, OutputSize = 3, Loss = LossKind.CrossEntropy)]
[TransformerBlock(Heads = 3, FeedForward = 5, Causal = true, NormFirst = true, PositionalEncoding = true)]
public partial class TransformerBlockNormFirstF { }
