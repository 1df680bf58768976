using System;
using System.Diagnostics;
using SeqGen.Numerics;

namespace SeqGen.Samples.SequenceClassification;

/// <summary>How to run the sample.</summary>
/// <param name="TrainCount">Training sequences.</param>
/// <param name="TestCount">Held-out sequences.</param>
/// <param name="Epochs">Passes over the training sequences (no early stopping: every run gets the same budget).</param>
/// <param name="BatchSize">Sequences per Adam step (their gradients averaged).</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="Seed">Seed of the data, the initial weights and the shuffling.</param>
/// <param name="Tagger">Also train the many-to-many tagger (both ways).</param>
public sealed record ClassificationOptions(int TrainCount = 4000, int TestCount = 1000, int Epochs = 20, int BatchSize = 32,
    double LearningRate = 0.01, long Seed = 1, bool Tagger = true);

/// <summary>Progress of one training run, after each epoch.</summary>
/// <param name="Run">Which run ("classifier, zeros fed", ...).</param>
/// <param name="Epoch">Epochs done.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="TrainLoss">Mean loss per sequence over the epoch (while the weights changed).</param>
/// <param name="Elapsed">Time since the run started.</param>
public readonly record struct RunProgress(string Run, int Epoch, int Epochs, double TrainLoss, TimeSpan Elapsed);

/// <summary>One trained model's held-out score.</summary>
/// <param name="Accuracy">Fraction of held-out sequences (classifier) or real steps (tagger) classified correctly.</param>
/// <param name="AccuracyByLength">Classifier only: accuracy on held-out lengths 5-12, 13-21 and 22-30; empty for the tagger.</param>
/// <param name="TrainLosses">Mean training loss per sequence, per epoch.</param>
/// <param name="Elapsed">Training time.</param>
public sealed record Score(double Accuracy, double[] AccuracyByLength, double[] TrainLosses, TimeSpan Elapsed);

/// <summary>What <see cref="SequenceClassifier.Run"/> measured.</summary>
/// <param name="ZeroFed">The classifier trained and evaluated on front-padded buffers, the padding read as zero inputs.</param>
/// <param name="Masked">The same classifier, same initial weights, data order and budget, with the padded steps skipped (the <c>length</c> overloads).</param>
/// <param name="TaggerZeroFed">The tagger with back-padded inputs read as zeros and the padded targets (class 0) in the loss; null without <see cref="ClassificationOptions.Tagger"/>.</param>
/// <param name="TaggerMasked">The tagger with padded steps skipped; its accuracy is over real steps, as the zero-fed one's.</param>
/// <param name="MajorityAccuracy">Held-out accuracy of always answering the training set's most frequent class.</param>
/// <param name="KerasLayerParameters">Per-layer parameter counts of the 4-input, 3-unit RNN with one bias (<c>LayerParameterCounts</c>).</param>
/// <param name="PyTorchLayerParameters">The same layer with PyTorch's two biases.</param>
/// <param name="Elapsed">Wall time of everything.</param>
public sealed record ClassificationResult(Score ZeroFed, Score Masked, Score? TaggerZeroFed, Score? TaggerMasked, double MajorityAccuracy,
    int[] KerasLayerParameters, int[] PyTorchLayerParameters, TimeSpan Elapsed);

/// <summary>
/// Variable-length sequence classification with padding. Trains <see cref="SignSumClassifier"/>
/// (and <see cref="RunningSignTagger"/>) twice from the same initial weights with the same data
/// order and budget: once with the padded steps fed to the model as zeros (the plain
/// <c>ComputeGradients(input, targets)</c>), once with them masked (<c>ComputeGradients(input, targets, length)</c>,
/// which runs exactly the real steps, as PyTorch's packed sequences). The loop is written here,
/// because <see cref="Trainer{T}"/> calls the overload without a length: mini-batches whose gradients
/// are averaged, clipped at global norm 1, then one Adam step (what <see cref="MiniBatch.Step{T}(IClassifierModel{T}, IOptimizer{T}, ClassificationDataset{T}, ReadOnlySpan{int}, T?)"/> does).
/// </summary>
public static class SequenceClassifier
{
    /// <summary>Runs the sample; <paramref name="progress"/> is told after every epoch of every run.</summary>
    public static ClassificationResult Run(ClassificationOptions options, Action<RunProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        SignData train = SignData.Generate(options.TrainCount, options.Seed);
        SignData test = SignData.Generate(options.TestCount, options.Seed + 1_000_003);
        ClassificationDataset<float> trainSet = train.Classification, testSet = test.Classification;

        var zeroFed = new SignSumClassifier(options.Seed);
        Score zeroFedScore = Train("classifier, zeros fed", zeroFed, i => zeroFed.ComputeGradients(trainSet.Input(i), trainSet.Target(i)),
            options, progress, () => ClassifierAccuracy(test, (input, output, _) => zeroFed.Forward(input, output)));

        var masked = new SignSumClassifier(options.Seed);
        Score maskedScore = Train("classifier, masked", masked, i => masked.ComputeGradients(trainSet.Input(i), trainSet.Target(i), train.Lengths[i]),
            options, progress, () => ClassifierAccuracy(test, (input, output, length) => masked.Forward(input, output, length)));

        Score? taggerZeroFed = null, taggerMasked = null;
        if (options.Tagger)
        {
            ClassificationDataset<float> tagTrain = train.Tagging;
            var zeroTagger = new RunningSignTagger(options.Seed);
            taggerZeroFed = Train("tagger, zeros fed", zeroTagger, i => zeroTagger.ComputeGradients(tagTrain.Input(i), tagTrain.Target(i)),
                options, progress, () => TaggerAccuracy(test, (input, output, _) => zeroTagger.Forward(input, output)));
            var maskedTagger = new RunningSignTagger(options.Seed);
            taggerMasked = Train("tagger, masked", maskedTagger, i => maskedTagger.ComputeGradients(tagTrain.Input(i), tagTrain.Target(i), train.Lengths[i]),
                options, progress, () => TaggerAccuracy(test, (input, output, length) => maskedTagger.Forward(input, output, length)));
        }

        int positives = Array.FindAll(train.Labels, c => c == 1).Length;
        int majority = positives * 2 > train.Count ? 1 : 0;
        double majorityAccuracy = (double)Array.FindAll(test.Labels, c => c == majority).Length / test.Count;

        return new ClassificationResult(zeroFedScore, maskedScore, taggerZeroFed, taggerMasked, majorityAccuracy,
            KerasCountedRnn.LayerParameterCounts.ToArray(), PyTorchCountedRnn.LayerParameterCounts.ToArray(), clock.Elapsed);
    }

