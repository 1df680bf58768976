using System;
using SeqGen.Numerics;
using Xunit;

namespace SeqGen.Tests.Runtime;

/// <summary>
/// The vectorized single-precision LSTM cell (H a multiple of 8) against PyTorch's equations in
/// double: forward, then backward with the gate gradient written over the gates, as the generated
/// backward calls it.
/// </summary>
public sealed class LstmCellSingleTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(24)]
    public void ForwardAndBackwardMatchTheEquations(int h)
    {
        var random = new Random(h);
        double[] pre = Fill(random, 4 * h, 3), c0 = Fill(random, h, 1), dHidden = Fill(random, h, 1), dNext = Fill(random, h, 1);
        float[] gates = F(pre), c = new float[h], hidden = new float[h], cPrev = F(c0);
        LstmCell.Forward<float>(gates, cPrev, c, hidden);

        float[] dCell = F(dNext);
        LstmCell.Backward<float>(gates, cPrev, c, F(dHidden), dCell, gates);

        for (int j = 0; j < h; j++)
        {
            double i = Sigmoid(pre[j]), f = Sigmoid(pre[h + j]), g = Math.Tanh(pre[2 * h + j]), o = Sigmoid(pre[3 * h + j]);
            double cj = f * c0[j] + i * g, tanhC = Math.Tanh(cj);
            Tolerance.Close(cj, c[j], 1e-5, 1e-6, $"c'[{j}]");
            Tolerance.Close(o * tanhC, hidden[j], 1e-5, 1e-6, $"h'[{j}]");
            double dc = dNext[j] + dHidden[j] * o * (1 - tanhC * tanhC);
            Tolerance.Close(dc * g * i * (1 - i), gates[j], 1e-5, 1e-6, $"dPre_i[{j}]");
            Tolerance.Close(dc * c0[j] * f * (1 - f), gates[h + j], 1e-5, 1e-6, $"dPre_f[{j}]");
            Tolerance.Close(dc * i * (1 - g * g), gates[2 * h + j], 1e-5, 1e-6, $"dPre_g[{j}]");
            Tolerance.Close(dHidden[j] * tanhC * o * (1 - o), gates[3 * h + j], 1e-5, 1e-6, $"dPre_o[{j}]");
            Tolerance.Close(dc * f, dCell[j], 1e-5, 1e-6, $"dc[{j}]");
        }
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double[] Fill(Random random, int n, double scale)
    {
        var v = new double[n];
        for (int k = 0; k < n; k++)
        {
            v[k] = scale * (2 * random.NextDouble() - 1);
        }
        return v;
    }

    private static float[] F(double[] v) => Array.ConvertAll(v, x => (float)x);
}
