using System;
using SeqGen.Numerics;

namespace SeqGen.Samples.SelfAttention;

/// <summary>
/// The key-value recall task. A step is [key one-hot (16) ; value one-hot (8)]: 12 pairs with distinct
/// keys, then the query step (a key seen among them, value part zero). The target is that key's value.
/// Order carries no information, so no positional encoding is needed; the answer sits anywhere
/// from 1 to 12 steps back.
/// </summary>
public static class RecallTask
{
    public const int Keys = 16, Values = 8, Pairs = 12;
    public const int Width = Keys + Values, Steps = Pairs + 1;
    public const int InputLength = Steps * Width;

    /// <summary><paramref name="count"/> sequences ([Steps][Width] each) and their answers.</summary>
    public static (float[] Inputs, int[] Targets) Make(int count, SeededRandom random)
    {
        var inputs = new float[count * InputLength];
        var targets = new int[count];
        var keys = new int[Keys];
        for (int n = 0; n < count; n++)
        {
            for (int k = 0; k < Keys; k++)
            {
                keys[k] = k;
            }
            // the first Pairs of a shuffled key list: distinct keys
            for (int i = Keys - 1; i > 0; i--)
            {
                int j = (int)(random.NextDouble() * (i + 1));
                (keys[i], keys[j]) = (keys[j], keys[i]);
            }
            Span<float> sequence = inputs.AsSpan(n * InputLength, InputLength);
            int asked = (int)(random.NextDouble() * Pairs);
            for (int t = 0; t < Pairs; t++)
            {
                int value = (int)(random.NextDouble() * Values);
                sequence[t * Width + keys[t]] = 1;
                sequence[t * Width + Keys + value] = 1;
                if (t == asked)
                {
                    targets[n] = value;
                }
            }
            sequence[Pairs * Width + keys[asked]] = 1;
        }
        return (inputs, targets);
    }
}
