using System;
using BenchmarkDotNet.Attributes;
using SeqGen.Numerics;

namespace SeqGen.Benchmarks;

/// <summary>
/// Why generated models keep their parameters in <see cref="AlignedBuffer{T}"/>: one LSTM 1->32
/// step (<see cref="LstmStep.Forward{T}"/>) with its weights starting on a 64-byte boundary, and
/// the same weights 8 and 16 bytes past one (where an ordinary float[] may put them), so that every
/// other 32-byte weight load spans two cache lines. One run measures all three (BenchmarkDotNet
/// starts a process per method): the ratio to the aligned row is what counts.
/// </summary>
[MemoryDiagnoser]
public class WeightAlignment
{
    private const int H = 32, Inputs = 1, Gates = 4 * H;
    private const int Length = Gates * Inputs + Gates * H + 2 * Gates; // W_ih, W_hh, b_ih, b_hh
    private readonly AlignedBuffer<float> _storage = AlignedBuffer<float>.Allocate(Length + 4);
    private readonly float[] _x = [0.5f];
    private readonly float[] _gates = new float[Gates];
    private readonly float[] _hidden = new float[H];
    private readonly float[] _cell = new float[H];

    public WeightAlignment()
    {
        var random = new Random(1);
        Span<float> all = _storage;
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = (float)(random.NextDouble() - 0.5) * 0.35f; // PyTorch's default range, 1/sqrt(H)
        }
    }

    private float StepAt(int offset)
    {
        ReadOnlySpan<float> p = _storage.AsSpan(offset, Length);
        LstmStep.Forward<float>(p[..Gates], p.Slice(Gates, Gates * H), p.Slice(Gates + Gates * H, Gates), p.Slice(2 * Gates + Gates * H, Gates),
            _x, _hidden, _cell, _gates, _cell, _hidden);
        return _hidden[0];
    }

    [Benchmark(Baseline = true)]
    public float Lstm1x32_Aligned() => StepAt(0);

    [Benchmark]
    public float Lstm1x32_Offset8Bytes() => StepAt(2);

    [Benchmark]
    public float Lstm1x32_Offset16Bytes() => StepAt(4);
}
