using System;
using System.Linq;
using System.Numerics;
using System.Reflection;
using Xunit;

namespace SeqGen.Tests.Training;

/// <summary>
/// ComputeBatchGradients (several sequences in lockstep) against the one-sequence path it must
/// agree with, against central finite differences, under bad arguments, for allocation, inside the
/// trainers, and on tasks it must learn. PyTorch's vectors check it too (BatchedReferenceVectorTests).
/// </summary>
public sealed class BatchedGradientTests
{
    public static TheoryData<string, int> Counts
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (string model in new[] { "stacked float", "many-to-one CE double", "odd width float", "GRU float", "mixed CE float", "relu RNN double", "bidirectional float", "bidirectional CE double", "edges double", "single bias float" })
            {
                // 1 lane; one group of four; two; a group of eight and three left over; two groups and five
                foreach (int count in new[] { 1, 4, 8, 11, 13 })
                {
                    data.Add(model, count);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Counts))]
    public void BatchGradientsEqualTheSumOfOneSequenceAtATime(string model, int count)
    {
        switch (model)
        {
            case "stacked float":
                CompareWithSequenceLoop(new BatchStackedManyToMany(seed: 1), new BatchStackedManyToMany(), count, 2e-5);
                break;
            case "many-to-one CE double":
                CompareWithSequenceLoop(new BatchStackedManyToOneCeDouble(seed: 2), new BatchStackedManyToOneCeDouble(), count, 1e-12);
                break;
            case "odd width float":
                CompareWithSequenceLoop(new BatchOddWidth(seed: 3), new BatchOddWidth(), count, 2e-5);
                break;
            case "GRU float":
                CompareWithSequenceLoop(new BatchStackedGru(seed: 4), new BatchStackedGru(), count, 2e-5);
                break;
            case "mixed CE float":
                CompareWithSequenceLoop(new BatchMixedStack(seed: 5), new BatchMixedStack(), count, 2e-5);
                break;
            case "relu RNN double":
                CompareWithSequenceLoop(new BatchReluRnnDouble(seed: 6), new BatchReluRnnDouble(), count, 1e-12);
                break;
            case "bidirectional float":
                CompareWithSequenceLoop(new BatchBidirectionalUnderGru(seed: 7), new BatchBidirectionalUnderGru(), count, 2e-5);
                break;
            case "bidirectional CE double":
                CompareWithSequenceLoop(new BatchStackedBidirectionalGruCeDouble(seed: 8), new BatchStackedBidirectionalGruCeDouble(), count, 1e-12);
                break;
            case "single bias float":
                CompareWithSequenceLoop(new BatchSingleBias(seed: 12), new BatchSingleBias(), count, 2e-5);
                break;
            default:
                CompareWithSequenceLoop(new BatchOneStepBidirectionalDouble(seed: 9), new BatchOneStepBidirectionalDouble(), count, 1e-12);
                CompareWithSequenceLoop(new BatchFiniteDifferenceBidirectionalDouble(seed: 10), new BatchFiniteDifferenceBidirectionalDouble(), count, 1e-12);
                break;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(11)]
    public void ForwardBatchEqualsForwardOnEachSequence(int count)
    {
        CompareWithForward(new BatchStackedManyToMany(seed: 1), count, 2e-6);
        CompareWithForward(new BatchStackedManyToOneCeDouble(seed: 2), count, 1e-13);
        CompareWithForward(new BatchOddWidth(seed: 3), count, 2e-6);
        CompareWithForward(new BatchStackedGru(seed: 4), count, 2e-6);
        CompareWithForward(new BatchMixedStack(seed: 5), count, 2e-6);
        CompareWithForward(new BatchBidirectionalUnderGru(seed: 7), count, 2e-6);
        CompareWithForward(new BatchStackedBidirectionalGruCeDouble(seed: 8), count, 1e-13);
        CompareWithForward(new BatchOneStepBidirectionalDouble(seed: 9), count, 1e-13);
        CompareWithForward(new BatchSingleBias(seed: 12), count, 2e-6);
    }

    [Fact]
    public void ForwardBatchChecksItsArgumentsAndAllocatesNothingAfterTheFirstCall()
    {
        var model = new BatchStackedManyToMany(seed: 17);
        float[] inputs = new float[3 * BatchStackedManyToMany.InputLength], outputs = new float[3 * BatchStackedManyToMany.OutputLength];
        var e = Assert.Throws<ArgumentException>(() => model.ForwardBatch(inputs, outputs.AsSpan(1), 3));
        Assert.Contains("outputs has length 41, but 3 sequences need 42", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.ForwardBatch(inputs, outputs, 0));
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.ForwardBatch(inputs, outputs, 3)));
    }

    private static void CompareWithForward<T>(ISequenceModel<T> model, int count, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Randomize(model.InitialHidden, seed: 30, scale: 0.5);
        if (model is ICellStateModel<T> withCell)
        {
            Randomize(withCell.InitialCell, seed: 31, scale: 0.5);
        }
        int inputLength = InputLength(model), outputLength = OutputSteps(model) * OutputSize(model);
        T[] inputs = RandomValues(count * inputLength, seed: 32, scale: 1).Select(T.CreateChecked).ToArray();
        var batched = new T[count * outputLength];
        ((IBatchedModel<T>)model).ForwardBatch(inputs, batched, count);
        var one = new T[outputLength];
        double scale = 0, worst = 0;
        for (int n = 0; n < count; n++)
        {
            model.Forward(inputs.AsSpan(n * inputLength, inputLength), one);
            for (int i = 0; i < outputLength; i++)
            {
                double expected = double.CreateChecked(one[i]);
                scale = Math.Max(scale, Math.Abs(expected));
                worst = Math.Max(worst, Math.Abs(double.CreateChecked(batched[n * outputLength + i]) - expected));
            }
        }
        Assert.True(scale > 1e-6, $"{model.ModelName}: the outputs compared are all zero");
        Assert.True(worst <= tolerance * scale, $"{model.ModelName}: largest output difference {worst:E2} against outputs up to {scale:E2}");
    }

    [Fact]
    public void BatchGradientsMatchCentralDifferencesOfTheSummedLoss()
    {
        // LSTM, GRU and RNN layers whose products take the packed four-lane kernels, regression
        var packed = new BatchFiniteDifferenceDouble(seed: 4);
        Randomize(packed.InitialHidden, seed: 5, scale: 0.5);
        Randomize(packed.InitialCell, seed: 6, scale: 0.5);
        double[] targets = RandomValues(5 * BatchFiniteDifferenceDouble.OutputLength, seed: 8, scale: 1);
        CheckCentralDifferences(packed, BatchFiniteDifferenceDouble.InputLength,
            (inputs, count) => packed.ComputeBatchGradients(inputs, targets, count));

        // a GRU and a relu RNN whose products do not pack, cross-entropy on the final state
        var unpacked = new BatchFiniteDifferenceUnpackedDouble(seed: 9);
        Randomize(unpacked.InitialHidden, seed: 10, scale: 0.5);
        int[] classes = [0, 1, 1, 0, 1];
        CheckCentralDifferences(unpacked, BatchFiniteDifferenceUnpackedDouble.InputLength,
            (inputs, count) => unpacked.ComputeBatchGradients(inputs, classes, count));

        // two bidirectional layers, LSTM then RNN, the head on both directions' final states
        var bidirectional = new BatchFiniteDifferenceBidirectionalDouble(seed: 11);
        Randomize(bidirectional.InitialHidden, seed: 12, scale: 0.5);
        Randomize(bidirectional.InitialCell, seed: 13, scale: 0.5);
        double[] finalTargets = RandomValues(5 * BatchFiniteDifferenceBidirectionalDouble.OutputLength, seed: 14, scale: 1);
        CheckCentralDifferences(bidirectional, BatchFiniteDifferenceBidirectionalDouble.InputLength,
            (inputs, count) => bidirectional.ComputeBatchGradients(inputs, finalTargets, count));
    }

    private static void CheckCentralDifferences(ISequenceModel<double> model, int inputLength, Func<double[], int, double> batchLoss)
    {
        const int Count = 5;
        double[] inputs = RandomValues(Count * inputLength, seed: 7, scale: 1);
        model.ZeroGradients();
        batchLoss(inputs, Count);
        double[] analytic = model.Gradients.ToArray();

        const double Step = 1e-6;
        double worst = 0;
        for (int p = 0; p < model.Parameters.Length; p++)
        {
            double saved = model.Parameters[p];
            model.Parameters[p] = saved + Step;
            double plus = batchLoss(inputs, Count);
            model.Parameters[p] = saved - Step;
            double minus = batchLoss(inputs, Count);
            model.Parameters[p] = saved;
            double numeric = (plus - minus) / (2 * Step);
            worst = Math.Max(worst, Math.Abs(numeric - analytic[p]) / Math.Max(1, Math.Abs(numeric)));
        }
        Assert.True(worst < 1e-7, $"{model.ModelName}: largest gradient error {worst:E2} over {model.Parameters.Length} parameters");
        Assert.Contains(analytic, g => Math.Abs(g) > 1e-3); // the check compared something
    }

    [Fact]
    public void BadArgumentsThrowAndLeaveTheModelAsItWas()
    {
        var model = new BatchStackedManyToMany(seed: 9) { ValidateInputs = true };
        float[] inputs = RandomValues(3 * BatchStackedManyToMany.InputLength, seed: 10, scale: 1).Select(v => (float)v).ToArray();
        float[] targets = new float[3 * BatchStackedManyToMany.OutputLength];
        model.ComputeBatchGradients(inputs, targets, 3);
        float[] parameters = model.Parameters.ToArray(), gradients = model.Gradients.ToArray();

        Assert.Throws<ArgumentOutOfRangeException>(() => model.ComputeBatchGradients(inputs, targets, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.ComputeBatchGradients(inputs, targets, -1));
        var e = Assert.Throws<ArgumentException>(() => model.ComputeBatchGradients(inputs, targets, 2));
        Assert.Contains("inputs has length 84, but 2 sequences need 56", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.ComputeBatchGradients(inputs, targets.AsSpan(1), 3));
        Assert.Contains("targets has length 41, but 3 sequences need 42", e.Message);
        float[] nan = (float[])inputs.Clone();
        nan[2 * BatchStackedManyToMany.InputLength + 5] = float.NaN; // in the last sequence: nothing may have run before the check
        Assert.Throws<ArgumentException>(() => model.ComputeBatchGradients(nan, targets, 3));

        var classifier = new BatchStackedManyToOneCeDouble(seed: 11);
        double[] classifierInputs = new double[2 * BatchStackedManyToOneCeDouble.InputLength];
        classifier.ComputeBatchGradients(classifierInputs, [0, 2], 2);
        double[] classifierGradients = classifier.Gradients.ToArray();
        Assert.Throws<ArgumentOutOfRangeException>(() => classifier.ComputeBatchGradients(classifierInputs, [0, 3], 2));

        Assert.Equal(parameters, model.Parameters.ToArray());
        Assert.Equal(gradients, model.Gradients.ToArray());
        Assert.Equal(classifierGradients, classifier.Gradients.ToArray());
    }

    [Fact]
    public void ABatchAllocatesNothingAfterTheFirst()
    {
        var model = new BatchStackedManyToMany(seed: 12);
        float[] inputs = new float[11 * BatchStackedManyToMany.InputLength];
        float[] targets = new float[11 * BatchStackedManyToMany.OutputLength];
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.ComputeBatchGradients(inputs, targets, 11)));

        var data = new RegressionDataset<float>(inputs, BatchStackedManyToMany.InputLength, targets, BatchStackedManyToMany.OutputLength);
        var sgd = new Sgd<float>(BatchStackedManyToMany.ParameterCount, 1e-6);
        int[] batch = Enumerable.Range(0, 11).ToArray();
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => MiniBatch.Step(model, sgd, data, batch)));
    }

    [Fact]
    public void MiniBatchAndDataParallelTakeTheBatchPathAndGiveTheMeanGradient()
    {
        const int Count = 11;
        float[] inputs = RandomValues(Count * BatchStackedManyToMany.InputLength, seed: 13, scale: 1).Select(v => (float)v).ToArray();
        float[] targets = RandomValues(Count * BatchStackedManyToMany.OutputLength, seed: 14, scale: 1).Select(v => (float)v).ToArray();
        var data = new RegressionDataset<float>(inputs, BatchStackedManyToMany.InputLength, targets, BatchStackedManyToMany.OutputLength);
        int[] batch = [10, 3, 7, 0, 1, 9, 2, 8, 4, 6, 5];

        // the expected mean gradient and summed loss, one sequence at a time
        var reference = new BatchStackedManyToMany(seed: 15);
        reference.ZeroGradients();
        double expectedLoss = 0;
        foreach (int n in batch)
        {
            expectedLoss += reference.ComputeGradients(data.Input(n), data.Target(n));
        }
        double[] expected = reference.Gradients.ToArray().Select(g => (double)g / Count).ToArray();

        // learning rate zero: the step leaves the parameters, so the mean gradient is what remains in Gradients
        var single = new BatchStackedManyToMany(seed: 15);
        float loss = MiniBatch.Step(single, new Sgd<float>(BatchStackedManyToMany.ParameterCount, 0), data, batch);
        AssertClose(expected, single.Gradients.ToArray(), 2e-5);
        Assert.Equal(expectedLoss, loss, 4);

        Assert.NotNull(BatchWorkspace(single)); // the lockstep path ran (the one-sequence path gives the same numbers)

        var parallelModel = new BatchStackedManyToMany(seed: 15);
        using var parallel = new DataParallel<float>(parallelModel, () => new BatchStackedManyToMany(), workers: 2);
        loss = parallel.Step(new Sgd<float>(BatchStackedManyToMany.ParameterCount, 0), data, batch);
        AssertClose(expected, parallelModel.Gradients.ToArray(), 2e-5);
        Assert.Equal(expectedLoss, loss, 4);
        var replicas = (ISequenceModel<float>[])typeof(DataParallel<float>).GetField("_replicas", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(parallel)!;
        Assert.All(replicas, replica => Assert.NotNull(BatchWorkspace(replica)));
    }

    [Fact]
    public void DataParallelWorkersAllocateNothingAfterTheirFirstBatch()
    {
        const int Count = 11;
        var data = new RegressionDataset<float>(new float[Count * BatchStackedManyToMany.InputLength], BatchStackedManyToMany.InputLength,
            new float[Count * BatchStackedManyToMany.OutputLength], BatchStackedManyToMany.OutputLength);
        int[] batch = Enumerable.Range(0, Count).ToArray();
        var model = new BatchStackedManyToMany(seed: 16);
        var sgd = new Sgd<float>(BatchStackedManyToMany.ParameterCount, 1e-6);
        using var parallel = new DataParallel<float>(model, () => new BatchStackedManyToMany(), workers: 2);
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => parallel.Step(sgd, data, batch)));
        // the worker thread's counter, recorded after each share, once the warm-up above is over (as DataParallelTests)
        long workers = parallel.WorkerAllocatedBytes;
        for (int i = 0; i < 500; i++)
        {
            parallel.Step(sgd, data, batch);
        }
        Assert.Equal(workers, parallel.WorkerAllocatedBytes);
        Assert.True(workers > 0, "the worker's count was never recorded");
    }

    [Theory]
    [InlineData(typeof(BatchStackedManyToMany))]
    [InlineData(typeof(BatchStackedManyToOneCeDouble))]
    [InlineData(typeof(BatchOddWidth))]
    [InlineData(typeof(BatchStackedGru))]
    [InlineData(typeof(BatchMixedStack))]
    [InlineData(typeof(BatchReluRnnDouble))]
    [InlineData(typeof(BatchFiniteDifferenceUnpackedDouble))]
    [InlineData(typeof(BatchBidirectionalUnderGru))]
    [InlineData(typeof(BatchStackedBidirectionalGruCeDouble))]
    [InlineData(typeof(BatchSingleBias))]
    public void BatchWorkspaceBytesIsWhatTheFirstBatchAllocates(Type type)
    {
        object model = Activator.CreateInstance(type)!;
        int inputs = 2 * (int)type.GetField("InputLength")!.GetValue(null)!;
        int outputSteps = (int)type.GetField("OutputSteps")!.GetValue(null)!, outputLength = (int)type.GetField("OutputLength")!.GetValue(null)!;
        switch (model)
        {
            case IBatchedRegressionModel<float> m: m.ComputeBatchGradients(new float[inputs], new float[2 * outputLength], 2); break;
            case IBatchedClassifierModel<float> m: m.ComputeBatchGradients(new float[inputs], new int[2 * outputSteps], 2); break;
            case IBatchedRegressionModel<double> m: m.ComputeBatchGradients(new double[inputs], new double[2 * outputLength], 2); break;
            default: ((IBatchedClassifierModel<double>)model).ComputeBatchGradients(new double[inputs], new int[2 * outputSteps], 2); break;
        }

        Assert.Equal(ArrayBytes(BatchWorkspace(model)!), Convert.ToInt64(type.GetField("BatchWorkspaceBytes")!.GetRawConstantValue()));
    }

    /// <summary>The bytes of every float or double array an object holds, in its fields and its base classes', and in the objects of its object arrays (the layers).</summary>
    private static long ArrayBytes(object owner)
    {
        long bytes = 0;
        for (Type? type = owner.GetType(); type is not null; type = type.BaseType)
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                switch (field.GetValue(owner))
                {
                    case float[] f: bytes += 4L * f.Length; break;
                    case double[] d: bytes += 8L * d.Length; break;
                    case object[] objects: bytes += objects.Sum(ArrayBytes); break;
                }
            }
        }
        return bytes;
    }

    /// <summary>Models differing from an eligible one in one option: none gets ComputeBatchGradients.</summary>
    [Theory]
    [InlineData("[Lstm(8, ProjectionSize = 4)]")]
    [InlineData("[Lstm(8, Peephole = true)]")]
    [InlineData("[Lstm(8, CoupledGates = true)]")]
    [InlineData("[Lstm(8, CellClip = 3)]")]
    [InlineData("[Lstm(8, LayerNorm = true)]")]
    [InlineData("[Lstm(8, Bidirectional = true, MergeMode = MergeMode.Average)]")]
    [InlineData("[Lstm(8)]\n[Gru(8, Variant = GruVariant.ResetBefore)]")]
    [InlineData("[Gru(8, LayerNorm = true)]")]
    [InlineData("[Lstm(8)]\n[SelfAttention(Heads = 2)]")]
    [InlineData("[TemporalConv(Channels = 4, Kernel = 2, Dilations = new[] { 1, 2 })]\n[Lstm(8)]")]
    public void NoOtherLayerOrOptionGetsTheBatchPath(string layers)
    {
        const string Header = "using SeqGen;\nnamespace Demo;\n[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 1)]\n";
        SeqGen.Tests.Generator.GeneratorRun eligible = SeqGen.Tests.Generator.GeneratorHarness.Run(Header + "[Lstm(8)]\npublic partial class Model { }");
        Assert.Contains("ComputeBatchGradients", Assert.Single(eligible.GeneratedSources).Text);
        SeqGen.Tests.Generator.GeneratorRun run = SeqGen.Tests.Generator.GeneratorHarness.Run(Header + layers + "\npublic partial class Model { }");
        run.AssertCleanBuild();
        Assert.DoesNotContain("ComputeBatchGradients", Assert.Single(run.GeneratedSources).Text);
    }

    private static object? BatchWorkspace(object model) =>
        model.GetType().GetField("_batchGradients", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(model);


    [Fact]
    public void ABatchTrainedRegressorCutsItsHeldOutErrorTenfold()
    {
        var model = new BatchRegressor(seed: 3);
        Assert.IsAssignableFrom<IBatchedRegressionModel<float>>(model);
        var train = TrainerData.NextSine(400, seed: 1);
        var test = TrainerData.NextSine(100, seed: 2);
        double before = TrainerData.ForwardMse(model, test);
        var trainer = new Trainer<float> { Epochs = 15, BatchSize = 16, Seed = 7, MaxGradientNorm = 1 };

        trainer.Fit(model, new Adam<float>(BatchRegressor.ParameterCount, 0.01), train);

        double after = TrainerData.ForwardMse(model, test);
        Assert.True(after < before / 10, $"held-out MSE {before:F5} -> {after:F5}, expected a tenfold drop");
    }

    [Fact]
    public void ABatchTrainedClassifierReachesNinetyPercentHeldOut()
    {
        var model = new BatchClassifier(seed: 2);
        Assert.IsAssignableFrom<IBatchedClassifierModel<float>>(model);
        var trainer = new Trainer<float> { Epochs = 12, BatchSize = 10, Seed = 1 };

        trainer.Fit(model, new Adam<float>(BatchClassifier.ParameterCount, 0.02), TrainerData.LargerChannel(500, seed: 4));

        var test = TrainerData.LargerChannel(300, seed: 9);
        int correct = TrainerData.Correct(model, test);
        Assert.True(correct >= 0.9 * test.Count, $"held-out accuracy {correct}/{test.Count}");
    }

    [Fact]
    public void OnlyPlainStacksOverWholeSequencesGetTheBatchPath()
    {
        Assert.True(typeof(IBatchedRegressionModel<float>).IsAssignableFrom(typeof(BatchStackedManyToMany)));
        Assert.True(typeof(IBatchedClassifierModel<double>).IsAssignableFrom(typeof(BatchStackedManyToOneCeDouble)));
        Assert.True(typeof(IBatchedRegressionModel<float>).IsAssignableFrom(typeof(BatchStackedGru)));
        Assert.True(typeof(IBatchedClassifierModel<float>).IsAssignableFrom(typeof(BatchMixedStack)));
        Assert.True(typeof(IBatchedRegressionModel<float>).IsAssignableFrom(typeof(BatchBidirectionalUnderGru)));
        foreach (Type model in new[] { typeof(BatchIneligibleMergedBidirectional), typeof(BatchIneligibleResetBeforeGru), typeof(BatchIneligibleTruncated), typeof(BatchIneligibleOneToMany) })
        {
            Assert.False(typeof(IBatchedRegressionModel<float>).IsAssignableFrom(model), model.Name);
            Assert.Null(model.GetMethod("ComputeBatchGradients"));
        }
    }

    private static void CompareWithSequenceLoop<T>(ISequenceModel<T> batched, ISequenceModel<T> loop, int count, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Randomize(batched.InitialHidden, seed: 20, scale: 0.5);
        batched.Parameters.CopyTo(loop.Parameters);
        batched.InitialHidden.CopyTo(loop.InitialHidden);
        if (batched is ICellStateModel<T> withCell)
        {
            Randomize(withCell.InitialCell, seed: 21, scale: 0.5);
            withCell.InitialCell.CopyTo(((ICellStateModel<T>)loop).InitialCell);
        }
        int inputLength = InputLength(batched);
        T[] inputs = RandomValues(count * inputLength, seed: 22, scale: 1).Select(T.CreateChecked).ToArray();

        batched.ZeroGradients();
        loop.ZeroGradients();
        T batchLoss, loopLoss = T.Zero;
        if (batched is IBatchedClassifierModel<T> classifier)
        {
            int steps = OutputSteps(batched), classes = OutputSize(batched);
            var random = new Random(23);
            int[] targets = Enumerable.Range(0, count * steps).Select(_ => random.Next(classes)).ToArray();
            batchLoss = classifier.ComputeBatchGradients(inputs, targets, count);
            for (int n = 0; n < count; n++)
            {
                loopLoss += ((IClassifierModel<T>)loop).ComputeGradients(inputs.AsSpan(n * inputLength, inputLength), targets.AsSpan(n * steps, steps));
            }
        }
        else
        {
            int targetLength = OutputSteps(batched) * OutputSize(batched);
            T[] targets = RandomValues(count * targetLength, seed: 24, scale: 1).Select(T.CreateChecked).ToArray();
            batchLoss = ((IBatchedRegressionModel<T>)batched).ComputeBatchGradients(inputs, targets, count);
            for (int n = 0; n < count; n++)
            {
                loopLoss += ((IRegressionModel<T>)loop).ComputeGradients(inputs.AsSpan(n * inputLength, inputLength), targets.AsSpan(n * targetLength, targetLength));
            }
        }
        Assert.True(double.Abs(double.CreateChecked(batchLoss - loopLoss)) <= tolerance * double.Max(1, double.Abs(double.CreateChecked(loopLoss))), $"loss {batchLoss} vs {loopLoss}");
        AssertClose(loop.Gradients.ToArray().Select(double.CreateChecked).ToArray(), batched.Gradients.ToArray(), tolerance);
    }

    private static int InputLength<T>(ISequenceModel<T> model) where T : unmanaged, IFloatingPointIeee754<T> => (int)model.GetType().GetField("InputLength")!.GetValue(null)!;

    private static int OutputSteps<T>(ISequenceModel<T> model) where T : unmanaged, IFloatingPointIeee754<T> => (int)model.GetType().GetField("OutputSteps")!.GetValue(null)!;

    private static int OutputSize<T>(ISequenceModel<T> model) where T : unmanaged, IFloatingPointIeee754<T> => (int)model.GetType().GetField("OutputSize")!.GetValue(null)!;

    /// <summary>Every value within <paramref name="tolerance"/> of the largest expected magnitude.</summary>
    private static void AssertClose<T>(double[] expected, T[] actual, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(expected.Max(Math.Abs), 1e-30);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(double.CreateChecked(actual[i]) - expected[i]) / scale;
            Assert.True(error <= tolerance, $"gradient [{i}]: {actual[i]} vs {expected[i]} (relative to the largest, {error:E2})");
        }
        Assert.True(scale > 1e-6, "the gradients compared are all zero");
    }

    private static double[] RandomValues(int count, int seed, double scale)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => scale * (2 * random.NextDouble() - 1)).ToArray();
    }

    private static void Randomize<T>(Span<T> values, int seed, double scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] random = RandomValues(values.Length, seed, scale);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateChecked(random[i]);
        }
    }
}
