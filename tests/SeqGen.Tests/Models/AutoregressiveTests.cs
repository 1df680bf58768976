using System;
using System.Linq;
using SeqGen.Numerics;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>
/// Encoder-decoders and fed-back OneToMany models: Forward is greedy decoding (each step fed its own
/// previous choice), ComputeGradients is teacher forcing, Generate samples from softmax(y / T).
/// </summary>
public sealed class AutoregressiveTests
{
    private static double[] Fill(Random random, int length) => Enumerable.Range(0, length).Select(_ => random.NextDouble() * 2 - 1).ToArray();

    private static int[] ArgMaxPerStep(ReadOnlySpan<double> logits, int classes)
    {
        var ids = new int[logits.Length / classes];
        for (int t = 0; t < ids.Length; t++)
        {
            ids[t] = Decoding.ArgMax(logits.Slice(t * classes, classes));
        }
        return ids;
    }

    public static TheoryData<string> Classifiers => new() { nameof(EdClassifierD), nameof(FeedBackCharsD) };

    private static (IClassifierModel<double> Model, IGenerativeModel<double> Generator, int InputLength, int Classes) Classifier(string name) => name switch
    {
        nameof(EdClassifierD) => (new EdClassifierD(seed: 3), new EdClassifierD(seed: 3), EdClassifierD.InputLength, EdClassifierD.OutputSize),
        _ => (new FeedBackCharsD(seed: 3), new FeedBackCharsD(seed: 3), FeedBackCharsD.InputLength, FeedBackCharsD.OutputSize),
    };

    [Theory]
    [MemberData(nameof(Classifiers))]
    public void Forward_is_teacher_forcing_with_its_own_argmax_and_not_with_other_targets(string name)
    {
        (IClassifierModel<double> model, _, int inputLength, int classes) = Classifier(name);
        double[] input = Fill(new Random(1), inputLength);
        var greedy = new double[model.Outputs.Length];
        model.Forward(input, greedy);
        int[] choices = ArgMaxPerStep(greedy, classes);

        model.ComputeGradients(input, choices);
        Assert.Equal(greedy, model.Outputs.ToArray(), (a, b) => Math.Abs(a - b) <= 1e-12);

        // other targets change every step after the first: the decoder really reads the targets
        int[] others = choices.Select(c => (c + 1) % classes).ToArray();
        model.ComputeGradients(input, others);
        double[] forced = model.Outputs.ToArray();
        Assert.Equal(greedy[..classes], forced[..classes], (a, b) => Math.Abs(a - b) <= 1e-12);
        for (int t = 1; t < choices.Length; t++)
        {
            Assert.NotEqual(greedy.AsSpan(t * classes, classes).ToArray(), forced.AsSpan(t * classes, classes).ToArray());
        }
    }

    [Fact]
    public void A_regression_decoder_feeds_back_its_outputs()
    {
        foreach (IRegressionModel<double> model in new IRegressionModel<double>[] { new EdRegressorD(seed: 2), new FeedBackValuesD(seed: 2) })
        {
            double[] input = Fill(new Random(4), model.InputGradient.Length);
            var outputs = new double[model.Outputs.Length];
            model.Forward(input, outputs);
            model.ComputeGradients(input, outputs);
            Assert.Equal(outputs, model.Outputs.ToArray(), (a, b) => Math.Abs(a - b) <= 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(Classifiers))]
    public void Generate_at_a_tiny_temperature_is_greedy_and_a_seed_repeats_it(string name)
    {
        (IClassifierModel<double> model, IGenerativeModel<double> generator, int inputLength, int classes) = Classifier(name);
        double[] input = Fill(new Random(5), inputLength);
        var greedy = new double[model.Outputs.Length];
        model.Forward(input, greedy);
        int steps = greedy.Length / classes;

        var cold = new int[steps];
        generator.Generate(input, cold, 1e-6, new Random(1));
        Assert.Equal(ArgMaxPerStep(greedy, classes), cold);

        var first = new int[steps];
        var second = new int[steps];
        generator.Generate(input, first, 1.0, new Random(42));
        generator.Generate(input, second, 1.0, new Random(42));
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.5)]
    public void Generate_draws_the_first_step_from_the_softmax_at_the_temperature(double temperature)
    {
        var model = new EdClassifierD(seed: 8);
        double[] input = Fill(new Random(6), EdClassifierD.InputLength);
        var logits = new double[EdClassifierD.OutputLength];
        model.Forward(input, logits); // step 0 does not depend on what is fed back
        double[] scaled = logits[..EdClassifierD.OutputSize].Select(v => v / temperature).ToArray();
        double max = scaled.Max();
        double[] p = scaled.Select(v => Math.Exp(v - max)).ToArray();
        double sum = p.Sum();

        const int draws = 20_000;
        var counts = new int[EdClassifierD.OutputSize];
        var tokens = new int[EdClassifierD.OutputSteps];
        var random = new Random(11);
        for (int n = 0; n < draws; n++)
        {
            model.Generate(input, tokens, temperature, random);
            counts[tokens[0]]++;
        }
        for (int k = 0; k < counts.Length; k++)
        {
            double expected = p[k] / sum;
            double sigma = Math.Sqrt(expected * (1 - expected) / draws);
            Assert.True(Math.Abs((double)counts[k] / draws - expected) <= 5 * sigma + 1e-9,
                $"class {k}: frequency {(double)counts[k] / draws:F4}, softmax {expected:F4}");
        }
    }

