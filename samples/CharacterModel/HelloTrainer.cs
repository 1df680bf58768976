using System;
using System.Diagnostics;
using SeqGen.Numerics;

namespace SeqGen.Samples.CharacterModel;

/// <summary>
/// The classic first character model: vocabulary [h, e, l, o]; given the one-hot of 'h' it writes
/// four characters, each step fed the previous one (one-to-many with FeedBack). Trained with teacher
/// forcing on the single sequence "hello": input 'h', targets e, l, l, o. After 'l' it must say 'l'
/// once and then 'o', so it needs its state, not just the last character.
/// </summary>
[SequenceModel(Topology.OneToMany, InputSize = 4, Steps = 4, OutputSize = 4, Loss = LossKind.CrossEntropy, FeedBack = true)]
[Lstm(16)]
public partial class HelloModel { }

/// <summary>What <see cref="HelloTrainer.Train"/> measured.</summary>
/// <param name="Greedy">"h" followed by the greedy decoding (<c>Forward</c>) after training.</param>
/// <param name="FirstHelloIteration">The first iteration after which greedy decoding gave "hello"; -1 if never.</param>
/// <param name="Iterations">Adam steps taken.</param>
/// <param name="Losses">The loss (summed over the 4 steps, nats) before each step.</param>
/// <param name="Samples">Strings drawn with <c>Generate</c> at temperature 1 after training.</param>
/// <param name="HotSamples">Strings drawn with <c>Generate</c> at <see cref="HelloTrainer.HotTemperature"/>: a flatter distribution, so other letters appear.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record HelloResult(string Greedy, int FirstHelloIteration, int Iterations, float[] Losses, string[] Samples, string[] HotSamples, TimeSpan Elapsed);

/// <summary>Trains <see cref="HelloModel"/> on "hello" (Adam, one sequence per step); seeded and deterministic.</summary>
public static class HelloTrainer
{
    /// <summary>The vocabulary, in class-id order.</summary>
    public const string Vocabulary = "helo";

    /// <summary>The high sampling temperature of <see cref="HelloResult.HotSamples"/>.</summary>
    public const float HotTemperature = 4f;

    /// <summary>Trains for <paramref name="iterations"/> Adam steps from weights seeded with <paramref name="seed"/>, then decodes and samples.</summary>
    public static HelloResult Train(int iterations = 100, long seed = 1, int sampleCount = 5)
    {
        var clock = Stopwatch.StartNew();
        var model = new HelloModel(seed);
        var adam = new Adam<float>(HelloModel.ParameterCount, learningRate: 0.02);
        var input = new float[HelloModel.InputLength];
        Decoding.OneHot<float>(Vocabulary.IndexOf('h'), input);
        int[] targets = Encode("ello");
        var losses = new float[iterations];
        int firstHello = -1;
        for (int i = 0; i < iterations; i++)
        {
            model.ZeroGradients();
            losses[i] = model.ComputeGradients(input, targets);
            adam.Step(model.Parameters, model.Gradients);
            if (firstHello < 0 && Greedy(model, input) == "hello")
            {
                firstHello = i + 1;
            }
        }

        var random = new Random(unchecked((int)seed));
        string[] samples = Samples(model, input, sampleCount, 1f, random);
        string[] hot = Samples(model, input, sampleCount, HotTemperature, random);
        return new HelloResult(Greedy(model, input), firstHello, iterations, losses, samples, hot, clock.Elapsed);
    }

    private static string[] Samples(HelloModel model, float[] input, int count, float temperature, Random random)
    {
        var samples = new string[count];
        var tokens = new int[HelloModel.OutputSteps];
        for (int s = 0; s < count; s++)
        {
            model.Generate(input, tokens, temperature, random);
            samples[s] = "h" + Decode(tokens);
        }
        return samples;
    }

    /// <summary>"h" and the model's greedy decoding from it.</summary>
    public static string Greedy(HelloModel model, ReadOnlySpan<float> input)
    {
        ArgumentNullException.ThrowIfNull(model);
        Span<float> logits = stackalloc float[HelloModel.OutputLength];
        model.Forward(input, logits);
        Span<int> tokens = stackalloc int[HelloModel.OutputSteps];
        for (int t = 0; t < tokens.Length; t++)
        {
            tokens[t] = Decoding.ArgMax<float>(logits.Slice(t * HelloModel.OutputSize, HelloModel.OutputSize));
        }
        return "h" + Decode(tokens);
    }

    private static int[] Encode(string text) => Array.ConvertAll(text.ToCharArray(), c => Vocabulary.IndexOf(c));

    private static string Decode(ReadOnlySpan<int> tokens)
    {
        var chars = new char[tokens.Length];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = Vocabulary[tokens[i]];
        }
        return new string(chars);
    }
}
