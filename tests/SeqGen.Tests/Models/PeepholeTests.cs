using System;
using System.Linq;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>Peephole LSTMs: zero peepholes give the plain LSTM; non-zero ones change it; Step equals Forward.</summary>
public sealed class PeepholeTests
{
    [Fact]
    public void Zero_peepholes_give_the_plain_lstm_and_others_do_not()
    {
        var peephole = new PeepholeD(seed: 1);
        var plain = new NoPeepholeD(seed: 2);
        foreach (ParameterInfo p in NoPeepholeD.ParameterTable)
        {
            var values = new double[p.Length];
            peephole.GetParameter(p.Name, values);
            plain.SetParameter(p.Name, values);
        }
        Assert.Equal(12, PeepholeD.ParameterTable.Single(p => p.Name == "rnn.weight_peephole_l0").Length);
        peephole.SetParameter("rnn.weight_peephole_l0", new double[12]);
        var random = new Random(3);
        double[] input = Enumerable.Range(0, PeepholeD.InputLength).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] targets = { 0.5, -0.5 };
        peephole.ZeroGradients();
        plain.ZeroGradients();
        Assert.Equal(plain.ComputeGradients(input, targets), peephole.ComputeGradients(input, targets), 12);
        foreach (ParameterInfo p in NoPeepholeD.ParameterTable)
        {
            double[] a = new double[p.Length], b = new double[p.Length];
            peephole.GetGradient(p.Name, a);
            plain.GetGradient(p.Name, b);
            Assert.Equal(b, a, (x, y) => Math.Abs(x - y) <= 1e-12);
        }
        var peepholeGradient = new double[12];
        peephole.GetGradient("rnn.weight_peephole_l0", peepholeGradient);
        Assert.Contains(peepholeGradient, g => Math.Abs(g) > 1e-6);

        peephole.SetParameter("rnn.weight_peephole_l0", Enumerable.Repeat(0.7, 12).ToArray());
        var withPeepholes = new double[2];
        var without = new double[2];
        peephole.Forward(input, withPeepholes);
        plain.Forward(input, without);
        Assert.NotEqual(without, withPeepholes);
    }

    [Fact]
    public void Step_matches_forward()
    {
        var model = new StreamingPeephole(seed: 4);
        var random = new Random(5);
        float[] input = Enumerable.Range(0, StreamingPeephole.InputLength).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var whole = new float[StreamingPeephole.OutputLength];
        model.Forward(input, whole);
        model.ResetState();
        var stepped = new float[StreamingPeephole.OutputLength];
        for (int t = 0; t < StreamingPeephole.Steps; t++)
        {
            model.Step(input.AsSpan(t * 2, 2), stepped.AsSpan(t * 2, 2));
        }
        Assert.Equal(whole, stepped, (a, b) => Math.Abs(a - b) <= 1e-5f);
    }
}
