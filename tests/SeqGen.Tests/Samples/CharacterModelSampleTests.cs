using SeqGen.Samples.CharacterModel;
using Xunit;
using Xunit.Abstractions;

namespace SeqGen.Tests.Samples;

/// <summary>The CharacterModel sample: "hello" is learned exactly and reproducibly; a short Shakespeare run beats character frequencies.</summary>
public sealed class CharacterModelSampleTests(ITestOutputHelper output)
{
    [Fact]
    public void HelloModelWritesHelloGreedilyAndReproducibly()
    {
        HelloResult first = HelloTrainer.Train(iterations: 100, seed: 1);
        HelloResult second = HelloTrainer.Train(iterations: 100, seed: 1);

        output.WriteLine($"greedy {first.Greedy}, first \"hello\" after step {first.FirstHelloIteration}, loss {first.Losses[0]:F3} -> {first.Losses[^1]:F5}; samples {string.Join(", ", first.Samples)}");
        Assert.Equal("hello", first.Greedy);
        Assert.InRange(first.FirstHelloIteration, 1, 100);
        Assert.True(first.Losses[^1] < 0.05f, $"final loss {first.Losses[^1]} should be under 0.05 nats (4 steps)");
        Assert.Equal(first.Losses, second.Losses); // seeded: bit-identical
        Assert.Equal(first.Samples, second.Samples);
        Assert.All(first.Samples, s => Assert.StartsWith("h", s));
        Assert.Equal(first.HotSamples, second.HotSamples);
    }

    [Fact]
    public void ShortShakespeareRunFallsBelowFourBitsPerCharacterOnHeldOutText()
    {
        TextResult result = TextTrainer.Run(new TextOptions(Iterations: 100, Streams: 6, EvaluateEvery: 100, HeldOutCharacters: 5000, SampleLength: 80));

        foreach (TextCheckpoint c in result.Checkpoints)
        {
            output.WriteLine($"step {c.Iteration}: train {c.TrainBitsPerCharacter:F3}, held-out {c.HeldOutBitsPerCharacter:F3} bits/char; {c.Sample.ReplaceLineEndings(" / ")}");
        }
        output.WriteLine($"untrained {result.InitialHeldOutBitsPerCharacter:F3}, unigram {result.UnigramBitsPerCharacter:F3}, {result.CharactersPerSecond:F0} characters/s, {result.Elapsed.TotalSeconds:F1} s");
        Assert.InRange(result.InitialHeldOutBitsPerCharacter, 5.8, 6.3); // about log2(65) = 6.02 before training
        Assert.True(result.FinalHeldOutBitsPerCharacter < 4.0,
            $"held-out {result.FinalHeldOutBitsPerCharacter:F3} bits/char should be under 4.0 (unigram {result.UnigramBitsPerCharacter:F3})");
        Assert.True(result.FinalHeldOutBitsPerCharacter < result.UnigramBitsPerCharacter - 0.5);
        Assert.Equal(80, result.Checkpoints[^1].Sample.Length);
    }
}
