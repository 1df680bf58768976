using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace SeqGen.Benchmarks;

/// <summary>
/// Probe of the machine's peak single-precision throughput: independent chains of Vector256 FMAs
/// (acc = acc * a + b), enough of them to hide the FMA latency. One operation is one Vector256 FMA
/// = 8 multiply-adds = 16 FLOP, so peak GFLOP/s per core = 16 / (ns per op). Two variants, 8 and 12
/// accumulators, because 8 chains saturate two FMA pipes only when the FMA latency is at most 4
/// cycles; the faster of the two is the peak. (acc converges to b / (1 - a), so no overflow or
/// denormals.)
/// </summary>
[MemoryDiagnoser]
public class PeakFma
{
    private const int Iterations = 10_000;
    private float _a = 0.999f;
    private float _b = 0.001f;


    [Benchmark(OperationsPerInvoke = Iterations * 8)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public float Fma256_8Chains()
    {
        Vector256<float> a = Vector256.Create(_a), b = Vector256.Create(_b);
        Vector256<float> c0 = Vector256.Create(0.1f), c1 = Vector256.Create(0.2f), c2 = Vector256.Create(0.3f), c3 = Vector256.Create(0.4f);
        Vector256<float> c4 = Vector256.Create(0.5f), c5 = Vector256.Create(0.6f), c6 = Vector256.Create(0.7f), c7 = Vector256.Create(0.8f);
        for (int i = 0; i < Iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, a, b);
            c1 = Vector256.FusedMultiplyAdd(c1, a, b);
            c2 = Vector256.FusedMultiplyAdd(c2, a, b);
            c3 = Vector256.FusedMultiplyAdd(c3, a, b);
            c4 = Vector256.FusedMultiplyAdd(c4, a, b);
            c5 = Vector256.FusedMultiplyAdd(c5, a, b);
            c6 = Vector256.FusedMultiplyAdd(c6, a, b);
            c7 = Vector256.FusedMultiplyAdd(c7, a, b);
        }
        return Vector256.Sum(((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)));
    }

    [Benchmark(OperationsPerInvoke = Iterations * 12)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public float Fma256_12Chains()
    {
        Vector256<float> a = Vector256.Create(_a), b = Vector256.Create(_b);
        Vector256<float> c0 = Vector256.Create(0.1f), c1 = Vector256.Create(0.2f), c2 = Vector256.Create(0.3f), c3 = Vector256.Create(0.4f);
        Vector256<float> c4 = Vector256.Create(0.5f), c5 = Vector256.Create(0.6f), c6 = Vector256.Create(0.7f), c7 = Vector256.Create(0.8f);
        Vector256<float> c8 = Vector256.Create(0.9f), c9 = Vector256.Create(1.0f), c10 = Vector256.Create(1.1f), c11 = Vector256.Create(1.2f);
        for (int i = 0; i < Iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, a, b);
            c1 = Vector256.FusedMultiplyAdd(c1, a, b);
            c2 = Vector256.FusedMultiplyAdd(c2, a, b);
            c3 = Vector256.FusedMultiplyAdd(c3, a, b);
            c4 = Vector256.FusedMultiplyAdd(c4, a, b);
            c5 = Vector256.FusedMultiplyAdd(c5, a, b);
            c6 = Vector256.FusedMultiplyAdd(c6, a, b);
            c7 = Vector256.FusedMultiplyAdd(c7, a, b);
            c8 = Vector256.FusedMultiplyAdd(c8, a, b);
            c9 = Vector256.FusedMultiplyAdd(c9, a, b);
            c10 = Vector256.FusedMultiplyAdd(c10, a, b);
            c11 = Vector256.FusedMultiplyAdd(c11, a, b);
        }
        return Vector256.Sum(((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11)));
    }

    /// <summary>
    /// The same with 512-bit vectors (one operation = 16 multiply-adds = 32 FLOP). It says whether
    /// this core has one 512-bit FMA unit or two: with one, a Vector512 FMA takes twice the time of a
    /// Vector256 one and wide vectors gain nothing on arithmetic. Without AVX-512 it measures
    /// Vector512's software fallback, which means nothing.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Iterations * 12)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public float Fma512_12Chains()
    {
        Vector512<float> a = Vector512.Create(_a), b = Vector512.Create(_b);
        Vector512<float> c0 = Vector512.Create(0.1f), c1 = Vector512.Create(0.2f), c2 = Vector512.Create(0.3f), c3 = Vector512.Create(0.4f);
        Vector512<float> c4 = Vector512.Create(0.5f), c5 = Vector512.Create(0.6f), c6 = Vector512.Create(0.7f), c7 = Vector512.Create(0.8f);
        Vector512<float> c8 = Vector512.Create(0.9f), c9 = Vector512.Create(1.0f), c10 = Vector512.Create(1.1f), c11 = Vector512.Create(1.2f);
        for (int i = 0; i < Iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, a, b);
            c1 = Vector512.FusedMultiplyAdd(c1, a, b);
            c2 = Vector512.FusedMultiplyAdd(c2, a, b);
            c3 = Vector512.FusedMultiplyAdd(c3, a, b);
            c4 = Vector512.FusedMultiplyAdd(c4, a, b);
            c5 = Vector512.FusedMultiplyAdd(c5, a, b);
            c6 = Vector512.FusedMultiplyAdd(c6, a, b);
            c7 = Vector512.FusedMultiplyAdd(c7, a, b);
            c8 = Vector512.FusedMultiplyAdd(c8, a, b);
            c9 = Vector512.FusedMultiplyAdd(c9, a, b);
            c10 = Vector512.FusedMultiplyAdd(c10, a, b);
            c11 = Vector512.FusedMultiplyAdd(c11, a, b);
        }
        return Vector512.Sum(((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11)));
    }
}
