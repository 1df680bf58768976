using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using SeqGen.Numerics;

namespace SeqGen.Samples.CharacterModel;

/// <summary>
/// The text model: reads <see cref="TextTrainer.Window"/> characters (one-hot, one per step) and
/// predicts the next character at every step (many-to-many, cross-entropy over 65 classes).
/// </summary>
/// <remarks>
/// Why not one-to-many with FeedBack, like <see cref="HelloModel"/>? That topology sees one input
/// vector and then only its own outputs, so it can only continue from a single character; a
/// language model should condition on everything read so far. Many-to-many trains on every
/// position of every window at once, and at generation time the same weights run one step at a
/// time with <c>Step</c>, fed back the sampled character, for as long as we like.
/// </remarks>
[SequenceModel(Topology.ManyToMany, InputSize = Corpus.Size, Steps = TextTrainer.Window, OutputSize = Corpus.Size,
    Loss = LossKind.CrossEntropy, Precision = Precision.Single)]
[Lstm(64)]
public partial class ShakespeareModel { }

/// <summary>How to train the text model.</summary>
/// <param name="Iterations">Adam steps; each reads <paramref name="Streams"/> windows of <see cref="TextTrainer.Window"/> characters.</param>
/// <param name="Streams">Parallel reading positions in the training text (the mini-batch size).</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="EvaluateEvery">Iterations between held-out evaluations.</param>
/// <param name="SampleEvery">Iterations between generated samples (at evaluations: a multiple of <paramref name="EvaluateEvery"/>; the last iteration always samples).</param>
/// <param name="HeldOutCharacters">Characters at the end of the text kept out of training and scored (at most the last 10%).</param>
/// <param name="SampleLength">Characters per printed sample.</param>
/// <param name="Temperature">Sampling temperature of the printed samples.</param>
/// <param name="Seed">Seed of the weights, stream positions and sampling.</param>
public sealed record TextOptions(int Iterations = 1500, int Streams = 16, double LearningRate = 1e-2, int EvaluateEvery = 100,
    int SampleEvery = 500, int HeldOutCharacters = 20_000, int SampleLength = 240, float Temperature = 0.8f, long Seed = 1);

/// <summary>One evaluation during training.</summary>
/// <param name="Iteration">Adam steps taken (0: the untrained model, whose training loss is NaN).</param>
/// <param name="Characters">Training characters read so far.</param>
/// <param name="TrainBitsPerCharacter">Mean training loss of the iterations since the last evaluation, in bits per character.</param>
/// <param name="HeldOutBitsPerCharacter">Loss on the held-out text, in bits per character.</param>
/// <param name="Sample">Text generated from a newline at the options' temperature; empty between samples.</param>
public sealed record TextCheckpoint(int Iteration, long Characters, double TrainBitsPerCharacter, double HeldOutBitsPerCharacter, string Sample);

/// <summary>What <see cref="TextTrainer.Run"/> measured.</summary>
/// <param name="InitialHeldOutBitsPerCharacter">Held-out loss of the untrained model (about log2 65 = 6.02).</param>
/// <param name="UnigramBitsPerCharacter">Held-out loss of the training text's character frequencies (no context): the bar to beat.</param>
/// <param name="Checkpoints">Every evaluation: the untrained model first, the last after the last iteration.</param>
/// <param name="CharactersPerSecond">Training characters per second (forward and backward).</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record TextResult(double InitialHeldOutBitsPerCharacter, double UnigramBitsPerCharacter, IReadOnlyList<TextCheckpoint> Checkpoints,
    double CharactersPerSecond, TimeSpan Elapsed)
{
    /// <summary>Held-out loss after the last iteration.</summary>
    public double FinalHeldOutBitsPerCharacter => Checkpoints[^1].HeldOutBitsPerCharacter;
}

/// <summary>
/// Trains <see cref="ShakespeareModel"/> on the bundled text as char-rnn does: the training text is
/// cut into <c>Streams</c> equal segments read in parallel, one window of <see cref="Window"/>
/// characters per stream per iteration, and each stream's final LSTM state becomes the initial state
/// of its next window (the gradient stops at window boundaries: truncated backpropagation through
/// time). So the model learns to continue from any state, which is how it is used when generating
/// and when scoring the held-out text in one pass with <c>Step</c>. Adam, gradients averaged over the
/// streams and clipped at global norm 5.
/// </summary>
public static class TextTrainer
{
    /// <summary>Characters per training window (the model's Steps).</summary>
    public const int Window = 64;

