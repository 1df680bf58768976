using System;
using Xunit;

namespace SeqGen.Tests.Training;

/// <summary>The per-step training loop allocates nothing after warm-up.</summary>
public sealed class TrainerAllocationTests
{
    [Fact]
    public void MiniBatchStepDoesNotAllocate()
    {
        var regressor = new TrainerRegressor(seed: 1);
        var adam = new Adam<float>(TrainerRegressor.ParameterCount, 1e-3);
        var sine = TrainerData.NextSine(8, seed: 1);
        int[] batch = [3, 0, 7, 1];
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => MiniBatch.Step(regressor, adam, sine, batch, 1f)));

        var classifier = new TrainerClassifier(seed: 1);
        var sgd = new Sgd<float>(TrainerClassifier.ParameterCount, 1e-3, momentum: 0.9);
        var channels = TrainerData.LargerChannel(8, seed: 1);
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => MiniBatch.Step(classifier, sgd, channels, batch)));
    }

    [Fact]
    public void TrainerLoopDoesNotAllocatePerBatch()
    {
        // The progress callback reads the thread's allocation count after every batch; over the
        // third epoch (after 1,200 warm-up batches and a pause for the tier-1 compiler) the count
        // must not move. One interval is tolerated for a one-off runtime allocation (see
        // AllocationMeter); an allocation per batch would show in all 400.
        const int Sequences = 400;
        var counts = new long[Sequences + 1];
        int recorded = 0;
        var trainer = new Trainer<float>
        {
            Epochs = 3,
            BatchSize = 1,
            MaxGradientNorm = 1,
            Progress = p =>
            {
                if (p.Epoch == 2 && p.IsEpochEnd)
                {
                    System.Threading.Thread.Sleep(150);
                }
                if (p.Epoch == 3 && recorded <= Sequences)
                {
                    counts[recorded++] = GC.GetAllocatedBytesForCurrentThread();
                }
            },
        };
        var validation = TrainerData.NextSine(20, seed: 2);
        trainer.Fit(new TrainerRegressor(seed: 1), new Adam<float>(TrainerRegressor.ParameterCount), TrainerData.NextSine(Sequences, seed: 1), validation);

        Assert.Equal(Sequences + 1, recorded); // 400 batches and the epoch's report
        int allocating = 0;
        for (int i = 1; i < recorded; i++)
        {
            allocating += counts[i] != counts[i - 1] ? 1 : 0;
        }
        Assert.True(allocating <= 1, $"{allocating} of {recorded - 1} batch intervals allocated ({counts[recorded - 1] - counts[0]} bytes)");
    }
}
