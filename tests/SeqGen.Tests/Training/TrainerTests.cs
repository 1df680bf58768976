using System;
using System.Collections.Generic;
using Xunit;

namespace SeqGen.Tests.Training;

public sealed class TrainerTests
{
    [Fact]
    public void RegressionLossFallsTenfold()
    {
        var model = new TrainerRegressor(seed: 3);
        var train = TrainerData.NextSine(400, seed: 1);
        var test = TrainerData.NextSine(100, seed: 2);
        double before = TrainerData.ForwardMse(model, test);
        var trainer = new Trainer<float> { Epochs = 15, BatchSize = 16, Seed = 7, MaxGradientNorm = 1 };

        TrainingResult result = trainer.Fit(model, new Adam<float>(TrainerRegressor.ParameterCount, 0.01), train);

        double after = TrainerData.ForwardMse(model, test);
        Assert.True(after < before / 10, $"held-out MSE {before:F5} -> {after:F5}, expected a tenfold drop");
        Assert.True(result.TrainLosses[^1] < result.TrainLosses[0] / 10, $"train loss {result.TrainLosses[0]:F5} -> {result.TrainLosses[^1]:F5}");
        Assert.Equal(15, result.EpochsRun);
        Assert.Equal(15 * 400, result.SequencesTrained);
        Assert.Empty(result.ValidationLosses);
    }

    [Fact]
    public void ClassifierLearnsWithSgdAndAValidationSplit()
    {
        var model = new TrainerClassifier(seed: 2);
        var data = TrainerData.LargerChannel(500, seed: 4);
        var trainer = new Trainer<float> { Epochs = 12, BatchSize = 10, Seed = 1, ValidationFraction = 0.2 };

        TrainingResult result = trainer.Fit(model, new Sgd<float>(TrainerClassifier.ParameterCount, 0.1, momentum: 0.9), data);

        Assert.Equal(12, result.ValidationLosses.Count);
        // chance level for two classes is ln 2 = 0.693; ask for less than half of it, and a fall
        Assert.True(result.ValidationLosses[^1] < Math.Log(2) / 2 && result.ValidationLosses[^1] < result.ValidationLosses[0],
            $"validation cross-entropy {result.ValidationLosses[0]:F4} -> {result.ValidationLosses[^1]:F4}");
        Assert.Equal(12 * 400, result.SequencesTrained); // 100 of 500 held out

        var test = TrainerData.LargerChannel(300, seed: 9);
        int correct = TrainerData.Correct(model, test);
        Assert.True(correct >= 0.9 * test.Count, $"held-out accuracy {correct}/{test.Count}");
    }

    [Fact]
    public void EarlyStoppingStopsWhenValidationLossStopsImproving()
    {
        // Validation targets are the negated training targets: the better the model fits the
        // training task, the worse it does on validation, so validation loss must stop improving.
        var model = new TrainerRegressor(seed: 3);
        var train = TrainerData.NextSine(200, seed: 1);
        var validation = TrainerData.NextSine(50, seed: 2, sign: -1);
        var trainer = new Trainer<float> { Epochs = 60, BatchSize = 8, Patience = 3 };

        TrainingResult result = trainer.Fit(model, new Adam<float>(TrainerRegressor.ParameterCount, 0.01), train, validation);

        Assert.True(result.StoppedEarly);
        Assert.Equal(result.BestEpoch + 3, result.EpochsRun);
        Assert.True(result.EpochsRun < 60);
        for (int e = result.BestEpoch; e < result.EpochsRun; e++)
        {
            Assert.True(result.ValidationLosses[e] >= result.BestLoss, $"epoch {e + 1} improved on the best");
        }
    }

    [Fact]
    public void RestoresTheBestCheckpointAndReportsIt()
    {
        var model = new TrainerRegressor(seed: 3);
        var train = TrainerData.NextSine(200, seed: 1);
        var validation = TrainerData.NextSine(50, seed: 2, sign: -1);
        float[]? saved = null;
        int savedEpoch = 0;
        var trainer = new Trainer<float>
        {
            Epochs = 8,
            BatchSize = 8,
            BestCheckpoint = (epoch, loss, parameters) => { saved = parameters.ToArray(); savedEpoch = epoch; },
        };

        TrainingResult result = trainer.Fit(model, new Adam<float>(TrainerRegressor.ParameterCount, 0.01), train, validation);

        double minimum = double.PositiveInfinity;
        foreach (double loss in result.ValidationLosses)
        {
            minimum = Math.Min(minimum, loss);
        }
        Assert.Equal(minimum, result.BestLoss);
        Assert.True(result.BestEpoch < 8, $"the construction should make an earlier epoch best, but it was {result.BestEpoch}");
        Assert.True(result.RestoredBest);
        Assert.Equal(result.BestEpoch, savedEpoch);
        Assert.Equal(saved, model.Parameters.ToArray());
        // the restored model's validation MSE, measured with Forward, is the best epoch's
        Assert.Equal(result.BestLoss, TrainerData.ForwardMse(model, validation), 1e-5);
        Assert.True(TrainerData.ForwardMse(model, validation) < result.ValidationLosses[^1]);

        var kept = new TrainerRegressor(seed: 3);
        trainer.RestoreBestWeights = false;
        TrainingResult last = trainer.Fit(kept, new Adam<float>(TrainerRegressor.ParameterCount, 0.01), train, validation);
        Assert.False(last.RestoredBest);
        Assert.Equal(last.ValidationLosses[^1], TrainerData.ForwardMse(kept, validation), 1e-5);
    }

