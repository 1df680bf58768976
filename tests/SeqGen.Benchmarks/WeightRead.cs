using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using SeqGen.Numerics;

namespace SeqGen.Benchmarks;

/// <summary>
/// Probe of the float32 weight-read bound on this machine: one pass that only reads (and adds up)
/// as many floats as a model's W_ih and W_hh hold, eight independent vector sums so that nothing
/// but the loads limits it. Read again and again, the array stays in the cache level a streaming
/// <c>Step</c> would keep the same weights in, so the time per read is the least a float-weight step
/// can take; issue 7 asks <c>WeightStorage</c> 16-bit steps to beat it at H >= 64.
/// <c>--count-read model n</c> runs n reads for a counter tool, like <see cref="StepCounter"/>.
/// </summary>
public class WeightRead
{
    /// <summary>The float weights of each H >= 64 benchmark model's W_ih and W_hh: gates x H x (inputs + H).</summary>
    internal static readonly Dictionary<string, int> WeightCounts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Lstm1x64"] = 4 * 64 * (1 + 64),
        ["Gru1x64"] = 3 * 64 * (1 + 64),
        ["Lstm16x128"] = 4 * 128 * (16 + 128),
    };

    private AlignedBuffer<float> _weights = AlignedBuffer<float>.Allocate(64);

    [Params("Lstm1x64", "Gru1x64", "Lstm16x128")]
    public string Model { get; set; } = "Lstm1x64";

    [GlobalSetup]
    public void Setup() => _weights = Filled(WeightCounts[Model]);

    [Benchmark]
    public float ReadFloatWeights() => Sum(_weights);

    /// <summary>The same read with 512-bit loads (one per cache line): on AVX-512 hardware, the lower bound.</summary>
    [Benchmark]
    public float ReadFloatWeights512() => SumWide(_weights);

    /// <summary>On a cache-line boundary, as a generated model keeps its parameters (<see cref="AlignedBuffer{T}"/>).</summary>
    private static AlignedBuffer<float> Filled(int count)
    {
        AlignedBuffer<float> weights = AlignedBuffer<float>.Allocate(count);
        Span<float> values = weights.AsSpan();
        for (int i = 0; i < count; i++)
        {
            values[i] = 1e-3f * (i % 17);
        }
        return weights;
    }

    /// <summary>The sum of <paramref name="weights"/> (a multiple of 64 long), by eight vector accumulators.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static float Sum(AlignedBuffer<float> weights)
    {
        ref float w = ref MemoryMarshal.GetReference(weights.AsSpan());
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (nuint i = 0; i + 64 <= (nuint)weights.Length; i += 64)
        {
            a0 += Vector256.LoadUnsafe(ref w, i);
            a1 += Vector256.LoadUnsafe(ref w, i + 8);
            a2 += Vector256.LoadUnsafe(ref w, i + 16);
            a3 += Vector256.LoadUnsafe(ref w, i + 24);
            a4 += Vector256.LoadUnsafe(ref w, i + 32);
            a5 += Vector256.LoadUnsafe(ref w, i + 40);
            a6 += Vector256.LoadUnsafe(ref w, i + 48);
            a7 += Vector256.LoadUnsafe(ref w, i + 56);
        }
        return Vector256.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)));
    }

    /// <summary>
    /// <see cref="Sum"/> with eight 512-bit accumulators (a tail of up to 120 floats with 256-bit loads).
    /// Without AVX-512 it runs Vector512's software fallback, which means nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static float SumWide(AlignedBuffer<float> weights)
    {
        ref float w = ref MemoryMarshal.GetReference(weights.AsSpan());
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        nuint i = 0;
        for (; i + 128 <= (nuint)weights.Length; i += 128)
        {
            a0 += Vector512.LoadUnsafe(ref w, i);
            a1 += Vector512.LoadUnsafe(ref w, i + 16);
            a2 += Vector512.LoadUnsafe(ref w, i + 32);
            a3 += Vector512.LoadUnsafe(ref w, i + 48);
            a4 += Vector512.LoadUnsafe(ref w, i + 64);
            a5 += Vector512.LoadUnsafe(ref w, i + 80);
            a6 += Vector512.LoadUnsafe(ref w, i + 96);
            a7 += Vector512.LoadUnsafe(ref w, i + 112);
        }
        Vector256<float> tail = default;
        for (; i + 8 <= (nuint)weights.Length; i += 8)
        {
            tail += Vector256.LoadUnsafe(ref w, i);
        }
        return Vector512.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))) + Vector256.Sum(tail);
    }

    /// <summary>
    /// Runs <c>--count-read model n</c>: n reads of that model's float weights; or, with
    /// <paramref name="timed"/> (<c>--time-read model n</c>), rounds of n reads timed as
    /// <see cref="StepCounter.Time"/> does, with 256-bit and then 512-bit loads.
    /// </summary>
    internal static int Count(string[] arguments, bool timed = false)
    {
        if (arguments.Length != 2 || !WeightCounts.TryGetValue(arguments[0], out int floats) || !long.TryParse(arguments[1], out long count) || count < (timed ? 1 : 0))
        {
            Console.Error.WriteLine($"{(timed ? "--time-read" : "--count-read")} needs a model ({string.Join(", ", WeightCounts.Keys)}) and a read count >= {(timed ? 1 : 0)}; got '{string.Join(" ", arguments)}'.");
            return 2;
        }
        AlignedBuffer<float> weights = Filled(floats);
        float total = 0;
        if (timed)
        {
            StepCounter.Time(count, reads => { for (int n = 0; n < reads; n++) { total += Sum(weights); } });
            StepCounter.Time(count, reads => { for (int n = 0; n < reads; n++) { total += SumWide(weights); } });
            Console.WriteLine($"(256-bit loads, then 512-bit) total {total}");
            return 0;
        }
        StepCounter.Count(count, reads =>
        {
            for (int n = 0; n < reads; n++)
            {
                total += Sum(weights);
            }
        });
        Console.WriteLine($"{count} reads of {floats} floats ({arguments[0]}); total {total}");
        return 0;
    }
}