    private delegate void Predict(ReadOnlySpan<float> input, Span<float> output, int length);

    /// <summary>
    /// Epochs of shuffled mini-batches (the same order for every run with the same seed): zero the
    /// gradients, add up each sequence's, average, clip at norm 1, one Adam step.
    /// </summary>
    private static Score Train(string name, ISequenceModel<float> model, Func<int, float> computeGradients,
        ClassificationOptions options, Action<RunProgress>? progress, Func<(double Accuracy, double[] ByLength)> evaluate)
    {
        var clock = Stopwatch.StartNew();
        var adam = new Adam<float>(model.Parameters.Length, options.LearningRate);
        var random = new SeededRandom(options.Seed);
        int count = options.TrainCount;
        int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }
        var losses = new double[options.Epochs];
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            for (int i = count - 1; i > 0; i--)
            {
                int j = (int)(random.NextUInt64() % (ulong)(i + 1));
                (order[i], order[j]) = (order[j], order[i]);
            }
            double lossSum = 0;
            for (int start = 0; start < count; start += options.BatchSize)
            {
                int batch = Math.Min(options.BatchSize, count - start);
                model.ZeroGradients();
                for (int b = 0; b < batch; b++)
                {
                    lossSum += computeGradients(order[start + b]);
                }
                Span<float> gradients = model.Gradients;
                float scale = 1f / batch;
                for (int k = 0; k < gradients.Length; k++)
                {
                    gradients[k] *= scale;
                }
                GradientClipping.ClipByGlobalNorm(gradients, 1f);
                adam.Step(model.Parameters, gradients);
            }
            losses[epoch] = lossSum / count;
            progress?.Invoke(new RunProgress(name, epoch + 1, options.Epochs, losses[epoch], clock.Elapsed));
        }
        TimeSpan elapsed = clock.Elapsed;
        var (accuracy, byLength) = evaluate();
        return new Score(accuracy, byLength, losses, elapsed);
    }

    /// <summary>Length buckets for <see cref="Score.AccuracyByLength"/>: lengths up to each bound.</summary>
    public static ReadOnlySpan<int> LengthBuckets => new[] { 12, 21, SignData.MaxSteps };

    private static (double, double[]) ClassifierAccuracy(SignData test, Predict predict)
    {
        ReadOnlySpan<int> buckets = LengthBuckets;
        var correct = new int[buckets.Length];
        var total = new int[buckets.Length];
        Span<float> logits = stackalloc float[SignSumClassifier.OutputLength];
        int allCorrect = 0;
        for (int n = 0; n < test.Count; n++)
        {
            predict(test.FrontPadded.AsSpan(n * SignData.MaxSteps, SignData.MaxSteps), logits, test.Lengths[n]);
            bool right = (logits[1] > logits[0] ? 1 : 0) == test.Labels[n];
            int bucket = 0;
            while (test.Lengths[n] > buckets[bucket])
            {
                bucket++;
            }
            total[bucket]++;
            if (right)
            {
                correct[bucket]++;
                allCorrect++;
            }
        }
        var byLength = new double[buckets.Length];
        for (int b = 0; b < buckets.Length; b++)
        {
            byLength[b] = (double)correct[b] / Math.Max(total[b], 1);
        }
        return ((double)allCorrect / test.Count, byLength);
    }

    private static (double, double[]) TaggerAccuracy(SignData test, Predict predict)
    {
        Span<float> logits = stackalloc float[RunningSignTagger.OutputLength];
        long correct = 0, total = 0;
        for (int n = 0; n < test.Count; n++)
        {
            int length = test.Lengths[n];
            predict(test.BackPadded.AsSpan(n * SignData.MaxSteps, SignData.MaxSteps), logits, length);
            for (int t = 0; t < length; t++) // real steps only, for both ways of training
            {
                int predicted = logits[2 * t + 1] > logits[2 * t] ? 1 : 0;
                correct += predicted == test.StepTags[n * SignData.MaxSteps + t] ? 1 : 0;
            }
            total += length;
        }
        return ((double)correct / total, Array.Empty<double>());
    }
}
