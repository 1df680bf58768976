using SeqGen.Samples.SelfAttention;
using Xunit;

namespace SeqGen.Tests.Samples;

/// <summary>The SelfAttention sample, shortened: 4,000 training sequences, 3 epochs, for both models.</summary>
public sealed class SelfAttentionSampleTests
{
    [Fact]
    public void TheTransformerBlockLearnsKeyValueRecallAndTheLstmOfTheSameSizeDoesNotInTheSameBudget()
    {
        var options = new RecallOptions(TrainSequences: 4000, TestSequences: 1000, Epochs: 3);
        RecallTrainer.Data data = RecallTrainer.MakeData(options);
        RecallResult transformer = RecallTrainer.Train("transformer", new RecallTransformer(options.Seed), data, options);
        RecallResult lstm = RecallTrainer.Train("lstm", new RecallLstm(options.Seed), data, options);

        // about the same size: within 2 % of each other
        Assert.InRange(transformer.Parameters, lstm.Parameters * 0.98, lstm.Parameters * 1.02);
        // the sample's claim, on held-out sequences: attention looks the key up; the LSTM is far behind
        Assert.True(transformer.FinalAccuracy >= 0.95, $"transformer accuracy {transformer.FinalAccuracy:P1}");
        Assert.True(lstm.FinalAccuracy <= 0.6, $"LSTM accuracy {lstm.FinalAccuracy:P1}");
        // both start near chance (1/8): the figures are learned, not given by the data
        Assert.True(transformer.TrainLoss[0] > 0.5 && lstm.TrainLoss[0] > 1.5, $"first-epoch losses {transformer.TrainLoss[0]:F3}, {lstm.TrainLoss[0]:F3}");
    }
}