    /// <summary>Trains and evaluates; <paramref name="checkpoint"/> receives each evaluation and <paramref name="iteration"/> every step.</summary>
    public static TextResult Run(TextOptions options, Action<TextCheckpoint>? checkpoint = null, Action<int>? iteration = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        int[] ids = Corpus.Encode(Corpus.Text());
        int heldOut = Math.Min(options.HeldOutCharacters, ids.Length / 10);
        ReadOnlySpan<int> train = ids.AsSpan(0, ids.Length - heldOut);
        int[] test = ids[^heldOut..];

        var model = new ShakespeareModel(options.Seed);
        var adam = new Adam<float>(ShakespeareModel.ParameterCount, options.LearningRate);
        var random = new Random(unchecked((int)options.Seed));
        int streams = options.Streams;
        int segment = train.Length / streams;
        var position = new int[streams];
        var hidden = new float[streams][];
        var cell = new float[streams][];
        for (int s = 0; s < streams; s++)
        {
            position[s] = s * segment + random.Next(segment / 2); // staggered, so the streams do not all restart at once
            hidden[s] = new float[ShakespeareModel.StateLength];
            cell[s] = new float[ShakespeareModel.CellStateLength];
        }

        var input = new float[ShakespeareModel.InputLength];
        var targets = new int[Window];
        var checkpoints = new List<TextCheckpoint>();
        double initial = HeldOutBits(model, test);
        checkpoints.Add(new TextCheckpoint(0, 0, double.NaN, initial, ""));
        double sinceLoss = 0;
        int sinceCount = 0;
        long characters = 0;
        var trainClock = new Stopwatch();
        for (int i = 1; i <= options.Iterations; i++)
        {
            trainClock.Start();
            model.ZeroGradients();
            double loss = 0;
            for (int s = 0; s < streams; s++)
            {
                int end = (s + 1) * segment;
                if (position[s] + Window + 1 > end)
                {
                    position[s] = s * segment; // back to the segment's start, from a zero state
                    Array.Clear(hidden[s]);
                    Array.Clear(cell[s]);
                }
                input.AsSpan().Clear();
                for (int t = 0; t < Window; t++)
                {
                    input[t * Corpus.Size + train[position[s] + t]] = 1;
                    targets[t] = train[position[s] + t + 1];
                }
                hidden[s].CopyTo(model.InitialHidden);
                cell[s].CopyTo(model.InitialCell);
                loss += model.ComputeGradients(input, targets);
                model.FinalHidden.CopyTo(hidden[s]);
                model.FinalCell.CopyTo(cell[s]);
                position[s] += Window;
            }
            Span<float> gradients = model.Gradients;
            System.Numerics.Tensors.TensorPrimitives.Multiply(gradients, 1f / streams, gradients);
            GradientClipping.ClipByGlobalNorm(gradients, 5f);
            adam.Step(model.Parameters, gradients);
            trainClock.Stop();
            characters += (long)streams * Window;
            sinceLoss += loss;
            sinceCount += streams * Window;
            iteration?.Invoke(i);

            if (i % options.EvaluateEvery == 0 || i == options.Iterations)
            {
                bool sample = i % options.SampleEvery == 0 || i == options.Iterations;
                var check = new TextCheckpoint(i, characters, sinceLoss / sinceCount / Math.Log(2), HeldOutBits(model, test),
                    sample ? Sample(model, "\n", options.SampleLength, options.Temperature, new Random(unchecked((int)options.Seed) + i)) : "");
                checkpoints.Add(check);
                checkpoint?.Invoke(check);
                sinceLoss = 0;
                sinceCount = 0;
            }
        }
        StartStream(model);
        return new TextResult(initial, UnigramBits(train, test), checkpoints, characters / trainClock.Elapsed.TotalSeconds, clock.Elapsed);
    }

    /// <summary>
    /// Mean -log2 p(next character) over <paramref name="text"/>, read in one pass with <c>Step</c>
    /// from a zero state (the first character is given, each later one is predicted).
    /// </summary>
    public static double HeldOutBits(ShakespeareModel model, ReadOnlySpan<int> text)
    {
        StartStream(model);
        Span<float> x = stackalloc float[Corpus.Size];
        Span<float> y = stackalloc float[Corpus.Size];
        double nats = 0;
        for (int t = 0; t + 1 < text.Length; t++)
        {
            Decoding.OneHot<float>(text[t], x);
            model.Step(x, y);
            nats += NegativeLogSoftmax(y, text[t + 1]);
        }
        return nats / (text.Length - 1) / Math.Log(2);
    }

    /// <summary>Reads <paramref name="prompt"/> with <c>Step</c>, then writes <paramref name="length"/> characters, each sampled at <paramref name="temperature"/> and fed back.</summary>
    public static string Sample(ShakespeareModel model, string prompt, int length, float temperature, Random random)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(prompt);
        StartStream(model);
        Span<float> x = stackalloc float[Corpus.Size];
        Span<float> y = stackalloc float[Corpus.Size];
        foreach (int id in Corpus.Encode(prompt))
        {
            Decoding.OneHot<float>(id, x);
            model.Step(x, y);
        }
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            int next = Decoding.Sample<float>(y, temperature, random);
            text.Append(Corpus.Alphabet[next]);
            Decoding.OneHot<float>(next, x);
            model.Step(x, y);
        }
        return text.ToString();
    }

    /// <summary>Streaming from a zero state (training leaves a stream's state in InitialHidden and InitialCell).</summary>
    private static void StartStream(ShakespeareModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.InitialHidden.Clear();
        model.InitialCell.Clear();
        model.ResetState();
    }

    private static double NegativeLogSoftmax(ReadOnlySpan<float> logits, int target)
    {
        double max = double.NegativeInfinity;
        foreach (float v in logits)
        {
            max = Math.Max(max, v);
        }
        double sum = 0;
        foreach (float v in logits)
        {
            sum += Math.Exp(v - max);
        }
        return Math.Log(sum) + max - logits[target];
    }

    /// <summary>Cross-entropy, in bits, of <paramref name="test"/>'s characters under <paramref name="train"/>'s character frequencies (add-one smoothed).</summary>
    private static double UnigramBits(ReadOnlySpan<int> train, ReadOnlySpan<int> test)
    {
        var counts = new double[Corpus.Size];
        counts.AsSpan().Fill(1);
        foreach (int id in train)
        {
            counts[id]++;
        }
        double total = train.Length + Corpus.Size;
        double bits = 0;
        for (int t = 1; t < test.Length; t++)
        {
            bits -= Math.Log2(counts[test[t]] / total);
        }
        return bits / (test.Length - 1);
    }
}
