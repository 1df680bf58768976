using System;
using System.Linq;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>
/// A head W on the sum of the directions is the concatenating model's head [W, W] (and [W/2, W/2] for
/// the average): the merged models must give exactly those outputs and gradients.
/// </summary>
public sealed class MergeModeTests
{
    [Theory]
    [InlineData(1.0)]   // Sum
    [InlineData(0.5)]   // Average
    public void A_merged_head_equals_the_concatenating_model_with_a_repeated_head(double factor)
    {
        ISequenceModel<double> merged = factor == 1.0 ? new MergeSumD(seed: 2) : new MergeAverageD(seed: 2);
        var concat = new MergeConcatD(seed: 3);
        foreach (ParameterInfo p in merged.ParameterTable)
        {
            var values = new double[p.Length];
            merged.GetParameter(p.Name, values);
            if (p.Name == "head.weight")
            {
                // [2][4] -> [2][8]: each row repeated for both directions, scaled
                values = Enumerable.Range(0, 2).SelectMany(r => Enumerable.Range(0, 8).Select(c => values[r * 4 + c % 4] * factor)).ToArray();
            }
            concat.SetParameter(p.Name, values);
        }
        var random = new Random(4);
        double[] input = Enumerable.Range(0, MergeSumD.InputLength).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] targets = { 0.2, -0.4 };
        merged.ZeroGradients();
        concat.ZeroGradients();
        double mergedLoss = ((IRegressionModel<double>)merged).ComputeGradients(input, targets);
        Assert.Equal(concat.ComputeGradients(input, targets), mergedLoss, 12);
        Assert.Equal(concat.Outputs.ToArray(), merged.Outputs.ToArray(), (a, b) => Math.Abs(a - b) <= 1e-12);
        foreach (ParameterInfo p in merged.ParameterTable.Where(p => p.Name.StartsWith("rnn.", StringComparison.Ordinal)))
        {
            double[] a = new double[p.Length], b = new double[p.Length];
            merged.GetGradient(p.Name, a);
            concat.GetGradient(p.Name, b);
            Assert.Equal(b, a, (x, y) => Math.Abs(x - y) <= 1e-12);
        }
        Assert.Equal(concat.InputGradient.ToArray(), merged.InputGradient.ToArray(), (a, b) => Math.Abs(a - b) <= 1e-12);
    }

    [Fact]
    public void A_merged_layer_halves_the_width_the_next_layer_and_the_head_read()
    {
        Assert.Equal(new[] { "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
            "rnn.weight_ih_l0_reverse", "rnn.weight_hh_l0_reverse", "rnn.bias_ih_l0_reverse", "rnn.bias_hh_l0_reverse", "head.weight", "head.bias" },
            MergeSumD.ParameterTable.Select(p => p.Name));
        Assert.Equal(new[] { 2, 4 }, MergeSumD.ParameterTable.Single(p => p.Name == "head.weight").Shape);
        Assert.Equal(new[] { 2, 8 }, MergeConcatD.ParameterTable.Single(p => p.Name == "head.weight").Shape);
        // the second layer of the stack reads 3 merged values, not 6
        Assert.Equal(new[] { 2, 3 }, FdMergeStackedManyToMany.ParameterTable.Single(p => p.Name == "rnn.weight_ih_l1").Shape);
    }
}
