using SeqGen.Samples.SineWave;
using Xunit;

namespace SeqGen.Tests.Samples;

/// <summary>The README's main sample, shortened: it must learn, and beat the naive last-value predictor.</summary>
public sealed class SineWaveSampleTests
{
    [Fact]
    public void ShortTrainingBeatsTheLastValueBaseline()
    {
        SineWaveResult result = SineWaveTrainer.Train(epochs: 6);

        Assert.True(result.EpochLosses[^1] < result.EpochLosses[0] / 2,
            $"training loss should at least halve: {result.EpochLosses[0]:F5} -> {result.EpochLosses[^1]:F5}");
        Assert.True(result.TestMse < result.BaselineMse,
            $"test MSE {result.TestMse:F5} should beat the last-value baseline {result.BaselineMse:F5}");
    }
}
