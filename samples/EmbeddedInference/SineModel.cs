namespace SeqGen.Samples.EmbeddedInference;

/// <summary>
/// Predicts the next sample of a noisy sine wave (period 30 samples, noise 0.1) at every step. Its
/// weights, trained by <c>--train</c> (<see cref="SineTraining"/>), are in sine.safetensors, which
/// the generator builds into the assembly: <c>new SineModel()</c> loads nothing at run time.
/// </summary>
[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = SineTraining.Window, OutputSize = 1, Weights = "sine.safetensors")]
[Lstm(12)]
public partial class SineModel { }
