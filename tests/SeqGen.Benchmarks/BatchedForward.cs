using System;
using BenchmarkDotNet.Attributes;

namespace SeqGen.Benchmarks;

/// <summary>
/// Inference on a batch of 32 sequences (T = 100) with <c>ForwardBatch</c>, which runs them in the
/// lockstep groups of batch training, against <c>Forward</c> on each. Reported per time step of one
/// sequence (OperationsPerInvoke = 32 x 100), like <see cref="ForwardPass"/>'s PerStep rows.
/// </summary>
[MemoryDiagnoser]
public class BatchedForward
{
    private const int Batch = 32;
    private readonly Lstm16x128 _lstm = new(seed: 1);
    private readonly Gru16x128 _gru = new(seed: 1);
    private readonly float[] _inputs = new float[Batch * Lstm16x128.InputLength];
    private readonly float[] _outputs = new float[Batch * Lstm16x128.OutputLength];

    public BatchedForward()
    {
        for (int n = 0; n < Batch; n++)
        {
            Inputs.Sequence(Lstm16x128.Steps, Lstm16x128.InputSize, seed: 100 + n).CopyTo(_inputs, n * Lstm16x128.InputLength);
        }
    }

    [Benchmark(OperationsPerInvoke = Batch * Lstm16x128.Steps)]
    public void ForwardBatch_Lstm16x128() => _lstm.ForwardBatch(_inputs, _outputs, Batch);

    [Benchmark(OperationsPerInvoke = Batch * Lstm16x128.Steps)]
    public void ForwardEach_Lstm16x128()
    {
        for (int n = 0; n < Batch; n++)
        {
            _lstm.Forward(_inputs.AsSpan(n * Lstm16x128.InputLength, Lstm16x128.InputLength), _outputs.AsSpan(n * Lstm16x128.OutputLength, Lstm16x128.OutputLength));
        }
    }

    [Benchmark(OperationsPerInvoke = Batch * Gru16x128.Steps)]
    public void ForwardBatch_Gru16x128() => _gru.ForwardBatch(_inputs, _outputs, Batch);

    [Benchmark(OperationsPerInvoke = Batch * Gru16x128.Steps)]
    public void ForwardEach_Gru16x128()
    {
        for (int n = 0; n < Batch; n++)
        {
            _gru.Forward(_inputs.AsSpan(n * Gru16x128.InputLength, Gru16x128.InputLength), _outputs.AsSpan(n * Gru16x128.OutputLength, Gru16x128.OutputLength));
        }
    }
}
