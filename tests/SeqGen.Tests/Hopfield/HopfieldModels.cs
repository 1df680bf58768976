namespace SeqGen.Tests.HopfieldNetworks;

// The namespace is not "Hopfield": a namespace of that name would hide the [Hopfield] attribute.

[Hopfield(Size = 64, MaxIterations = 50)]
public partial class Memory64 { }

[Hopfield(Size = 4)]
public partial class Memory4 { }

[Hopfield(Size = 2, MaxIterations = 7)]
public partial class Memory2 { }
