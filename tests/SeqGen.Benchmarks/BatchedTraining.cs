using System;
using BenchmarkDotNet.Attributes;

namespace SeqGen.Benchmarks;

/// <summary>
/// One mini-batch of 32 sequences (T = 100) for the LSTM 16->128: forward, backward through time,
/// the mean gradient, Adam. Reported per sequence (OperationsPerInvoke = 32). <c>MiniBatch</c> is
/// one thread, which for this model runs the sequences 8 at a time in lockstep
/// (ComputeBatchGradients); <c>DataParallel</c> splits the batch over Workers threads, each with its
/// own replica of the model. <see cref="SequenceLoopTraining"/> is the path before lockstep batches.
/// </summary>
[MemoryDiagnoser]
public class BatchedTraining
{
    private const int Batch = 32;
    private readonly Lstm16x128 _model = new(seed: 1);
    private readonly RegressionDataset<float> _data;
    private readonly int[] _batch = new int[Batch];
    private Adam<float> _adam = null!;
    private DataParallel<float> _parallel = null!;

    public BatchedTraining()
    {
        var inputs = new float[Batch * Lstm16x128.InputLength];
        var targets = new float[Batch * Lstm16x128.OutputLength];
        for (int n = 0; n < Batch; n++)
        {
            Inputs.Sequence(Lstm16x128.Steps, Lstm16x128.InputSize, seed: 100 + n).CopyTo(inputs, n * Lstm16x128.InputLength);
            Inputs.Sequence(Lstm16x128.OutputSteps, Lstm16x128.OutputSize, seed: 200 + n).CopyTo(targets, n * Lstm16x128.OutputLength);
            _batch[n] = n;
        }
        _data = new RegressionDataset<float>(inputs, Lstm16x128.InputLength, targets, Lstm16x128.OutputLength);
    }

    [Params(1, 2)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _adam = new Adam<float>(Lstm16x128.ParameterCount, learningRate: 1e-4);
        _parallel = new DataParallel<float>(_model, () => new Lstm16x128(), Workers);
    }

    [GlobalCleanup]
    public void Cleanup() => _parallel.Dispose();

    [Benchmark(OperationsPerInvoke = Batch)]
    public float DataParallel_Lstm16x128_Batch32() => _parallel.Step(_adam, _data, _batch, 1f);

    [Benchmark(OperationsPerInvoke = Batch)]
    public float MiniBatch_Lstm16x128_Batch32() => MiniBatch.Step(_model, _adam, _data, _batch, 1f);
}

/// <summary>
/// The same mini-batch step as <see cref="BatchedTraining"/>'s MiniBatch row, with ComputeGradients
/// called once per sequence on one thread (what MiniBatch did before lockstep batches), so the two
/// can be compared in one run. Reported per sequence.
/// </summary>
[MemoryDiagnoser]
public class SequenceLoopTraining
{
    private const int Batch = 32;
    private readonly Lstm16x128 _model = new(seed: 1);
    private readonly float[] _inputs = new float[Batch * Lstm16x128.InputLength];
    private readonly float[] _targets = new float[Batch * Lstm16x128.OutputLength];
    private readonly Adam<float> _adam = new(Lstm16x128.ParameterCount, learningRate: 1e-4);

    public SequenceLoopTraining()
    {
        for (int n = 0; n < Batch; n++)
        {
            Inputs.Sequence(Lstm16x128.Steps, Lstm16x128.InputSize, seed: 100 + n).CopyTo(_inputs, n * Lstm16x128.InputLength);
            Inputs.Sequence(Lstm16x128.OutputSteps, Lstm16x128.OutputSize, seed: 200 + n).CopyTo(_targets, n * Lstm16x128.OutputLength);
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public float SequenceLoop_Lstm16x128_Batch32()
    {
        _model.ZeroGradients();
        float loss = 0;
        for (int n = 0; n < Batch; n++)
        {
            loss += _model.ComputeGradients(_inputs.AsSpan(n * Lstm16x128.InputLength, Lstm16x128.InputLength), _targets.AsSpan(n * Lstm16x128.OutputLength, Lstm16x128.OutputLength));
        }
        System.Numerics.Tensors.TensorPrimitives.Multiply<float>(_model.Gradients, 1f / Batch, _model.Gradients);
        _adam.Step(_model.Parameters, _model.Gradients);
        return loss;
    }
}
