using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics;
using SeqGen.Numerics;

namespace SeqGen;

/// <summary>Receives a copy-free view of the best weights so far, e.g. to save them to disk.</summary>
/// <param name="epoch">The epoch (from 1) whose weights these are.</param>
/// <param name="loss">Its validation loss (training loss without a validation set).</param>
/// <param name="parameters">The model's parameters, in the layout of <see cref="ISequenceModel{T}.Parameters"/>; valid only during the call.</param>
public delegate void CheckpointHandler<T>(int epoch, double loss, ReadOnlySpan<T> parameters)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// Trains any generated model: epochs of shuffled mini-batches, a validation set, early stopping,
/// the best weights kept and restored, progress reports.
/// </summary>
/// <remarks>
/// <para>The models are batch-1, so a mini-batch of B sequences is B <c>ComputeGradients</c> calls
/// whose gradients add up, scaled by 1/B, optionally clipped by global norm, then one optimizer
/// step (<see cref="MiniBatch"/>). The last batch of an epoch may be smaller. Losses are the mean per
/// sequence of what <c>ComputeGradients</c> returns (the loss summed over output steps).</para>
/// <para>Shuffling uses <see cref="SeededRandom"/> seeded with <see cref="Seed"/>: the same seed, data
/// and initial weights give the same weights on every run. The validation loss is computed with
/// <c>ComputeGradients</c> too (the gradients are discarded), so it is the training loss's exact
/// definition.</para>
/// <para>After warm-up, the per-batch loop (gradients, scaling, clipping, the optimizer step, the
/// progress report) allocates nothing; each epoch's bookkeeping is preallocated.</para>
/// </remarks>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private int _epochs = 10;
    private int _batchSize = 32;
    private double _validationFraction;
    private int _patience;
    private double _minImprovement;
    private double? _maxGradientNorm;

    /// <summary>The most epochs to run (at least 1; default 10).</summary>
    public int Epochs
    {
        get => _epochs;
        set => _epochs = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(Epochs), value, $"Epochs must be at least 1, but is {value}.");
    }

    /// <summary>Sequences per mini-batch (at least 1; default 32).</summary>
    public int BatchSize
    {
        get => _batchSize;
        set => _batchSize = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(BatchSize), value, $"BatchSize must be at least 1, but is {value}.");
    }

    /// <summary>Seed of the shuffling and of the validation split (default 0).</summary>
    public long Seed { get; set; }

    /// <summary>Whether the training order is shuffled every epoch (default true).</summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>
    /// When no validation set is passed to Fit, this fraction of the training examples (chosen by
    /// <see cref="Seed"/>, at least one) is held out for validation; 0 (the default) holds out none.
    /// </summary>
    public double ValidationFraction
    {
        get => _validationFraction;
        set => _validationFraction = value >= 0 && value < 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(ValidationFraction), value, $"ValidationFraction must be at least 0 and below 1, but is {value}.");
    }

    /// <summary>
    /// Early stopping: stop after this many epochs in a row without a validation loss lower than the
    /// best by more than <see cref="MinImprovement"/>. 0 (the default) never stops early. Needs a
    /// validation set.
    /// </summary>
    public int Patience
    {
        get => _patience;
        set => _patience = value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(Patience), value, $"Patience must be at least 0, but is {value}.");
    }

    /// <summary>How much lower than the best an epoch's loss must be to count as an improvement (default 0).</summary>
    public double MinImprovement
    {
        get => _minImprovement;
        set => _minImprovement = value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(MinImprovement), value, $"MinImprovement must be at least 0, but is {value}.");
    }

    /// <summary>Clip each mini-batch's mean gradient to this global L2 norm; null (the default) does not clip.</summary>
    public double? MaxGradientNorm
    {
        get => _maxGradientNorm;
        set => _maxGradientNorm = value is null || value > 0 && double.IsFinite(value.Value) ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxGradientNorm), value, $"MaxGradientNorm must be above 0 and finite, or null, but is {value}.");
    }

    /// <summary>Whether the best epoch's weights are copied back into the model at the end (default true).</summary>
    public bool RestoreBestWeights { get; set; } = true;

    /// <summary>
    /// Computes each mini-batch's gradients on several cores (null, the default: on the calling
    /// thread). It must wrap the model passed to Fit. Validation losses are computed on the calling thread.
    /// </summary>
    public DataParallel<T>? Parallel { get; set; }

    /// <summary>Called after every mini-batch and at the end of every epoch, on the training thread.</summary>
    public Action<TrainingProgress>? Progress { get; set; }

    /// <summary>Called whenever an epoch's loss is the best so far, with its weights (e.g. to save them).</summary>
    public CheckpointHandler<T>? BestCheckpoint { get; set; }

    /// <summary>Trains a regression model on <paramref name="train"/>; validates on <paramref name="validation"/>, or on a split of <paramref name="train"/> (see <see cref="ValidationFraction"/>).</summary>
    /// <exception cref="ArgumentException">Shapes that do not fit the model or each other, an optimizer for another parameter count, early stopping without validation data, or too few examples to split.</exception>
    public TrainingResult Fit(IRegressionModel<T> model, IOptimizer<T> optimizer, RegressionDataset<T> train, RegressionDataset<T>? validation = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        CheckTargets(train.TargetLength, model.Outputs.Length, nameof(train));
        var trainSource = new RegressionSource<T>(model, train);
        var validationSource = new RegressionSource<T>(model, validation ?? train);
        return Run(trainSource, validationSource, validation is not null, optimizer);
    }

    /// <summary>Trains a classifier on <paramref name="train"/>; validates on <paramref name="validation"/>, or on a split of <paramref name="train"/> (see <see cref="ValidationFraction"/>).</summary>
    /// <exception cref="ArgumentException">Shapes that do not fit the model or each other, an optimizer for another parameter count, early stopping without validation data, or too few examples to split.</exception>
    public TrainingResult Fit(IClassifierModel<T> model, IOptimizer<T> optimizer, ClassificationDataset<T> train, ClassificationDataset<T>? validation = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        var trainSource = new ClassificationSource<T>(model, train);
        var validationSource = new ClassificationSource<T>(model, validation ?? train);
        return Run(trainSource, validationSource, validation is not null, optimizer);
    }

    private static void CheckTargets(int targetLength, int outputLength, string argument)
    {
        if (targetLength != outputLength)
        {
            throw new ArgumentException(
                $"{argument} has {targetLength} targets per example, but the model has {outputLength} outputs (OutputLength).", argument);
        }
    }

    private TrainingResult Run<TSource>(TSource train, TSource validation, bool separateValidation, IOptimizer<T> optimizer)
        where TSource : struct, IGradientSource<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ISequenceModel<T> model = train.Model;
        int parameterCount = model.Parameters.Length;
        if (optimizer.ParameterCount != parameterCount)
        {
            throw new ArgumentException(
                $"The optimizer was created for {optimizer.ParameterCount} parameters, but the model has {parameterCount} (ParameterCount).", nameof(optimizer));
        }
        if (Parallel is { } parallel && !ReferenceEquals(parallel.Model, model))
        {
            throw new ArgumentException("Parallel wraps another model than the one passed to Fit: make it with that model.", nameof(Parallel));
        }
        // The interface does not expose InputLength: a training input of the wrong length is
        // reported by the model's own check on the first example, before any parameter changes.
        if (separateValidation)
        {
            CheckShape(validation.Data, train.Data.InputLength, train.Data.TargetLength);
        }

        (int[] trainIndices, int[] validationIndices) = Split(train.Data.Count, separateValidation ? validation.Data.Count : -1);
        bool validating = validationIndices.Length > 0;
        if (Patience > 0 && !validating)
        {
            throw new ArgumentException(
                "Patience (early stopping) needs validation data: pass a validation set or set ValidationFraction above 0.", nameof(Patience));
        }

        int batches = (trainIndices.Length + BatchSize - 1) / BatchSize;
        var trainLosses = new List<double>(Epochs);
        var validationLosses = new List<double>(validating ? Epochs : 0);
        T[] best = new T[parameterCount];
        int bestEpoch = 0, epochsWithoutImprovement = 0;
        double bestLoss = double.NaN;
        bool stoppedEarly = false;
        long sequences = 0;
        T? clip = MaxGradientNorm is double norm ? T.CreateChecked(norm) : null;
        var random = new SeededRandom(Seed);
        var clock = Stopwatch.StartNew();

        for (int epoch = 1; epoch <= Epochs; epoch++)
        {
            if (Shuffle)
            {
                ShuffleInPlace(trainIndices, ref random);
            }
            double lossSum = 0;
            int seen = 0;
            for (int batch = 0; batch < batches; batch++)
            {
                int start = batch * BatchSize;
                ReadOnlySpan<int> indices = trainIndices.AsSpan(start, Math.Min(BatchSize, trainIndices.Length - start));
                lossSum += double.CreateChecked(Step(ref train, optimizer, indices, clip));
                seen += indices.Length;
                sequences += indices.Length;
                Report(epoch, batch + 1, batches, false, lossSum / seen, double.NaN, bestLoss, sequences, clock);
            }

            double trainLoss = lossSum / seen;
            double validationLoss = validating ? MiniBatch.MeanLoss<T, TSource>(ref validation, validationIndices) : double.NaN;
            trainLosses.Add(trainLoss);
            if (validating)
            {
                validationLosses.Add(validationLoss);
            }
            double epochLoss = validating ? validationLoss : trainLoss;
            if (double.IsNaN(bestLoss) || epochLoss < bestLoss - MinImprovement)
            {
                bestLoss = epochLoss;
                bestEpoch = epoch;
                epochsWithoutImprovement = 0;
                model.Parameters.CopyTo(best);
                BestCheckpoint?.Invoke(epoch, epochLoss, best);
            }
            else
            {
                epochsWithoutImprovement++;
            }
            Report(epoch, batches, batches, true, trainLoss, validationLoss, bestLoss, sequences, clock);
            if (Patience > 0 && epochsWithoutImprovement >= Patience && epoch < Epochs)
            {
                stoppedEarly = true;
                break;
            }
        }

        bool restore = RestoreBestWeights && bestEpoch != trainLosses.Count;
        if (restore)
        {
            best.CopyTo(model.Parameters);
        }
        return new TrainingResult(trainLosses, validationLosses, bestEpoch, bestLoss, stoppedEarly,
            restore, sequences, clock.Elapsed);
    }

    private T Step<TSource>(ref TSource source, IOptimizer<T> optimizer, ReadOnlySpan<int> indices, T? clip)
        where TSource : struct, IGradientSource<T> =>
        Parallel is null ? MiniBatch.Step(ref source, optimizer, indices, clip)
        : source.Data is RegressionDataset<T> regression ? Parallel.Step(optimizer, regression, indices, clip)
        : Parallel.Step(optimizer, (ClassificationDataset<T>)source.Data, indices, clip);

    private void Report(int epoch, int batch, int batches, bool epochEnd, double trainLoss, double validationLoss,
        double bestLoss, long sequences, Stopwatch clock)
    {
        if (Progress is { } progress)
        {
            TimeSpan elapsed = clock.Elapsed;
            double perSecond = elapsed > TimeSpan.Zero ? sequences / elapsed.TotalSeconds : 0;
            progress(new TrainingProgress(epoch, Epochs, batch, batches, epochEnd, trainLoss, validationLoss, bestLoss,
                sequences, perSecond, elapsed));
        }
    }

    private static void CheckShape(SequenceDataset<T> validation, int inputLength, int targetLength)
    {
        if (validation.InputLength != inputLength || validation.TargetLength != targetLength)
        {
            throw new ArgumentException(
                $"validation has inputs of length {validation.InputLength} and {validation.TargetLength} targets per example, " +
                $"but train has {inputLength} and {targetLength}.", nameof(validation));
        }
    }

    /// <summary>Training and validation example indices: all of each dataset, or a seeded split of the training set.</summary>
    private (int[] Train, int[] Validation) Split(int trainCount, int validationCount)
    {
        if (validationCount >= 0)
        {
            return (Range(trainCount), Range(validationCount));
        }
        if (ValidationFraction == 0)
        {
            return (Range(trainCount), Array.Empty<int>());
        }
        int held = Math.Max(1, (int)Math.Round(trainCount * ValidationFraction));
        if (held >= trainCount)
        {
            throw new ArgumentException(
                $"ValidationFraction {ValidationFraction} of {trainCount} examples leaves none to train on; use more examples or a smaller fraction.", "train");
        }
        int[] all = Range(trainCount);
        var random = new SeededRandom(~Seed);
        ShuffleInPlace(all, ref random);
        int[] validation = all[..held];
        int[] train = all[held..];
        Array.Sort(validation);
        Array.Sort(train);
        return (train, validation);
    }

    private static int[] Range(int count)
    {
        var indices = new int[count];
        for (int i = 0; i < count; i++)
        {
            indices[i] = i;
        }
        return indices;
    }

    /// <summary>Fisher-Yates with <see cref="SeededRandom"/>, identical on every platform.</summary>
    private static void ShuffleInPlace(int[] values, ref SeededRandom random)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = (int)(random.NextUInt64() % (ulong)(i + 1));
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
