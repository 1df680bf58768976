using System;
using BenchmarkDotNet.Attributes;

namespace SeqGen.Benchmarks;

/// <summary>
/// The GRU 16->128 twin of <see cref="BatchedTraining"/> and <see cref="SequenceLoopTraining"/>: one
/// mini-batch of 32 sequences (T = 100), forward, backward, the mean gradient and Adam on one
/// thread, in lockstep groups of 8 (<c>MiniBatch.Step</c>) and one sequence at a time. Reported
/// per sequence.
/// </summary>
[MemoryDiagnoser]
public class GruBatchedTraining
{
    private const int Batch = 32;
    private readonly Gru16x128 _model = new(seed: 1);
    private readonly RegressionDataset<float> _data;
    private readonly int[] _batch = new int[Batch];
    private readonly Adam<float> _adam = new(Gru16x128.ParameterCount, learningRate: 1e-4);

    public GruBatchedTraining()
    {
        var inputs = new float[Batch * Gru16x128.InputLength];
        var targets = new float[Batch * Gru16x128.OutputLength];
        for (int n = 0; n < Batch; n++)
        {
            Inputs.Sequence(Gru16x128.Steps, Gru16x128.InputSize, seed: 100 + n).CopyTo(inputs, n * Gru16x128.InputLength);
            Inputs.Sequence(Gru16x128.OutputSteps, Gru16x128.OutputSize, seed: 200 + n).CopyTo(targets, n * Gru16x128.OutputLength);
            _batch[n] = n;
        }
        _data = new RegressionDataset<float>(inputs, Gru16x128.InputLength, targets, Gru16x128.OutputLength);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public float MiniBatch_Gru16x128_Batch32() => MiniBatch.Step(_model, _adam, _data, _batch, 1f);

    [Benchmark(OperationsPerInvoke = Batch)]
    public float SequenceLoop_Gru16x128_Batch32()
    {
        _model.ZeroGradients();
        float loss = 0;
        foreach (int n in _batch)
        {
            loss += _model.ComputeGradients(_data.Input(n), _data.Target(n));
        }
        System.Numerics.Tensors.TensorPrimitives.Multiply<float>(_model.Gradients, 1f / Batch, _model.Gradients);
        _adam.Step(_model.Parameters, _model.Gradients);
        return loss;
    }
}
