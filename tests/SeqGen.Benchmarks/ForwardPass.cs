using BenchmarkDotNet.Attributes;

namespace SeqGen.Benchmarks;

/// <summary>
/// Batch inference: <c>Forward</c> over a whole 100-step sequence. Each model has two rows with
/// the same work: <c>Seq_*</c> is the time per sequence, <c>PerStep_*</c> (OperationsPerInvoke =
/// 100) the same run divided by its 100 steps, to compare with <see cref="StreamingStep"/>.
/// </summary>
[MemoryDiagnoser]
public class ForwardPass
{
    private const int Steps = 100;
    private readonly Lstm1x8 _lstm1x8 = new(seed: 1);
    private readonly float[] _lstm1x8Input = Inputs.Sequence(Lstm1x8.Steps, Lstm1x8.InputSize);
    private readonly float[] _lstm1x8Output = new float[Lstm1x8.OutputLength];
    private readonly Lstm1x16 _lstm1x16 = new(seed: 1);
    private readonly float[] _lstm1x16Input = Inputs.Sequence(Lstm1x16.Steps, Lstm1x16.InputSize);
    private readonly float[] _lstm1x16Output = new float[Lstm1x16.OutputLength];
    private readonly Lstm1x32 _lstm1x32 = new(seed: 1);
    private readonly float[] _lstm1x32Input = Inputs.Sequence(Lstm1x32.Steps, Lstm1x32.InputSize);
    private readonly float[] _lstm1x32Output = new float[Lstm1x32.OutputLength];
    private readonly Lstm1x64 _lstm1x64 = new(seed: 1);
    private readonly float[] _lstm1x64Input = Inputs.Sequence(Lstm1x64.Steps, Lstm1x64.InputSize);
    private readonly float[] _lstm1x64Output = new float[Lstm1x64.OutputLength];
    private readonly Gru1x8 _gru1x8 = new(seed: 1);
    private readonly float[] _gru1x8Input = Inputs.Sequence(Gru1x8.Steps, Gru1x8.InputSize);
    private readonly float[] _gru1x8Output = new float[Gru1x8.OutputLength];
    private readonly Gru1x32 _gru1x32 = new(seed: 1);
    private readonly float[] _gru1x32Input = Inputs.Sequence(Gru1x32.Steps, Gru1x32.InputSize);
    private readonly float[] _gru1x32Output = new float[Gru1x32.OutputLength];
    private readonly Gru1x64 _gru1x64 = new(seed: 1);
    private readonly float[] _gru1x64Input = Inputs.Sequence(Gru1x64.Steps, Gru1x64.InputSize);
    private readonly float[] _gru1x64Output = new float[Gru1x64.OutputLength];
    private readonly Lstm16x128 _lstm16x128 = new(seed: 1);
    private readonly float[] _lstm16x128Input = Inputs.Sequence(Lstm16x128.Steps, Lstm16x128.InputSize);
    private readonly float[] _lstm16x128Output = new float[Lstm16x128.OutputLength];

    [Benchmark]
    public float Seq_Lstm1x8()
    {
        _lstm1x8.Forward(_lstm1x8Input, _lstm1x8Output);
        return _lstm1x8Output[0];
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public float PerStep_Lstm1x8()
    {
        _lstm1x8.Forward(_lstm1x8Input, _lstm1x8Output);
        return _lstm1x8Output[0];
    }

    [Benchmark]
    public float Seq_Lstm1x16()
    {
        _lstm1x16.Forward(_lstm1x16Input, _lstm1x16Output);
        return _lstm1x16Output[0];
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public float PerStep_Lstm1x16()
    {
        _lstm1x16.Forward(_lstm1x16Input, _lstm1x16Output);
        return _lstm1x16Output[0];
    }

    [Benchmark]
    public float Seq_Lstm1x32()
    {
        _lstm1x32.Forward(_lstm1x32Input, _lstm1x32Output);
        return _lstm1x32Output[0];
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public float PerStep_Lstm1x32()
    {
        _lstm1x32.Forward(_lstm1x32Input, _lstm1x32Output);
        return _lstm1x32Output[0];
    }

    [Benchmark]
    public float Seq_Lstm1x64()
    {
        _lstm1x64.Forward(_lstm1x64Input, _lstm1x64Output);
        return _lstm1x64Output[0];
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public float PerStep_Lstm1x64()
    {
        _lstm1x64.Forward(_lstm1x64Input, _lstm1x64Output);
        return _lstm1x64Output[0];
    }

    [Benchmark]
    public float Seq_Gru1x8()
    {
        _gru1x8.Forward(_gru1x8Input, _gru1x8Output);
        return _gru1x8Output[0];
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public float PerStep_Gru1x8()
    {
        _gru1x8.Forward(_gru1x8Input, _gru1x8Output);
        return _gru1x8Output[0];
    }

    [Benchmark]
    public float Seq_Gru1x32()
    {
        _gru1x32.Forward(_gru1x32Input, _gru1x32Output);
        return _gru1x32Output[0];
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public float PerStep_Gru1x32()
    {
        _gru1x32.Forward(_gru1x32Input, _gru1x32Output);
        return _gru1x32Output[0];
    }

    [Benchmark]
    public float Seq_Gru1x64()
    {
        _gru1x64.Forward(_gru1x64Input, _gru1x64Output);
        return _gru1x64Output[0];
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public float PerStep_Gru1x64()
    {
        _gru1x64.Forward(_gru1x64Input, _gru1x64Output);
        return _gru1x64Output[0];
    }

    [Benchmark]
    public float Seq_Lstm16x128()
    {
        _lstm16x128.Forward(_lstm16x128Input, _lstm16x128Output);
        return _lstm16x128Output[0];
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public float PerStep_Lstm16x128()
    {
        _lstm16x128.Forward(_lstm16x128Input, _lstm16x128Output);
        return _lstm16x128Output[0];
    }
}
