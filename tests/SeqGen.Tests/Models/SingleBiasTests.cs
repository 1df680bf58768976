using System;
using System.Linq;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>
/// <c>SingleBias = true</c>: one bias per gate, as Keras counts parameters; the model equals the
/// PyTorch-style model whose b_hh is zero.
/// </summary>
public sealed class SingleBiasTests
{
    [Fact]
    public void An_rnn_layer_with_4_inputs_and_3_units_has_24_parameters_with_one_bias_and_27_with_two()
    {
        // 4*3 input weights + 3*3 recurrent weights + 3 biases (Keras) or + 3 + 3 (PyTorch)
        Assert.Equal(new[] { 24 }, KerasStyleRnn.LayerParameterCounts.ToArray());
        Assert.Equal(new[] { 27 }, PyTorchStyleRnn.LayerParameterCounts.ToArray());
        Assert.Equal(4, KerasStyleRnn.HeadParameterCount);
        Assert.Equal(24 + 4, KerasStyleRnn.ParameterCount);
        Assert.Equal(27 + 4, PyTorchStyleRnn.ParameterCount);
        Assert.Equal(new[] { "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "head.weight", "head.bias" },
            KerasStyleRnn.ParameterTable.Select(p => p.Name));
        Assert.Equal(KerasStyleRnn.ParameterCount, new KerasStyleRnn().Parameters.Length);
    }

    [Fact]
    public void Per_layer_counts_add_up_to_the_parameter_count()
    {
        int[] layers = SingleBiasStackD.LayerParameterCounts.ToArray();
        // LSTM 3 -> 4 bidirectional with one bias: 2 * 16 * (3 + 4 + 1); GRU 8 -> 3 with two: 9 * (8 + 3 + 2)
        Assert.Equal(new[] { 2 * 16 * 8, 9 * 13 }, layers);
        Assert.Equal(SingleBiasStackD.ParameterCount, layers.Sum() + SingleBiasStackD.HeadParameterCount);
    }

    [Fact]
    public void A_single_bias_model_equals_the_two_bias_model_with_zero_recurrent_bias()
    {
        var single = new SingleBiasStackD(seed: 3);
        var two = new TwoBiasStackD(seed: 9);
        foreach (ParameterInfo p in TwoBiasStackD.ParameterTable)
        {
            var values = new double[p.Length];
            if (p.Name.StartsWith("rnn.bias_hh_l0", StringComparison.Ordinal))
            {
                two.SetParameter(p.Name, values); // zero
                continue;
            }
            single.GetParameter(p.Name, values);
            two.SetParameter(p.Name, values);
        }
        var random = new Random(2);
        double[] input = Enumerable.Range(0, SingleBiasStackD.InputLength).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] targets = Enumerable.Range(0, SingleBiasStackD.OutputLength).Select(_ => random.NextDouble() - 0.5).ToArray();
        single.ZeroGradients();
        two.ZeroGradients();
        Assert.Equal(two.ComputeGradients(input, targets), single.ComputeGradients(input, targets), 12);
        Assert.Equal(two.Outputs.ToArray(), single.Outputs.ToArray(), (a, b) => Math.Abs(a - b) <= 1e-12);
        foreach (ParameterInfo p in SingleBiasStackD.ParameterTable)
        {
            double[] a = new double[p.Length], b = new double[p.Length];
            single.GetGradient(p.Name, a);
            two.GetGradient(p.Name, b);
            Assert.Equal(b, a, (x, y) => Math.Abs(x - y) <= 1e-12);
        }
    }
}
