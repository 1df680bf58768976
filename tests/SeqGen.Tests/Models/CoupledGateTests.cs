using System;
using System.Linq;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>Coupled input and forget gates: three gate tensors (f, g, o), c' = f*c + (1-f)*g; Step equals Forward.</summary>
public sealed class CoupledGateTests
{
    [Fact]
    public void One_unit_follows_the_equations_written_out()
    {
        var model = new CoupledOneUnitD(seed: 1);
        Assert.Equal(new[] { 3, 1 }, CoupledOneUnitD.ParameterTable.Single(p => p.Name == "rnn.weight_ih_l0").Shape);
        // gates f, g, o: input weights, recurrent weights (h0 = 0, so they do not matter), biases
        model.SetParameter("rnn.weight_ih_l0", new[] { 0.5, -1.0, 2.0 });
        model.SetParameter("rnn.bias_ih_l0", new[] { 0.1, 0.2, -0.3 });
        model.SetParameter("rnn.bias_hh_l0", new[] { 0.0, 0.0, 0.0 });
        model.SetParameter("head.weight", new[] { 1.0 });
        model.SetParameter("head.bias", new[] { 0.0 });
        double c0 = 0.4;
        ((ICellStateModel<double>)model).InitialCell[0] = c0;
        double x = 0.8;
        var y = new double[1];
        model.Forward(new[] { x }, y);

        double f = 1 / (1 + Math.Exp(-(0.5 * x + 0.1)));
        double g = Math.Tanh(-1.0 * x + 0.2);
        double o = 1 / (1 + Math.Exp(-(2.0 * x - 0.3)));
        double c = f * c0 + (1 - f) * g;
        Assert.Equal(o * Math.Tanh(c), y[0], 14);
        Assert.Equal(c, model.FinalCell[0], 14);
    }

    [Fact]
    public void Step_matches_forward()
    {
        var model = new StreamingCoupled(seed: 4);
        var random = new Random(6);
        float[] input = Enumerable.Range(0, StreamingCoupled.InputLength).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var whole = new float[StreamingCoupled.OutputLength];
        model.Forward(input, whole);
        model.ResetState();
        var stepped = new float[StreamingCoupled.OutputLength];
        for (int t = 0; t < StreamingCoupled.Steps; t++)
        {
            model.Step(input.AsSpan(t * 2, 2), stepped.AsSpan(t * 2, 2));
        }
        Assert.Equal(whole, stepped, (a, b) => Math.Abs(a - b) <= 1e-5f);
    }
}
