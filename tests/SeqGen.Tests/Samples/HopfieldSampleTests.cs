using System.Linq;
using SeqGen.Samples.HopfieldLetters;
using Xunit;

namespace SeqGen.Tests.Samples;

/// <summary>The Hopfield sample: every stored letter is a fixed point, and the corrupted X is recovered exactly.</summary>
public sealed class HopfieldSampleTests
{
    [Fact]
    public void RecoversTheCorruptedLetterExactly()
    {
        LetterRecallResult result = LetterRecall.Run();

        Assert.True(result.EveryLetterIsAFixedPoint);
        Assert.True(result.Recovered);
        // one sweep restores the X, a second confirms the fixed point
        Assert.Equal(new HopfieldRecall(2, true), result.Recall);
        Assert.Equal(2, result.Frames.Count);
        Assert.Equal(new[] { -14.5, -32.625 }, result.Energies);
        Assert.Equal(Letters.Bitmaps['X'], result.Frames[^1]);
        Assert.NotEqual(Letters.Bitmaps['X'], result.Frames[0]);
        // 10 pixels differ at the start, and the energy falls with every sweep
        Assert.Equal(10, result.Frames[0].Zip(Letters.Bitmaps['X']).Sum(p => p.First.Zip(p.Second).Count(c => c.First != c.Second)));
        Assert.True(result.Energies.Zip(result.Energies.Skip(1)).All(e => e.Second < e.First));
    }

    [Fact]
    public void TwelveFlippedPixelsWithSeedSixEndInASpuriousState()
    {
        // the docs' example of a failure: a stable mixture of T and X, none of the stored letters
        LetterRecallResult result = LetterRecall.Run('X', 12, 6);

        Assert.False(result.Recovered);
        Assert.Equal(new HopfieldRecall(3, true), result.Recall);
        Assert.DoesNotContain(Letters.Bitmaps.Values, b => b.SequenceEqual(result.Frames[^1]));
        Assert.Equal(new[] { -17.25, -37.875, -40.375 }, result.Energies);
    }
}
