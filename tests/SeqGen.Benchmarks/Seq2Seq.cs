using System;
using BenchmarkDotNet.Attributes;

namespace SeqGen.Benchmarks;

/// <summary>
/// The Reverser sample's encoder-decoder (10 digits in, 10 out; bidirectional LSTM(16) encoder,
/// LSTM(32) decoder, general attention): one training step (teacher-forced forward, backward,
/// Adam), greedy decoding (Forward), and sampled decoding (Generate).
/// </summary>
[MemoryDiagnoser]
public class Seq2Seq
{
    private readonly Seq2SeqReverser _model = new(seed: 1);
    private readonly float[] _input = OneHots(seed: 3);
    private readonly int[] _targets = { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3 };
    private readonly float[] _output = new float[Seq2SeqReverser.OutputLength];
    private readonly int[] _tokens = new int[Seq2SeqReverser.OutputSteps];
    private readonly Random _random = new(5);
    private readonly Adam<float> _adam = new(Seq2SeqReverser.ParameterCount, learningRate: 1e-3);

    [Benchmark]
    public float Reverser_ComputeGradientsAndAdam()
    {
        _model.ZeroGradients();
        float loss = _model.ComputeGradients(_input, _targets);
        _adam.Step(_model.Parameters, _model.Gradients);
        return loss;
    }

    [Benchmark]
    public void Reverser_ForwardGreedy() => _model.Forward(_input, _output);

    [Benchmark]
    public void Reverser_Generate() => _model.Generate(_input, _tokens, 1f, _random);

    private static float[] OneHots(int seed)
    {
        var random = new Random(seed);
        var input = new float[Seq2SeqReverser.InputLength];
        for (int t = 0; t < Seq2SeqReverser.Steps; t++)
        {
            input[t * Seq2SeqReverser.InputSize + random.Next(Seq2SeqReverser.InputSize)] = 1;
        }
        return input;
    }
}
