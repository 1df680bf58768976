using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using SeqGen.Numerics;

namespace SeqGen.Benchmarks;

/// <summary>
/// Latency of the single-precision vector activations: each call takes the previous call's result,
/// as a streaming step waits on its activations, so the figure is one call's dependency chain
/// rather than its throughput.
/// </summary>
[MemoryDiagnoser]
public class ActivationLatency
{
    private const int ChainLength = 100;
    private readonly Vector256<float> _start = Vector256.Create(0.3f);

    [Benchmark(OperationsPerInvoke = ChainLength)]
    public float SigmoidChain()
    {
        Vector256<float> x = _start;
        for (int i = 0; i < ChainLength; i++)
        {
            x = Activations.Sigmoid(x);
        }
        return x.ToScalar();
    }

    [Benchmark(OperationsPerInvoke = ChainLength)]
    public float TanhChain()
    {
        Vector256<float> x = _start;
        for (int i = 0; i < ChainLength; i++)
        {
            x = Activations.Tanh(x);
        }
        return x.ToScalar();
    }
}
