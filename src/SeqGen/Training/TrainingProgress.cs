using System;

namespace SeqGen;

/// <summary>
/// What <see cref="Trainer{T}.Progress"/> receives after every mini-batch and at the end of every
/// epoch (a value type: reporting allocates nothing).
/// </summary>
/// <param name="Epoch">The current epoch, from 1.</param>
/// <param name="Epochs">The most epochs this run can take (early stopping may end it sooner).</param>
/// <param name="Batch">Mini-batches done in this epoch, from 1.</param>
/// <param name="BatchesPerEpoch">Mini-batches per epoch.</param>
/// <param name="IsEpochEnd">True for the report after the epoch's validation; false after a mini-batch.</param>
/// <param name="TrainLoss">Mean loss per training sequence over this epoch so far (as seen while the weights changed).</param>
/// <param name="ValidationLoss">Mean loss per validation sequence after this epoch; NaN before the epoch ends or without a validation set.</param>
/// <param name="BestLoss">Best epoch loss so far (validation loss, or training loss without a validation set); NaN before the first epoch ends.</param>
/// <param name="SequencesTrained">Training sequences processed since the run began.</param>
/// <param name="SequencesPerSecond">Training throughput since the run began (validation time included).</param>
/// <param name="Elapsed">Wall time since the run began.</param>
public readonly record struct TrainingProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int BatchesPerEpoch,
    bool IsEpochEnd,
    double TrainLoss,
    double ValidationLoss,
    double BestLoss,
    long SequencesTrained,
    double SequencesPerSecond,
    TimeSpan Elapsed);
