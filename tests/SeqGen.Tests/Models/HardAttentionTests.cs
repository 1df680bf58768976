using System;
using System.Linq;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>
/// <c>[Attention(..., Hard = true)]</c>: decoding puts all weight on the best-scoring encoder output;
/// training is unchanged (soft), so gradients equal the soft model's.
/// </summary>
public sealed class HardAttentionTests
{
    private static (HardAttentionD Hard, SoftAttentionD Soft, double[] Input) Twins()
    {
        var hard = new HardAttentionD(seed: 5);
        var soft = new SoftAttentionD(seed: 6);
        foreach (ParameterInfo p in HardAttentionD.ParameterTable)
        {
            var values = new double[p.Length];
            hard.GetParameter(p.Name, values);
            soft.SetParameter(p.Name, values);
        }
        var random = new Random(9);
        double[] input = Enumerable.Range(0, HardAttentionD.InputLength).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        return (hard, soft, input);
    }

    [Fact]
    public void Training_is_soft_attention()
    {
        (HardAttentionD hard, SoftAttentionD soft, double[] input) = Twins();
        int[] targets = { 1, 3, 0, 2, 2 };
        hard.ZeroGradients();
        soft.ZeroGradients();
        Assert.Equal(soft.ComputeGradients(input, targets), hard.ComputeGradients(input, targets), 12);
        Assert.Equal(soft.Gradients.ToArray(), hard.Gradients.ToArray());
        Assert.Equal(soft.AttentionWeights.ToArray(), hard.AttentionWeights.ToArray());
    }

    [Fact]
    public void Decoding_puts_all_weight_on_the_argmax_of_the_soft_weights()
    {
        (HardAttentionD hard, SoftAttentionD soft, double[] input) = Twins();
        var hardOutput = new double[HardAttentionD.OutputLength];
        var softOutput = new double[SoftAttentionD.OutputLength];
        hard.Forward(input, hardOutput);
        soft.Forward(input, softOutput);
        int steps = HardAttentionD.Steps;
        double[] weights = hard.AttentionWeights.ToArray();
        for (int t = 0; t < HardAttentionD.OutputSteps; t++)
        {
            double[] row = weights.AsSpan(t * steps, steps).ToArray();
            Assert.Equal(1, row.Count(w => w == 1.0));
            Assert.Equal(steps - 1, row.Count(w => w == 0.0));
        }
        // step 0 sees the same decoder state in both, so the same scores: the hard choice is the soft argmax
        double[] softRow = soft.AttentionWeights.ToArray()[..steps];
        Assert.Equal(Array.IndexOf(softRow, softRow.Max()), Array.IndexOf(weights[..steps], 1.0));
        Assert.True(softRow.Max() < 0.999, "the soft weights are not already one-hot");
        Assert.NotEqual(softOutput[..HardAttentionD.OutputSize], hardOutput[..HardAttentionD.OutputSize]);
    }
}