    [Fact]
    public void Attention_weights_are_a_distribution_per_output_step()
    {
        var model = new EdClassifierD(seed: 4);
        double[] input = Fill(new Random(2), EdClassifierD.InputLength);
        model.Forward(input, new double[EdClassifierD.OutputLength]);
        double[] weights = model.AttentionWeights.ToArray();
        Assert.Equal(EdClassifierD.OutputSteps * EdClassifierD.Steps, weights.Length);
        for (int t = 0; t < EdClassifierD.OutputSteps; t++)
        {
            double[] row = weights.AsSpan(t * EdClassifierD.Steps, EdClassifierD.Steps).ToArray();
            Assert.All(row, w => Assert.InRange(w, 0.0, 1.0));
            Assert.Equal(1.0, row.Sum(), 12);
        }
    }

    [Fact]
    public void Bad_generate_arguments_throw_and_leave_the_model_unchanged()
    {
        var model = new EdClassifierF(seed: 1);
        var input = new float[EdClassifierF.InputLength];
        input.AsSpan().Fill(0.5f);
        model.Forward(input, new float[EdClassifierF.OutputLength]);
        float[] parameters = model.Parameters.ToArray();
        float[] outputs = model.Outputs.ToArray();
        var tokens = new int[EdClassifierF.OutputSteps];

        foreach (float temperature in new[] { 0f, -1f, float.NaN, float.PositiveInfinity })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate(input, tokens, temperature, new Random(1)));
            Assert.Contains("temperature", e.Message);
        }
        var length = Assert.Throws<ArgumentException>(() => model.Generate(input, new int[3], 1f, new Random(1)));
        Assert.Contains("expects 5", length.Message);
        Assert.Throws<ArgumentNullException>(() => model.Generate(input, tokens, 1f, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.ComputeGradients(input, new[] { 0, 1, 2, 4, 0 }));

        Assert.Equal(parameters, model.Parameters.ToArray());
        Assert.Equal(outputs, model.Outputs.ToArray());
    }

    [Fact]
    public void Forward_Generate_and_ComputeGradients_do_not_allocate()
    {
        var model = new EdClassifierF(seed: 1);
        var input = new float[EdClassifierF.InputLength];
        input.AsSpan().Fill(0.25f);
        var output = new float[EdClassifierF.OutputLength];
        var tokens = new int[EdClassifierF.OutputSteps];
        int[] targets = { 1, 2, 3, 0, 1 };
        var random = new Random(3);
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.Forward(input, output)));
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.Generate(input, tokens, 0.8f, random)));
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.ComputeGradients(input, targets)));

        var chars = new FeedBackCharsF(seed: 1);
        var first = new float[FeedBackCharsF.InputLength];
        first[2] = 1;
        var charOutput = new float[FeedBackCharsF.OutputLength];
        var charTokens = new int[FeedBackCharsF.OutputSteps];
        int[] charTargets = { 0, 1, 2, 3, 0, 1 };
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => chars.Forward(first, charOutput)));
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => chars.Generate(first, charTokens, 1f, random)));
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => chars.ComputeGradients(first, charTargets)));
    }
}
