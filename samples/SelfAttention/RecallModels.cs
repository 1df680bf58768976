using SeqGen;

namespace SeqGen.Samples.SelfAttention;

// Key-value recall: 12 steps each show a key (one of 16) with a value (one of 8), then a 13th step
// shows one of those keys alone; the model must answer the value that key came with.

/// <summary>One post-norm transformer block over the 24-wide steps, the head on the last step's output.</summary>
[SequenceModel(Topology.ManyToOne, InputSize = RecallTask.Width, Steps = RecallTask.Steps, OutputSize = RecallTask.Values, Loss = LossKind.CrossEntropy)]
[TransformerBlock(Heads = 2, FeedForward = 48)]
public partial class RecallTransformer { }

/// <summary>An LSTM of about the same parameter count, the head on its final state.</summary>
[SequenceModel(Topology.ManyToOne, InputSize = RecallTask.Width, Steps = RecallTask.Steps, OutputSize = RecallTask.Values, Loss = LossKind.CrossEntropy)]
[Lstm(24)]
public partial class RecallLstm { }
