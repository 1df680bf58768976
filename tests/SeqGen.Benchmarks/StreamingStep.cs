using System;
using BenchmarkDotNet.Attributes;

namespace SeqGen.Benchmarks;

/// <summary>
/// Streaming inference: the figure is the time of one <c>Step</c> call (one input vector in, one
/// output out, state kept in the model). Each invocation runs 100 steps through the same
/// 100-step input; the state is never reset (a reset in [IterationSetup] would disturb the
/// timing), which is safe because the inputs are small and the LSTM/GRU state stays bounded.
/// </summary>
[MemoryDiagnoser]
public class StreamingStep
{
    private const int StepsPerInvoke = 100;
    private readonly Lstm1x8 _lstm1x8 = new(seed: 1);
    private readonly float[] _lstm1x8Input = Inputs.Sequence(Lstm1x8.Steps, Lstm1x8.InputSize);
    private readonly Lstm1x16 _lstm1x16 = new(seed: 1);
    private readonly float[] _lstm1x16Input = Inputs.Sequence(Lstm1x16.Steps, Lstm1x16.InputSize);
    private readonly Lstm1x32 _lstm1x32 = new(seed: 1);
    private readonly float[] _lstm1x32Input = Inputs.Sequence(Lstm1x32.Steps, Lstm1x32.InputSize);
    private readonly Lstm1x64 _lstm1x64 = new(seed: 1);
    private readonly float[] _lstm1x64Input = Inputs.Sequence(Lstm1x64.Steps, Lstm1x64.InputSize);
    private readonly Gru1x8 _gru1x8 = new(seed: 1);
    private readonly float[] _gru1x8Input = Inputs.Sequence(Gru1x8.Steps, Gru1x8.InputSize);
    private readonly Gru1x32 _gru1x32 = new(seed: 1);
    private readonly float[] _gru1x32Input = Inputs.Sequence(Gru1x32.Steps, Gru1x32.InputSize);
    private readonly Gru1x64 _gru1x64 = new(seed: 1);
    private readonly float[] _gru1x64Input = Inputs.Sequence(Gru1x64.Steps, Gru1x64.InputSize);
    private readonly Lstm16x128 _lstm16x128 = new(seed: 1);
    private readonly float[] _lstm16x128Input = Inputs.Sequence(Lstm16x128.Steps, Lstm16x128.InputSize);
    private readonly float[] _y = new float[1];

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float Step_Lstm1x8()
    {
        Lstm1x8 model = _lstm1x8;
        ReadOnlySpan<float> input = _lstm1x8Input;
        Span<float> y = _y;
        for (int t = 0; t < StepsPerInvoke; t++)
        {
            model.Step(input.Slice(t * Lstm1x8.InputSize, Lstm1x8.InputSize), y);
        }
        return y[0];
    }

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float Step_Lstm1x16()
    {
        Lstm1x16 model = _lstm1x16;
        ReadOnlySpan<float> input = _lstm1x16Input;
        Span<float> y = _y;
        for (int t = 0; t < StepsPerInvoke; t++)
        {
            model.Step(input.Slice(t * Lstm1x16.InputSize, Lstm1x16.InputSize), y);
        }
        return y[0];
    }

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float Step_Lstm1x32()
    {
        Lstm1x32 model = _lstm1x32;
        ReadOnlySpan<float> input = _lstm1x32Input;
        Span<float> y = _y;
        for (int t = 0; t < StepsPerInvoke; t++)
        {
            model.Step(input.Slice(t * Lstm1x32.InputSize, Lstm1x32.InputSize), y);
        }
        return y[0];
    }

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float Step_Lstm1x64()
    {
        Lstm1x64 model = _lstm1x64;
        ReadOnlySpan<float> input = _lstm1x64Input;
        Span<float> y = _y;
        for (int t = 0; t < StepsPerInvoke; t++)
        {
            model.Step(input.Slice(t * Lstm1x64.InputSize, Lstm1x64.InputSize), y);
        }
        return y[0];
    }

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float Step_Gru1x8()
    {
        Gru1x8 model = _gru1x8;
        ReadOnlySpan<float> input = _gru1x8Input;
        Span<float> y = _y;
        for (int t = 0; t < StepsPerInvoke; t++)
        {
            model.Step(input.Slice(t * Gru1x8.InputSize, Gru1x8.InputSize), y);
        }
        return y[0];
    }

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float Step_Gru1x32()
    {
        Gru1x32 model = _gru1x32;
        ReadOnlySpan<float> input = _gru1x32Input;
        Span<float> y = _y;
        for (int t = 0; t < StepsPerInvoke; t++)
        {
            model.Step(input.Slice(t * Gru1x32.InputSize, Gru1x32.InputSize), y);
        }
        return y[0];
    }

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float Step_Gru1x64()
    {
        Gru1x64 model = _gru1x64;
        ReadOnlySpan<float> input = _gru1x64Input;
        Span<float> y = _y;
        for (int t = 0; t < StepsPerInvoke; t++)
        {
            model.Step(input.Slice(t * Gru1x64.InputSize, Gru1x64.InputSize), y);
        }
        return y[0];
    }

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float Step_Lstm16x128()
    {
        Lstm16x128 model = _lstm16x128;
        ReadOnlySpan<float> input = _lstm16x128Input;
        Span<float> y = _y;
        for (int t = 0; t < StepsPerInvoke; t++)
        {
            model.Step(input.Slice(t * Lstm16x128.InputSize, Lstm16x128.InputSize), y);
        }
        return y[0];
    }
}
