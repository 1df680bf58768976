using System;
using SeqGen.Numerics;
using Xunit;

namespace SeqGen.Tests.Runtime;

/// <summary>
/// The element-wise cell kernels, composed with LinearAlgebra into one-step cells with small random
/// weights. Forward passes are checked against the PyTorch formulas written out here; backward passes
/// against central differences (step 1e-6, relative tolerance 1e-6) of the scalar loss
/// L = sum_j a_j h'_j (+ sum_j b_j c'_j for the LSTM) with random coefficients a, b.
/// </summary>
public class CellGradientTests
{
    private const double Step = 1e-6;
    private const double Relative = 1e-6;

    // Round-off floor for the central difference: |L| ~ 1, so each difference carries ~1e-16 / 1e-6.
    private const double Absolute = 1e-9;

    private const int I = 3;
    private const int H = 5;

    private static double[] Rand(Random random, int n, double scale)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = scale * (2 * random.NextDouble() - 1);
        }
        return v;
    }

    private static double[] Nan(int n)
    {
        var v = new double[n];
        v.AsSpan().Fill(double.NaN);
        return v;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] With(double[] v, int k, double delta)
    {
        var copy = (double[])v.Clone();
        copy[k] += delta;
        return copy;
    }

    /// <summary>(f(v + e_k h) - f(v - e_k h)) / 2h.</summary>
    private static double Central(Func<double[], double> f, double[] v, int k)
        => (f(With(v, k, Step)) - f(With(v, k, -Step))) / (2 * Step);

    private static void CheckGradient(Func<double[], double> f, double[] at, ReadOnlySpan<double> analytic, string what)
    {
        Assert.Equal(at.Length, analytic.Length);
        for (int k = 0; k < at.Length; k++)
        {
            Tolerance.Gradient(Central(f, at, k), analytic[k], Relative, Absolute, $"{what}[{k}]");
        }
    }

    private static double[] Zeros(int n) => new double[n];

    // ================================================================== LSTM

    private sealed class Lstm
    {
        public readonly double[] Wih, Whh, B, X, H0, C0, A, Bc;

        public Lstm(int seed)
        {
            var r = new Random(seed);
            Wih = Rand(r, 4 * H * I, 0.5);
            Whh = Rand(r, 4 * H * H, 0.5);
            B = Rand(r, 4 * H, 0.5);
            X = Rand(r, I, 1.0);
            H0 = Rand(r, H, 1.0);
            C0 = Rand(r, H, 1.5);
            A = Rand(r, H, 1.0);
            Bc = Rand(r, H, 1.0);
        }

        public double[] Pre(double[] wih, double[] x, double[] h0)
        {
            var pre = (double[])B.Clone();
            RowMajor.MatVecAdd(wih, x, pre);
            RowMajor.MatVecAdd(Whh, h0, pre);
            return pre;
        }

        public (double[] Gates, double[] C, double[] H) Forward(double[] pre, double[] c0)
        {
            var gates = (double[])pre.Clone();
            var c = Nan(H);
            var h = Nan(H);
            LstmCell.Forward<double>(gates, c0, c, h);
            return (gates, c, h);
        }

        public double Loss(double[] pre, double[] c0)
        {
            var (_, c, h) = Forward(pre, c0);
            return Dot(A, h) + Dot(Bc, c);
        }
    }

    [Fact]
    public void LstmForwardMatchesTorchFormulas()
    {
        var m = new Lstm(11);
        double[] pre = m.Pre(m.Wih, m.X, m.H0);
        var (gates, c, h) = m.Forward(pre, m.C0);
        for (int j = 0; j < H; j++)
        {
            double i = Sigmoid(pre[j]), f = Sigmoid(pre[H + j]), g = Math.Tanh(pre[2 * H + j]), o = Sigmoid(pre[3 * H + j]);
            Tolerance.Close(i, gates[j], 1e-14, 1e-15, $"i[{j}]");
            Tolerance.Close(f, gates[H + j], 1e-14, 1e-15, $"f[{j}]");
            Tolerance.Close(g, gates[2 * H + j], 1e-14, 1e-15, $"g[{j}]");
            Tolerance.Close(o, gates[3 * H + j], 1e-14, 1e-15, $"o[{j}]");
            double cj = f * m.C0[j] + i * g;
            Tolerance.Close(cj, c[j], 1e-14, 1e-15, $"c'[{j}]");
            Tolerance.Close(o * Math.Tanh(cj), h[j], 1e-14, 1e-15, $"h'[{j}]");
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void LstmBackwardMatchesCentralDifferences(int seed)
    {
        var m = new Lstm(seed);
        double[] pre = m.Pre(m.Wih, m.X, m.H0);
        var (gates, c, _) = m.Forward(pre, m.C0);

        double[] dCell = (double[])m.Bc.Clone();
        double[] dPre = Nan(4 * H);
        LstmCell.Backward<double>(gates, m.C0, c, m.A, dCell, dPre);
        double[] dH0 = Zeros(H);
        RowMajor.MatTransposeVecAdd(m.Whh, dPre, dH0);
        double[] dX = Zeros(I);
        RowMajor.MatTransposeVecAdd(m.Wih, dPre, dX);
        double[] dWih = Zeros(4 * H * I);
        RowMajor.OuterProductAdd(dWih, dPre, m.X);

        CheckGradient(p => m.Loss(p, m.C0), pre, dPre, "dPre");
        CheckGradient(c0 => m.Loss(pre, c0), m.C0, dCell, "dC0");
        CheckGradient(h0 => m.Loss(m.Pre(m.Wih, m.X, h0), m.C0), m.H0, dH0, "dH0");
        CheckGradient(x => m.Loss(m.Pre(m.Wih, x, m.H0), m.C0), m.X, dX, "dX");
        CheckGradient(w => m.Loss(m.Pre(w, m.X, m.H0), m.C0), m.Wih, dWih, "dWih");
    }

    [Fact]
    public void LstmFloatAgreesWithDoubleFormulasAndDifferences()
    {
        var m = new Lstm(21);
        double[] pre = m.Pre(m.Wih, m.X, m.H0);
        float[] gates = Tolerance.ToFloat(pre);
        float[] c0 = Tolerance.ToFloat(m.C0);
        float[] c = new float[H], h = new float[H];
        LstmCell.Forward<float>(gates, c0, c, h);
        for (int j = 0; j < H; j++)
        {
            double i = Sigmoid(pre[j]), f = Sigmoid(pre[H + j]), g = Math.Tanh(pre[2 * H + j]), o = Sigmoid(pre[3 * H + j]);
            double cj = f * m.C0[j] + i * g;
            Tolerance.Close(cj, c[j], 1e-5, 1e-6, $"c'[{j}]");
            Tolerance.Close(o * Math.Tanh(cj), h[j], 1e-5, 1e-6, $"h'[{j}]");
        }

        float[] dCell = Tolerance.ToFloat(m.Bc);
        float[] dPre = new float[4 * H];
        LstmCell.Backward<float>(gates, c0, c, Tolerance.ToFloat(m.A), dCell, dPre);
        for (int k = 0; k < 4 * H; k++)
        {
            Tolerance.Gradient(Central(p => m.Loss(p, m.C0), pre, k), dPre[k], 1e-5, 1e-6, $"dPre[{k}]");
        }
        for (int k = 0; k < H; k++)
        {
            Tolerance.Gradient(Central(cc => m.Loss(pre, cc), m.C0, k), dCell[k], 1e-5, 1e-6, $"dC0[{k}]");
        }
    }

    // ================================================================== GRU, reset after (PyTorch)

    private sealed class Gru
    {
        public readonly double[] Wih, Whh, Bih, Bhh, X, H0, A;

        public Gru(int seed)
        {
            var r = new Random(seed);
            Wih = Rand(r, 3 * H * I, 0.5);
            Whh = Rand(r, 3 * H * H, 0.5);
            Bih = Rand(r, 3 * H, 0.5);
            Bhh = Rand(r, 3 * H, 0.5);
            X = Rand(r, I, 1.0);
            H0 = Rand(r, H, 1.0);
            A = Rand(r, H, 1.0);
        }

        public double[] InputPre(double[] x)
        {
            var pre = (double[])Bih.Clone();
            RowMajor.MatVecAdd(Wih, x, pre);
            return pre;
        }

        public double[] RecurrentPre(double[] h0)
        {
            var pre = (double[])Bhh.Clone();
            RowMajor.MatVecAdd(Whh, h0, pre);
            return pre;
        }

        // ---- reset after: n = tanh(W_in x + b_in + r * (W_hn h + b_hn))

        public (double[] Gates, double[] RecurrentN, double[] H) ForwardAfter(double[] inputPre, double[] recurrentPre, double[] h0)
        {
            var gates = (double[])inputPre.Clone();
            var recurrentN = Nan(H);
            var h = Nan(H);
            GruCell.ForwardResetAfter<double>(gates, recurrentPre, h0, h, recurrentN);
            return (gates, recurrentN, h);
        }

        public double LossAfter(double[] inputPre, double[] recurrentPre, double[] h0)
            => Dot(A, ForwardAfter(inputPre, recurrentPre, h0).H);

        // ---- reset before: n = tanh(W_in x + b_in + W_hn (r * h) + b_hn)

        /// <summary>The pre-activations as ForwardResetBeforeGates takes them.</summary>
        public double[] BeforePre(double[] x, double[] h0)
        {
            var pre = InputPre(x);
            RowMajor.MatVecAdd(Whh.AsSpan(0, 2 * H * H), h0, pre.AsSpan(0, 2 * H));
            for (int j = 0; j < 3 * H; j++)
            {
                pre[j] += Bhh[j];
            }
            return pre;
        }

        public (double[] Gates, double[] ResetHidden, double[] H) ForwardBefore(double[] pre, double[] h0, double[] whn)
        {
            var gates = (double[])pre.Clone();
            var resetHidden = Nan(H);
            var h = Nan(H);
            GruCell.ForwardResetBeforeGates<double>(gates, h0, resetHidden);
            RowMajor.MatVecAdd(whn, resetHidden, gates.AsSpan(2 * H, H));
            GruCell.ForwardResetBeforeOutput<double>(gates, h0, h);
            return (gates, resetHidden, h);
        }

        public double[] Whn => Whh.AsSpan(2 * H * H, H * H).ToArray();

        public double LossBefore(double[] pre, double[] h0, double[] whn) => Dot(A, ForwardBefore(pre, h0, whn).H);
    }

    [Fact]
    public void GruResetAfterForwardMatchesTorchFormulas()
    {
        var m = new Gru(31);
        double[] gi = m.InputPre(m.X), gh = m.RecurrentPre(m.H0);
        var (gates, recurrentN, h) = m.ForwardAfter(gi, gh, m.H0);
        for (int j = 0; j < H; j++)
        {
            double r = Sigmoid(gi[j] + gh[j]);
            double z = Sigmoid(gi[H + j] + gh[H + j]);
            double n = Math.Tanh(gi[2 * H + j] + r * gh[2 * H + j]);
            Tolerance.Close(r, gates[j], 1e-14, 1e-15, $"r[{j}]");
            Tolerance.Close(z, gates[H + j], 1e-14, 1e-15, $"z[{j}]");
            Tolerance.Close(n, gates[2 * H + j], 1e-14, 1e-15, $"n[{j}]");
            Tolerance.Close(gh[2 * H + j], recurrentN[j], 0, 0, $"recurrentN[{j}]");
            Tolerance.Close((1 - z) * n + z * m.H0[j], h[j], 1e-14, 1e-15, $"h'[{j}]");
        }
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    public void GruResetAfterBackwardMatchesCentralDifferences(int seed)
    {
        var m = new Gru(seed);
        double[] gi = m.InputPre(m.X), gh = m.RecurrentPre(m.H0);
        var (gates, recurrentN, _) = m.ForwardAfter(gi, gh, m.H0);

        double[] dIn = Nan(3 * H), dRec = Nan(3 * H), dPrev = Nan(H);
        GruCell.BackwardResetAfter<double>(gates, recurrentN, m.H0, m.A, dIn, dRec, dPrev);

        CheckGradient(p => m.LossAfter(p, gh, m.H0), gi, dIn, "dPreInput");
        CheckGradient(p => m.LossAfter(gi, p, m.H0), gh, dRec, "dPreRecurrent");
        CheckGradient(h0 => m.LossAfter(gi, gh, h0), m.H0, dPrev, "dPreviousHidden (direct part)");

        double[] dH0 = (double[])dPrev.Clone();
        RowMajor.MatTransposeVecAdd(m.Whh, dRec, dH0);
        double[] dX = Zeros(I);
        RowMajor.MatTransposeVecAdd(m.Wih, dIn, dX);
        CheckGradient(h0 => m.LossAfter(gi, m.RecurrentPre(h0), h0), m.H0, dH0, "dH0 (total)");
        CheckGradient(x => m.LossAfter(m.InputPre(x), gh, m.H0), m.X, dX, "dX");
    }

    [Fact]
    public void GruResetAfterFloatAgreesWithDifferences()
    {
        var m = new Gru(41);
        double[] gi = m.InputPre(m.X), gh = m.RecurrentPre(m.H0);
        float[] gates = Tolerance.ToFloat(gi), h0 = Tolerance.ToFloat(m.H0);
        float[] recurrentN = new float[H], h = new float[H];
        GruCell.ForwardResetAfter<float>(gates, Tolerance.ToFloat(gh), h0, h, recurrentN);
        Tolerance.Close(m.ForwardAfter(gi, gh, m.H0).H, h, 1e-5, 1e-6, "h'");

        float[] dIn = new float[3 * H], dRec = new float[3 * H], dPrev = new float[H];
        GruCell.BackwardResetAfter<float>(gates, recurrentN, h0, Tolerance.ToFloat(m.A), dIn, dRec, dPrev);
        for (int k = 0; k < 3 * H; k++)
        {
            Tolerance.Gradient(Central(p => m.LossAfter(p, gh, m.H0), gi, k), dIn[k], 1e-5, 1e-6, $"dPreInput[{k}]");
            Tolerance.Gradient(Central(p => m.LossAfter(gi, p, m.H0), gh, k), dRec[k], 1e-5, 1e-6, $"dPreRecurrent[{k}]");
        }
    }

    [Fact]
    public void GruResetBeforeForwardMatchesFormulas()
    {
        var m = new Gru(51);
        double[] pre = m.BeforePre(m.X, m.H0);
        double[] whn = m.Whn;
        var (gates, resetHidden, h) = m.ForwardBefore(pre, m.H0, whn);

        double[] rh = new double[H];
        for (int j = 0; j < H; j++)
        {
            rh[j] = Sigmoid(pre[j]) * m.H0[j];
        }
        for (int j = 0; j < H; j++)
        {
            double r = Sigmoid(pre[j]);
            double z = Sigmoid(pre[H + j]);
            double n = Math.Tanh(pre[2 * H + j] + Dot(whn.AsSpan(j * H, H), rh));
            Tolerance.Close(r, gates[j], 1e-14, 1e-15, $"r[{j}]");
            Tolerance.Close(z, gates[H + j], 1e-14, 1e-15, $"z[{j}]");
            Tolerance.Close(n, gates[2 * H + j], 1e-14, 1e-15, $"n[{j}]");
            Tolerance.Close(rh[j], resetHidden[j], 1e-14, 1e-15, $"r*h[{j}]");
            Tolerance.Close((1 - z) * n + z * m.H0[j], h[j], 1e-14, 1e-15, $"h'[{j}]");
        }
    }

    [Theory]
    [InlineData(51)]
    [InlineData(52)]
    [InlineData(53)]
    public void GruResetBeforeBackwardMatchesCentralDifferences(int seed)
    {
        var m = new Gru(seed);
        double[] pre = m.BeforePre(m.X, m.H0);
        double[] whn = m.Whn;
        var (gates, _, _) = m.ForwardBefore(pre, m.H0, whn);

        double[] dPre = Nan(3 * H), dPrev = Nan(H);
        GruCell.BackwardResetBeforeOutput<double>(gates, m.H0, m.A, dPre, dPrev);
        double[] dResetHidden = Zeros(H);
        RowMajor.MatTransposeVecAdd(whn, dPre.AsSpan(2 * H, H), dResetHidden);
        double[] resetHidden = Nan(H);
        GruCell.BackwardResetBeforeGates<double>(gates, m.H0, dResetHidden, dPre, dPrev, resetHidden);

        // resetHidden receives r*h for dW_hn.
        for (int j = 0; j < H; j++)
        {
            Tolerance.Close(Sigmoid(pre[j]) * m.H0[j], resetHidden[j], 1e-14, 1e-15, $"r*h[{j}]");
        }
        double[] dWhn = Zeros(H * H);
        RowMajor.OuterProductAdd(dWhn, dPre.AsSpan(2 * H, H), resetHidden);

        CheckGradient(p => m.LossBefore(p, m.H0, whn), pre, dPre, "dPre");
        CheckGradient(h0 => m.LossBefore(pre, h0, whn), m.H0, dPrev, "dPreviousHidden (direct and through r*h)");
        CheckGradient(w => m.LossBefore(pre, m.H0, w), whn, dWhn, "dWhn");

        double[] dH0 = (double[])dPrev.Clone();
        RowMajor.MatTransposeVecAdd(m.Whh.AsSpan(0, 2 * H * H), dPre.AsSpan(0, 2 * H), dH0);
        double[] dX = Zeros(I);
        RowMajor.MatTransposeVecAdd(m.Wih, dPre, dX);
        CheckGradient(h0 => m.LossBefore(m.BeforePre(m.X, h0), h0, whn), m.H0, dH0, "dH0 (total)");
        CheckGradient(x => m.LossBefore(m.BeforePre(x, m.H0), m.H0, whn), m.X, dX, "dX");
    }

    // ================================================================== vanilla RNN

    private sealed class Rnn
    {
        public readonly double[] Wih, Whh, B, X, H0, A;
        public readonly bool Relu;

        public Rnn(int seed, bool relu)
        {
            var r = new Random(seed);
            Wih = Rand(r, H * I, 0.8);
            Whh = Rand(r, H * H, 0.8);
            B = Rand(r, H, 0.5);
            X = Rand(r, I, 1.0);
            H0 = Rand(r, H, 1.0);
            A = Rand(r, H, 1.0);
            Relu = relu;
        }

        public double[] Pre(double[] x, double[] h0)
        {
            var pre = (double[])B.Clone();
            RowMajor.MatVecAdd(Wih, x, pre);
            RowMajor.MatVecAdd(Whh, h0, pre);
            return pre;
        }

        public double[] Forward(double[] pre)
        {
            var h = Nan(H);
            RnnCell.Forward<double>(pre, h, Relu);
            return h;
        }

        public double Loss(double[] pre) => Dot(A, Forward(pre));
    }

    [Theory]
    [InlineData(61, false)]
    [InlineData(62, false)]
    [InlineData(61, true)]
    [InlineData(63, true)]
    [InlineData(64, true)]
    public void RnnForwardAndBackwardMatch(int seed, bool relu)
    {
        var m = new Rnn(seed, relu);
        double[] pre = m.Pre(m.X, m.H0);
        double[] h = m.Forward(pre);
        for (int j = 0; j < H; j++)
        {
            double expected = relu ? Math.Max(0, pre[j]) : Math.Tanh(pre[j]);
            Tolerance.Close(expected, h[j], 1e-14, 1e-15, $"h'[{j}]");
        }
        if (relu)
        {
            // Central differences need every pre-activation away from the kink, and both branches present.
            Assert.All(pre, p => Assert.True(Math.Abs(p) > 1e-3, $"pre-activation {p} too close to 0"));
            Assert.Contains(pre, p => p < 0);
            Assert.Contains(pre, p => p > 0);
        }

        double[] dPre = Nan(H);
        RnnCell.Backward<double>(h, m.A, dPre, relu);
        double[] dH0 = Zeros(H);
        RowMajor.MatTransposeVecAdd(m.Whh, dPre, dH0);
        double[] dX = Zeros(I);
        RowMajor.MatTransposeVecAdd(m.Wih, dPre, dX);

        CheckGradient(m.Loss, pre, dPre, "dPre");
        CheckGradient(h0 => m.Loss(m.Pre(m.X, h0)), m.H0, dH0, "dH0");
        CheckGradient(x => m.Loss(m.Pre(x, m.H0)), m.X, dX, "dX");
    }

    [Fact]
    public void RnnReluGradientIsZeroAtZeroAsTorch()
    {
        double[] pre = { 0.0, -0.0, 2.0, -2.0 };
        double[] h = new double[4];
        RnnCell.Forward<double>(pre, h, relu: true);
        Assert.Equal(new[] { 0.0, 0.0, 2.0, 0.0 }, h);
        double[] dPre = Nan(4);
        RnnCell.Backward<double>(h, new[] { 1.5, 1.5, 1.5, 1.5 }, dPre, relu: true);
        Assert.Equal(new[] { 0.0, 0.0, 1.5, 0.0 }, dPre);
    }

    [Fact]
    public void RnnTanhFloatAgreesWithDifferences()
    {
        var m = new Rnn(71, relu: false);
        double[] pre = m.Pre(m.X, m.H0);
        float[] h = new float[H];
        RnnCell.Forward<float>(Tolerance.ToFloat(pre), h, relu: false);
        float[] dPre = new float[H];
        RnnCell.Backward<float>(h, Tolerance.ToFloat(m.A), dPre, relu: false);
        for (int j = 0; j < H; j++)
        {
            Tolerance.Close(Math.Tanh(pre[j]), h[j], 1e-5, 1e-6, $"h'[{j}]");
            Tolerance.Gradient(Central(m.Loss, pre, j), dPre[j], 1e-5, 1e-6, $"dPre[{j}]");
        }
    }
}
