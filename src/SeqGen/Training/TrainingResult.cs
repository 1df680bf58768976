using System;
using System.Collections.Generic;

namespace SeqGen;

/// <summary>What a <see cref="Trainer{T}"/> run did.</summary>
/// <param name="TrainLosses">Mean training loss per sequence of each epoch run.</param>
/// <param name="ValidationLosses">Mean validation loss per sequence after each epoch; empty without a validation set.</param>
/// <param name="BestEpoch">The epoch (from 1) with the lowest validation loss (training loss without a validation set).</param>
/// <param name="BestLoss">That lowest loss.</param>
/// <param name="StoppedEarly">True when early stopping ended the run before the last epoch.</param>
/// <param name="RestoredBest">True when the best epoch's weights were copied back into the model at the end.</param>
/// <param name="SequencesTrained">Training sequences processed (epochs x training examples, or fewer when stopped early).</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record TrainingResult(
    IReadOnlyList<double> TrainLosses,
    IReadOnlyList<double> ValidationLosses,
    int BestEpoch,
    double BestLoss,
    bool StoppedEarly,
    bool RestoredBest,
    long SequencesTrained,
    TimeSpan Elapsed)
{
    /// <summary>Number of epochs run.</summary>
    public int EpochsRun => TrainLosses.Count;

    /// <summary>Training sequences per second over the whole run.</summary>
    public double SequencesPerSecond => Elapsed > TimeSpan.Zero ? SequencesTrained / Elapsed.TotalSeconds : 0;
}
