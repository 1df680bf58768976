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
        Assert.Equal(new HopfieldRecall(result.Frames.Count, true), result.Recall);
        Assert.Equal(Letters.Bitmaps['X'], result.Frames[^1]);
        Assert.NotEqual(Letters.Bitmaps['X'], result.Frames[0]);
        // 10 pixels differ at the start, and the energy falls with every sweep
        Assert.Equal(10, result.Frames[0].Zip(Letters.Bitmaps['X']).Sum(p => p.First.Zip(p.Second).Count(c => c.First != c.Second)));
        Assert.True(result.Energies.Zip(result.Energies.Skip(1)).All(e => e.Second < e.First));
    }
}
