using System;
using System.Linq;
using SeqGen.Samples.SequenceClassification;
using Xunit;
using Xunit.Abstractions;

namespace SeqGen.Tests.Samples;

/// <summary>
/// The SequenceClassification sample, shortened (2,000 training sequences, 10 epochs): the masked
/// classifier and tagger learn the task well above the majority class, the two ways of training
/// really differ, and the parameter counts are the course's 24 (one bias) and 27 (two).
/// </summary>
public sealed class SequenceClassificationSampleTests(ITestOutputHelper output)
{
    [Fact]
    public void ShortRunLearnsVariableLengthSequencesWithMaskedPaddingAndCountsParameters()
    {
        ClassificationResult result = SequenceClassifier.Run(new ClassificationOptions(TrainCount: 2000, TestCount: 1000, Epochs: 10));

        output.WriteLine($"classifier: zeros fed {result.ZeroFed.Accuracy:P1}, masked {result.Masked.Accuracy:P1} " +
            $"(by length {string.Join(", ", result.Masked.AccuracyByLength.Select(a => a.ToString("P1")))}), majority {result.MajorityAccuracy:P1}; " +
            $"tagger: zeros fed {result.TaggerZeroFed!.Accuracy:P1}, masked {result.TaggerMasked!.Accuracy:P1}; {result.Elapsed.TotalSeconds:F1} s");

        Assert.InRange(result.MajorityAccuracy, 0.4, 0.6); // balanced classes: accuracy above 0.6 is learned
        Assert.True(result.Masked.Accuracy > 0.85, $"masked classifier's held-out accuracy {result.Masked.Accuracy:P1} should be above 85%");
        Assert.All(result.Masked.AccuracyByLength, a => Assert.True(a > 0.8, $"accuracy {a:P1} on a length bucket should be above 80%"));
        Assert.True(result.ZeroFed.Accuracy > 0.85, $"zero-fed classifier's held-out accuracy {result.ZeroFed.Accuracy:P1} should be above 85%");
        Assert.True(result.TaggerMasked.Accuracy > 0.85, $"masked tagger's per-step accuracy {result.TaggerMasked.Accuracy:P1} should be above 85%");
        // Same seed, data order and initial weights: only the padding treatment differs, and it changes the run.
        Assert.NotEqual(result.ZeroFed.TrainLosses, result.Masked.TrainLosses);
        Assert.NotEqual(result.TaggerZeroFed.TrainLosses, result.TaggerMasked.TrainLosses);

        Assert.Equal(new[] { 24 }, result.KerasLayerParameters);   // 4*3 + 3*3 + 3
        Assert.Equal(new[] { 27 }, result.PyTorchLayerParameters); // 4*3 + 3*3 + 3 + 3
    }

    [Fact]
    public void SequencesArePaddedAtTheFrontForTheClassifierAndAtTheBackForTheTagger()
    {
        SignData data = SignData.Generate(50, seed: 7);
        for (int n = 0; n < data.Count; n++)
        {
            int length = data.Lengths[n], pad = SignData.MaxSteps - length;
            Assert.InRange(length, SignData.MinSteps, SignData.MaxSteps);
            float[] front = data.FrontPadded.AsSpan(n * SignData.MaxSteps, SignData.MaxSteps).ToArray();
            float[] back = data.BackPadded.AsSpan(n * SignData.MaxSteps, SignData.MaxSteps).ToArray();
            int[] tags = data.StepTags.AsSpan(n * SignData.MaxSteps, SignData.MaxSteps).ToArray();
            Assert.All(front[..pad], x => Assert.Equal(0f, x));
            Assert.Equal(back[..length], front[pad..]);
            Assert.All(back[..length], x => Assert.NotEqual(0f, x));
            Assert.All(back[length..], x => Assert.Equal(0f, x));
            Assert.All(tags[length..], c => Assert.Equal(SignData.PaddingTag, c));
            int sum = back[..length].Sum(x => x > 0 ? 1 : -1);
            Assert.Equal(sum > 0 ? 1 : 0, data.Labels[n]);
            Assert.Equal(data.Labels[n], tags[length - 1]); // the last real tag is the sequence's class
        }
    }
}
