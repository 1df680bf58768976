using BenchmarkDotNet.Attributes;

namespace SeqGen.Benchmarks;

/// <summary>
/// One training step of the LSTM 1->32 over 100 steps (MSE, a target per step): zero the
/// gradients, forward and backward through time, then Adam. The two parts are also timed alone.
/// The parameters keep changing from one invocation to the next, as in real training.
/// </summary>
[MemoryDiagnoser]
public class TrainingStep
{
    private readonly Lstm1x32 _model = new(seed: 1);
    private readonly float[] _input = Inputs.Sequence(Lstm1x32.Steps, Lstm1x32.InputSize, seed: 7);
    private readonly float[] _targets = Inputs.Sequence(Lstm1x32.OutputSteps, Lstm1x32.OutputSize, seed: 8);
    private readonly Adam<float> _adam = new(Lstm1x32.ParameterCount, learningRate: 1e-3);

    [Benchmark]
    public float Lstm1x32_ComputeGradientsAndAdam()
    {
        _model.ZeroGradients();
        float loss = _model.ComputeGradients(_input, _targets);
        _adam.Step(_model.Parameters, _model.Gradients);
        return loss;
    }

    [Benchmark]
    public float Lstm1x32_ComputeGradients()
    {
        _model.ZeroGradients();
        return _model.ComputeGradients(_input, _targets);
    }

    [Benchmark]
    public void Lstm1x32_AdamStep() => _adam.Step(_model.Parameters, _model.Gradients);
}
