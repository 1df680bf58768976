using System;
using BenchmarkDotNet.Attributes;

namespace SeqGen.Benchmarks;

/// <summary>
/// One mini-batch of 32 sequences (T = 100) for the LSTM 16->128: forward, backward through time,
/// the mean gradient, Adam. Reported per sequence (OperationsPerInvoke = 32). <c>MiniBatch</c> is
/// the one-thread loop; <c>DataParallel</c> splits the batch over Workers threads, each with its own
/// replica of the model.
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
