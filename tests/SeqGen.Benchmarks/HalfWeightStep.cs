using System;
using BenchmarkDotNet.Attributes;

namespace SeqGen.Benchmarks;

/// <summary>
/// Streaming <c>Step</c> with WeightStorage.Half and BFloat16 against the same model with float weights (the
/// float rows are <see cref="StreamingStep"/>'s models, measured again here side by side; GRU layers
/// have no Half kernel, so GRU 1->64 has a BFloat16 row only). Same seed, same inputs; 100 steps per
/// invocation, reported per step. <see cref="WeightRead"/> gives the float32 weight-read bound to compare with.
/// </summary>
[MemoryDiagnoser]
public class HalfWeightStep
{
    private const int StepsPerInvoke = 100;
    private readonly Lstm1x32 _lstm1x32 = new(seed: 1);
    private readonly Lstm1x32Half _lstm1x32Half = new(seed: 1);
    private readonly Lstm1x64 _lstm1x64 = new(seed: 1);
    private readonly Lstm1x64Half _lstm1x64Half = new(seed: 1);
    private readonly Lstm16x128 _lstm16x128 = new(seed: 1);
    private readonly Lstm16x128Half _lstm16x128Half = new(seed: 1);
    private readonly Lstm1x32BFloat16 _lstm1x32BFloat16 = new(seed: 1);
    private readonly Lstm1x64BFloat16 _lstm1x64BFloat16 = new(seed: 1);
    private readonly Lstm16x128BFloat16 _lstm16x128BFloat16 = new(seed: 1);
    private readonly Gru1x64 _gru1x64 = new(seed: 1);
    private readonly Gru1x64BFloat16 _gru1x64BFloat16 = new(seed: 1);
    private readonly float[] _oneInput = Inputs.Sequence(100, 1);
    private readonly float[] _sixteenInputs = Inputs.Sequence(100, 16);
    private readonly float[] _y = new float[1];

    private float Run(IStreamingModel<float> model, ReadOnlySpan<float> input, int inputSize)
    {
        Span<float> y = _y;
        for (int t = 0; t < StepsPerInvoke; t++)
        {
            model.Step(input.Slice(t * inputSize, inputSize), y);
        }
        return y[0];
    }

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float Float_Lstm1x32() => Run(_lstm1x32, _oneInput, 1);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float Half_Lstm1x32() => Run(_lstm1x32Half, _oneInput, 1);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float Float_Lstm1x64() => Run(_lstm1x64, _oneInput, 1);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float Half_Lstm1x64() => Run(_lstm1x64Half, _oneInput, 1);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float Float_Lstm16x128() => Run(_lstm16x128, _sixteenInputs, 16);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float Half_Lstm16x128() => Run(_lstm16x128Half, _sixteenInputs, 16);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float BFloat16_Lstm1x32() => Run(_lstm1x32BFloat16, _oneInput, 1);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float BFloat16_Lstm1x64() => Run(_lstm1x64BFloat16, _oneInput, 1);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float BFloat16_Lstm16x128() => Run(_lstm16x128BFloat16, _sixteenInputs, 16);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float Float_Gru1x64() => Run(_gru1x64, _oneInput, 1);

    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public float BFloat16_Gru1x64() => Run(_gru1x64BFloat16, _oneInput, 1);
}