    [Fact]
    public void ShufflingIsReproducibleBySeed()
    {
        float[] Run(long seed, bool shuffle)
        {
            var model = new TrainerRegressor(seed: 3);
            var trainer = new Trainer<float> { Epochs = 2, BatchSize = 8, Seed = seed, Shuffle = shuffle };
            trainer.Fit(model, new Adam<float>(TrainerRegressor.ParameterCount, 0.01), TrainerData.NextSine(64, seed: 1));
            return model.Parameters.ToArray();
        }

        float[] first = Run(5, true);
        Assert.Equal(first, Run(5, true));
        Assert.NotEqual(first, Run(6, true));
        Assert.NotEqual(first, Run(5, false));
        Assert.Equal(Run(5, false), Run(6, false));
    }

    [Fact]
    public void ValidationSplitIsReproducibleBySeed()
    {
        double Loss(long seed)
        {
            var model = new TrainerRegressor(seed: 3);
            var trainer = new Trainer<float> { Epochs = 1, Seed = seed, ValidationFraction = 0.25 };
            return trainer.Fit(model, new Adam<float>(TrainerRegressor.ParameterCount, 0.01), TrainerData.NextSine(40, seed: 1)).ValidationLosses[0];
        }

        Assert.Equal(Loss(11), Loss(11));
        Assert.NotEqual(Loss(11), Loss(12));
    }

    [Fact]
    public void ProgressIsReportedPerBatchAndPerEpoch()
    {
        var reports = new List<TrainingProgress>();
        var trainer = new Trainer<float> { Epochs = 2, BatchSize = 16, ValidationFraction = 0.2, Progress = reports.Add };
        trainer.Fit(new TrainerRegressor(seed: 1), new Adam<float>(TrainerRegressor.ParameterCount), TrainerData.NextSine(50, seed: 1));

        // 40 training sequences: batches of 16, 16, 8, then the epoch's report
        Assert.Equal(8, reports.Count);
        Assert.Equal([1, 2, 3, 3], reports.GetRange(0, 4).ConvertAll(r => r.Batch));
        Assert.All(reports, r => Assert.Equal(3, r.BatchesPerEpoch));
        Assert.False(reports[2].IsEpochEnd);
        Assert.True(double.IsNaN(reports[2].ValidationLoss));
        Assert.True(reports[3].IsEpochEnd);
        Assert.False(double.IsNaN(reports[3].ValidationLoss));
        Assert.Equal(80, reports[^1].SequencesTrained);
        Assert.Equal(2, reports[^1].Epoch);
        Assert.All(reports, r => Assert.True(r.SequencesPerSecond > 0 && r.Elapsed > TimeSpan.Zero));
    }

    [Fact]
    public void BadArgumentsThrowClearly()
    {
        var trainer = new Trainer<float>();
        Assert.Contains("BatchSize must be at least 1, but is 0", Assert.Throws<ArgumentOutOfRangeException>(() => trainer.BatchSize = 0).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Epochs = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.ValidationFraction = 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Patience = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.MaxGradientNorm = 0);

        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new RegressionDataset<float>([], 8, [], 1)).Message);
        Assert.Contains("targets has length 3, but 2 examples with 1 targets each need 2",
            Assert.Throws<ArgumentException>(() => new RegressionDataset<float>(new float[16], 8, new float[3], 1)).Message);
        Assert.Contains("not a whole number of inputs",
            Assert.Throws<ArgumentException>(() => new ClassificationDataset<float>(new float[15], 8, new int[2])).Message);

        var model = new TrainerRegressor(seed: 1);
        var adam = new Adam<float>(TrainerRegressor.ParameterCount);
        var data = TrainerData.NextSine(10, seed: 1);
        Assert.Contains("optimizer was created for 5 parameters",
            Assert.Throws<ArgumentException>(() => trainer.Fit(model, new Adam<float>(5), data)).Message);
        Assert.Contains("2 targets per example, but the model has 1 outputs",
            Assert.Throws<ArgumentException>(() => trainer.Fit(model, adam, new RegressionDataset<float>(new float[16], 8, new float[4], 2))).Message);
        Assert.Contains("validation has inputs of length 4",
            Assert.Throws<ArgumentException>(() => trainer.Fit(model, adam, data, new RegressionDataset<float>(new float[8], 4, new float[2], 1))).Message);
        Assert.Contains("needs validation data",
            Assert.Throws<ArgumentException>(() => new Trainer<float> { Patience = 2 }.Fit(model, adam, data)).Message);
        Assert.Contains("leaves none to train on",
            Assert.Throws<ArgumentException>(() => new Trainer<float> { ValidationFraction = 0.5 }.Fit(model, adam, TrainerData.NextSine(1, seed: 1))).Message);

        // inputs of the wrong length: the model's own check, before any parameter changes
        float[] before = model.Parameters.ToArray();
        Assert.Throws<ArgumentException>(() => trainer.Fit(model, adam, new RegressionDataset<float>(new float[10], 5, new float[2], 1)));
        Assert.Equal(before, model.Parameters.ToArray());
        Assert.Throws<ArgumentException>(() => MiniBatch.Step(model, adam, data, ReadOnlySpan<int>.Empty));
    }
}
