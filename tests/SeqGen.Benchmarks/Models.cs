using SeqGen;

namespace SeqGen.Benchmarks;

// The benchmarked models: single precision, one input and one output per step (except the last),
// many-to-many over 100 steps, so Forward writes one output per step like streaming does.

[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, Precision = Precision.Single)]
[Lstm(8)]
public partial class Lstm1x8 { }

[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, Precision = Precision.Single)]
[Lstm(16)]
public partial class Lstm1x16 { }

[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, Precision = Precision.Single)]
[Lstm(32)]
public partial class Lstm1x32 { }

[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, Precision = Precision.Single)]
[Lstm(64)]
public partial class Lstm1x64 { }

[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, Precision = Precision.Single)]
[Gru(8)]
public partial class Gru1x8 { }

[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, Precision = Precision.Single)]
[Gru(16)]
public partial class Gru1x16 { }

[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, Precision = Precision.Single)]
[Gru(32)]
public partial class Gru1x32 { }

[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, Precision = Precision.Single)]
[Gru(64)]
public partial class Gru1x64 { }

[SequenceModel(Topology.ManyToMany, InputSize = 16, Steps = 100, OutputSize = 1, Precision = Precision.Single)]
[Lstm(128)]
public partial class Lstm16x128 { }

[SequenceModel(Topology.ManyToMany, InputSize = 16, Steps = 100, OutputSize = 1, Precision = Precision.Single)]
[Gru(128)]
public partial class Gru16x128 { }

// The Reverser sample's encoder-decoder (samples/Reverser/ReverserModel.cs), declared again so the benchmark needs no sample.

[SequenceModel(Topology.EncoderDecoder, InputSize = 10, Steps = 10, OutputSize = 10, OutputSteps = 10, Loss = LossKind.CrossEntropy)]
[Lstm(16, Bidirectional = true)]
[Attention(AttentionKind.General)]
public partial class Seq2SeqReverser { }

// WeightStorage.Half twins of the bandwidth-bound rows: Step reads W_ih and W_hh in half precision.
[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, Precision = Precision.Single, WeightStorage = WeightStorage.Half)]
[Lstm(32)]
public partial class Lstm1x32Half { }

[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, Precision = Precision.Single, WeightStorage = WeightStorage.Half)]
[Lstm(64)]
public partial class Lstm1x64Half { }

[SequenceModel(Topology.ManyToMany, InputSize = 16, Steps = 100, OutputSize = 1, Precision = Precision.Single, WeightStorage = WeightStorage.Half)]
[Lstm(128)]
public partial class Lstm16x128Half { }

// WeightStorage.BFloat16 twins.
[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, Precision = Precision.Single, WeightStorage = WeightStorage.BFloat16)]
[Lstm(32)]
public partial class Lstm1x32BFloat16 { }

[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, Precision = Precision.Single, WeightStorage = WeightStorage.BFloat16)]
[Lstm(64)]
public partial class Lstm1x64BFloat16 { }

[SequenceModel(Topology.ManyToMany, InputSize = 16, Steps = 100, OutputSize = 1, Precision = Precision.Single, WeightStorage = WeightStorage.BFloat16)]
[Lstm(128)]
public partial class Lstm16x128BFloat16 { }

[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, Precision = Precision.Single, WeightStorage = WeightStorage.BFloat16)]
[Gru(64)]
public partial class Gru1x64BFloat16 { }
