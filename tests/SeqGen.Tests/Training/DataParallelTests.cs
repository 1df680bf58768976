using System;
using System.Threading;
using Xunit;

namespace SeqGen.Tests.Training;

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 7, OutputSize = 2, Precision = Precision.Double)]
[Lstm(5, Bidirectional = true)]
public partial class ParallelRegressor { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 6, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Gru(4)]
public partial class ParallelClassifier { }

/// <summary>
/// <see cref="DataParallel{T}"/>: the same step as <see cref="MiniBatch"/> up to the order of sums,
/// the same bits for the same worker count, no allocation on any thread, and bad input rejected
/// with the model's parameters untouched.
/// </summary>
public sealed class DataParallelTests
{
    private static RegressionDataset<double> Regression(int count, int seed)
    {
        var random = new Random(seed);
        var inputs = new double[count * ParallelRegressor.InputLength];
        var targets = new double[count * ParallelRegressor.OutputLength];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = random.NextDouble() * 2 - 1;
        }
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = random.NextDouble() * 2 - 1;
        }
        return new RegressionDataset<double>(inputs, ParallelRegressor.InputLength, targets, ParallelRegressor.OutputLength);
    }

    private static ClassificationDataset<double> Classification(int count, int seed)
    {
        var random = new Random(seed);
        var inputs = new double[count * ParallelClassifier.InputLength];
        var labels = new int[count];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = random.NextDouble() * 2 - 1;
        }
        for (int i = 0; i < count; i++)
        {
            labels[i] = random.Next(ParallelClassifier.OutputSize);
        }
        return new ClassificationDataset<double>(inputs, ParallelClassifier.InputLength, labels);
    }

    private static readonly int[][] Batches = [[4, 9, 1, 0, 12, 7, 3], [2, 2, 5], [11], [8, 6, 10, 13, 14, 1, 0, 3, 5, 9]];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RegressionStepsEqualMiniBatchSteps(int workers)
    {
        var data = Regression(15, seed: 3);
        var sequential = new ParallelRegressor(seed: 5);
        var parallelModel = new ParallelRegressor(seed: 5);
        var adamA = new Adam<double>(ParallelRegressor.ParameterCount, 1e-2);
        var adamB = new Adam<double>(ParallelRegressor.ParameterCount, 1e-2);
        using var parallel = new DataParallel<double>(parallelModel, () => new ParallelRegressor(seed: 99), workers);

        foreach (int[] batch in Batches)
        {
            double expected = MiniBatch.Step(sequential, adamA, data, batch, 0.5);
            double actual = parallel.Step(adamB, data, batch, 0.5);
            Assert.Equal(expected, actual, 1e-12);
        }
        AssertClose(sequential.Parameters, parallelModel.Parameters, 1e-12);
        Assert.NotEqual(new ParallelRegressor(seed: 5).Parameters[0], parallelModel.Parameters[0]); // the steps did move the weights
    }

    [Fact]
    public void ClassificationStepsEqualMiniBatchSteps()
    {
        var data = Classification(15, seed: 4);
        var sequential = new ParallelClassifier(seed: 6);
        var parallelModel = new ParallelClassifier(seed: 6);
        var sgdA = new Sgd<double>(ParallelClassifier.ParameterCount, 0.1, momentum: 0.9);
        var sgdB = new Sgd<double>(ParallelClassifier.ParameterCount, 0.1, momentum: 0.9);
        using var parallel = new DataParallel<double>(parallelModel, () => new ParallelClassifier(), 2);

        foreach (int[] batch in Batches)
        {
            Assert.Equal(MiniBatch.Step(sequential, sgdA, data, batch), parallel.Step(sgdB, data, batch), 1e-12);
        }
        AssertClose(sequential.Parameters, parallelModel.Parameters, 1e-12);
    }

    [Fact]
    public void SameWorkerCountGivesTheSameBits()
    {
        var data = Regression(15, seed: 3);
        double[] Run()
        {
            var model = new ParallelRegressor(seed: 5);
            var adam = new Adam<double>(ParallelRegressor.ParameterCount, 1e-2);
            using var parallel = new DataParallel<double>(model, () => new ParallelRegressor(), 3);
            for (int repeat = 0; repeat < 3; repeat++)
            {
                foreach (int[] batch in Batches)
                {
                    parallel.Step(adam, data, batch);
                }
            }
            return model.Parameters.ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void StepsAllocateNothingOnAnyThread()
    {
        var data = Regression(16, seed: 3);
        var model = new ParallelRegressor(seed: 5);
        var adam = new Adam<double>(ParallelRegressor.ParameterCount, 1e-3);
        using var parallel = new DataParallel<double>(model, () => new ParallelRegressor(), 2);
        int[] batch = [0, 1, 2, 3, 4, 5, 6, 7];

        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => parallel.Step(adam, data, batch, 1.0)));
        long before = parallel.WorkerAllocatedBytes;
        for (int i = 0; i < 500; i++)
        {
            parallel.Step(adam, data, batch, 1.0);
        }
        Assert.Equal(before, parallel.WorkerAllocatedBytes);
        Assert.True(before > 0, "the worker's count was never recorded"); // the thread's start-up allocates, so a recorded count is positive
    }

    [Fact]
    public void BadInputThrowsAndLeavesParametersUntouched()
    {
        var model = new ParallelClassifier(seed: 6);
        double[] original = model.Parameters.ToArray();
        var sgd = new Sgd<double>(ParallelClassifier.ParameterCount, 0.1);
        using var parallel = new DataParallel<double>(model, () => new ParallelClassifier(), 2);
        var data = Classification(6, seed: 1);

        Assert.Contains("outside the data's 6 examples", Assert.Throws<ArgumentException>(() => parallel.Step(sgd, data, [0, 6])).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => parallel.Step(sgd, data, [])).Message);
        Assert.Contains("not a regression model", Assert.Throws<ArgumentException>(() => parallel.Step(sgd, Regression(2, 1), [0])).Message);
        Assert.Contains("optimizer is for 5", Assert.Throws<ArgumentException>(() => parallel.Step(new Sgd<double>(5, 0.1), data, [0])).Message);

        // a class id the model rejects, in the second worker's share: thrown on the calling thread
        var badLabels = new ClassificationDataset<double>(new double[4 * ParallelClassifier.InputLength], ParallelClassifier.InputLength, [0, 1, 2, 7]);
        Assert.Contains("7", Assert.Throws<ArgumentOutOfRangeException>(() => parallel.Step(sgd, badLabels, [0, 1, 2, 3])).Message);
        Assert.Equal(original, model.Parameters.ToArray());

        // still usable afterwards
        parallel.Step(sgd, data, [0, 1, 2, 3]);
        Assert.NotEqual(original, model.Parameters.ToArray());
    }

    [Fact]
    public void ConstructorRejectsBadReplicasAndWorkerCounts()
    {
        var model = new ParallelClassifier();
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataParallel<double>(model, () => new ParallelClassifier(), -1));
        Assert.Contains("the model itself", Assert.Throws<ArgumentException>(() => new DataParallel<double>(model, () => model, 2)).Message);
        var once = new ParallelClassifier();
        Assert.Contains("returned before", Assert.Throws<ArgumentException>(() => new DataParallel<double>(model, () => once, 3)).Message);
        Assert.Contains("ParallelRegressor", Assert.Throws<ArgumentException>(() => new DataParallel<double>(model, () => new ParallelRegressor(), 2)).Message);
        using var defaults = new DataParallel<double>(model, () => new ParallelClassifier());
        Assert.Equal(Environment.ProcessorCount, defaults.Workers);
    }

    [Fact]
    public void TrainerWithParallelTrainsLikeTrainerWithout()
    {
        var data = Regression(40, seed: 8);
        TrainingResult Fit(ParallelRegressor model, DataParallel<double>? parallel) =>
            new Trainer<double> { Epochs = 3, BatchSize = 8, Seed = 2, MaxGradientNorm = 1, Parallel = parallel }
                .Fit(model, new Adam<double>(ParallelRegressor.ParameterCount, 1e-2), data);

        var sequential = new ParallelRegressor(seed: 1);
        var parallelModel = new ParallelRegressor(seed: 1);
        TrainingResult expected = Fit(sequential, null);
        using var parallel = new DataParallel<double>(parallelModel, () => new ParallelRegressor(), 2);
        TrainingResult actual = Fit(parallelModel, parallel);

        for (int epoch = 0; epoch < 3; epoch++)
        {
            Assert.Equal(expected.TrainLosses[epoch], actual.TrainLosses[epoch], 1e-10);
        }
        Assert.True(actual.TrainLosses[2] < actual.TrainLosses[0], "training did not lower the loss");
        AssertClose(sequential.Parameters, parallelModel.Parameters, 1e-10);

        var other = new ParallelRegressor();
        Assert.Contains("another model", Assert.Throws<ArgumentException>(() => Fit(other, parallel)).Message);
    }

    [Fact]
    public void DisposeStopsTheWorkers()
    {
        var model = new ParallelClassifier();
        var parallel = new DataParallel<double>(model, () => new ParallelClassifier(), 3);
        parallel.Step(new Sgd<double>(ParallelClassifier.ParameterCount, 0.1), Classification(4, 1), [0, 1, 2, 3]);
        parallel.Dispose();
        parallel.Dispose();
        Assert.Throws<ObjectDisposedException>(() => parallel.Step(new Sgd<double>(ParallelClassifier.ParameterCount, 0.1), Classification(4, 1), [0]));
    }

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"parameter {i}: {expected[i]} vs {actual[i]}");
        }
    }
}
