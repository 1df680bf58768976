using System;
using SeqGen.Data;
using SeqGen.Numerics;

namespace SeqGen.Samples.SequenceClassification;

/// <summary>
/// The data: sequences of <see cref="MinSteps"/> to <see cref="MaxSteps"/> values uniform in [-1, 1].
/// The sequence's class is whether the sum of the signs of its values is positive (more positive
/// values than negative ones; a tie is class 0), so both the content and the length matter; the
/// per-step tag is the same question for the prefix read so far.
/// </summary>
public sealed class SignData
{
    /// <summary>Shortest sequence.</summary>
    public const int MinSteps = 5;

    /// <summary>Longest sequence, and the models' <c>Steps</c>.</summary>
    public const int MaxSteps = 30;

    private SignData(int count)
    {
        Count = count;
        Lengths = new int[count];
        FrontPadded = new float[count * MaxSteps];
        BackPadded = new float[count * MaxSteps];
        Labels = new int[count];
        StepTags = new int[count * MaxSteps];
    }

    /// <summary>Number of sequences.</summary>
    public int Count { get; }

    /// <summary>Real length of each sequence.</summary>
    public int[] Lengths { get; }

    /// <summary>[Count][MaxSteps] inputs padded at the front (<see cref="SequencePadding.PadFront{T}(ReadOnlySpan{T}, int, Span{T}, T)"/>): for the many-to-one classifier.</summary>
    public float[] FrontPadded { get; }

    /// <summary>[Count][MaxSteps] inputs padded at the back: for the many-to-many tagger.</summary>
    public float[] BackPadded { get; }

    /// <summary>One class id per sequence: 1 if the sum of the signs is positive.</summary>
    public int[] Labels { get; }

    /// <summary>[Count][MaxSteps] per-step class ids padded at the back (<see cref="SequencePadding.PadBack{T}(ReadOnlySpan{T}, int, Span{T}, T)"/>) with <see cref="PaddingTag"/>.</summary>
    public int[] StepTags { get; }

    /// <summary>Class id written at padded target steps (class 0: the masked loss never sees it, the zero-fed loss does).</summary>
    public const int PaddingTag = 0;

    /// <summary>The classifier's examples: front-padded inputs and one label each.</summary>
    public ClassificationDataset<float> Classification => new(FrontPadded, MaxSteps, Labels, 1);

    /// <summary>The tagger's examples: back-padded inputs and back-padded per-step tags.</summary>
    public ClassificationDataset<float> Tagging => new(BackPadded, MaxSteps, StepTags, MaxSteps);

    /// <summary>Draws <paramref name="count"/> sequences (lengths uniform in [MinSteps, MaxSteps]) and pads them; seeded.</summary>
    public static SignData Generate(int count, long seed)
    {
        var data = new SignData(count);
        var random = new SeededRandom(seed);
        Span<float> values = stackalloc float[MaxSteps];
        Span<int> tags = stackalloc int[MaxSteps];
        for (int n = 0; n < count; n++)
        {
            int length = MinSteps + (int)(random.NextUInt64() % (MaxSteps - MinSteps + 1));
            int sum = 0;
            for (int t = 0; t < length; t++)
            {
                float x;
                do
                {
                    x = (float)(2 * random.NextDouble() - 1);
                }
                while (x == 0); // every value has a sign
                values[t] = x;
                sum += x > 0 ? 1 : -1;
                tags[t] = sum > 0 ? 1 : 0;
            }
            data.Lengths[n] = length;
            data.Labels[n] = sum > 0 ? 1 : 0;
            // The course's conventions: inputs padded at the front for many-to-one (the last real
            // value sits at the last step, where the output is read) ...
            SequencePadding.PadFront<float>(values[..length], 1, data.FrontPadded.AsSpan(n * MaxSteps, MaxSteps));
            // ... and at the back for many-to-many, with the per-step targets also padded at the back.
            SequencePadding.PadBack<float>(values[..length], 1, data.BackPadded.AsSpan(n * MaxSteps, MaxSteps));
            SequencePadding.PadBack<int>(tags[..length], 1, data.StepTags.AsSpan(n * MaxSteps, MaxSteps), PaddingTag);
        }
        return data;
    }
}
