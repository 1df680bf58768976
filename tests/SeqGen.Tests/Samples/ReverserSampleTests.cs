using SeqGen.Samples.Reverser;
using Xunit;

namespace SeqGen.Tests.Samples;

/// <summary>The Reverser sample, shortened: fewer training sequences and at most 4 epochs.</summary>
public sealed class ReverserSampleTests
{
    [Fact]
    public void ReversesHeldOutDigitSequencesWithGreedyDecoding()
    {
        ReverserResult result = ReverserTrainer.Train(new ReverserOptions(TrainSequences: 3000, TestSequences: 500, MaxEpochs: 4, TargetAccuracy: 0.99));

        // the sample's claim, on sequences never seen in training, decoding from its own outputs
        Assert.True(result.TokenAccuracy >= 0.99, $"per-digit accuracy {result.TokenAccuracy:P2} after {result.Epochs.Length} epochs");
        Assert.True(result.SequenceAccuracy >= 0.9, $"whole-sequence accuracy {result.SequenceAccuracy:P1}");
        // an untrained model is at chance, so the figure above is learned
        Assert.True(result.Epochs[0].TrainLoss > 0.3, $"first epoch's mean loss {result.Epochs[0].TrainLoss:F3}");
    }
}
