using System;
using SeqGen.Numerics;
using Xunit;

namespace SeqGen.Tests.Runtime;

/// <summary>
/// The kernels against naive loops, over odd sizes so that the vectorised paths and their scalar
/// tails are both exercised. Outputs are slices of larger buffers whose guard cells must stay as they were.
/// </summary>
public class LinearAlgebraTests
{
    private const int Guard = 4;
    private const double Sentinel = -12345.5;

    public static TheoryData<int, int> Sizes()
    {
        int[] sizes = { 1, 3, 17, 33 };
        var data = new TheoryData<int, int>();
        foreach (int rows in sizes)
        {
            foreach (int cols in sizes)
            {
                data.Add(rows, cols);
            }
        }
        return data;
    }

    private static double[] Rand(Random random, int n)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = 2 * random.NextDouble() - 1;
        }
        return v;
    }

    /// <summary>A buffer of Guard + n + Guard with the sentinel in the guards and <paramref name="values"/> inside.</summary>
    private static double[] Guarded(double[] values)
    {
        var buffer = new double[values.Length + 2 * Guard];
        buffer.AsSpan().Fill(Sentinel);
        values.CopyTo(buffer, Guard);
        return buffer;
    }

    private static void AssertGuards(double[] buffer)
    {
        for (int i = 0; i < Guard; i++)
        {
            Assert.Equal(Sentinel, buffer[i]);
            Assert.Equal(Sentinel, buffer[buffer.Length - 1 - i]);
        }
    }

    private static Span<double> Inner(double[] buffer) => buffer.AsSpan(Guard, buffer.Length - 2 * Guard);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MatVecAddMatchesNaiveLoop(int rows, int cols)
    {
        var random = new Random(rows * 100 + cols);
        double[] w = Rand(random, rows * cols), x = Rand(random, cols), y0 = Rand(random, rows);
        double[] y = Guarded(y0);

        LinearAlgebra.MatVecAdd<double>(w, x, Inner(y));

        for (int r = 0; r < rows; r++)
        {
            double sum = y0[r], scale = Math.Abs(y0[r]);
            for (int c = 0; c < cols; c++)
            {
                sum += w[r * cols + c] * x[c];
                scale += Math.Abs(w[r * cols + c] * x[c]);
            }
            Tolerance.Close(sum, y[Guard + r], 0, 1e-14 * scale, $"y[{r}]");
        }
        AssertGuards(y);

        float[] wf = Tolerance.ToFloat(w), xf = Tolerance.ToFloat(x), yf = Tolerance.ToFloat(y0);
        LinearAlgebra.MatVecAdd<float>(wf, xf, yf);
        for (int r = 0; r < rows; r++)
        {
            double sum = (float)y0[r];
            for (int c = 0; c < cols; c++)
            {
                sum += (double)wf[r * cols + c] * xf[c];
            }
            Tolerance.Close(sum, yf[r], 0, 1e-6 * (cols + 1), $"yf[{r}]");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MatTransposeVecAddMatchesNaiveLoop(int rows, int cols)
    {
        var random = new Random(rows * 100 + cols + 7);
        double[] w = Rand(random, rows * cols), dy = Rand(random, rows), dx0 = Rand(random, cols);
        double[] dx = Guarded(dx0);

        LinearAlgebra.MatTransposeVecAdd<double>(w, dy, Inner(dx));

        for (int c = 0; c < cols; c++)
        {
            double sum = dx0[c], scale = Math.Abs(dx0[c]);
            for (int r = 0; r < rows; r++)
            {
                sum += w[r * cols + c] * dy[r];
                scale += Math.Abs(w[r * cols + c] * dy[r]);
            }
            Tolerance.Close(sum, dx[Guard + c], 0, 1e-14 * scale, $"dx[{c}]");
        }
        AssertGuards(dx);

        float[] wf = Tolerance.ToFloat(w), dyf = Tolerance.ToFloat(dy), dxf = Tolerance.ToFloat(dx0);
        LinearAlgebra.MatTransposeVecAdd<float>(wf, dyf, dxf);
        for (int c = 0; c < cols; c++)
        {
            double sum = (float)dx0[c];
            for (int r = 0; r < rows; r++)
            {
                sum += (double)wf[r * cols + c] * dyf[r];
            }
            Tolerance.Close(sum, dxf[c], 0, 1e-6 * (rows + 1), $"dxf[{c}]");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void OuterProductAddMatchesNaiveLoop(int rows, int cols)
    {
        var random = new Random(rows * 100 + cols + 13);
        double[] dy = Rand(random, rows), x = Rand(random, cols), dw0 = Rand(random, rows * cols);
        double[] dw = Guarded(dw0);

        LinearAlgebra.OuterProductAdd<double>(Inner(dw), dy, x);

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                double expected = dw0[r * cols + c] + dy[r] * x[c];
                Tolerance.Close(expected, dw[Guard + r * cols + c], 1e-15, 1e-16, $"dW[{r},{c}]");
            }
        }
        AssertGuards(dw);

        float[] dyf = Tolerance.ToFloat(dy), xf = Tolerance.ToFloat(x), dwf = Tolerance.ToFloat(dw0);
        LinearAlgebra.OuterProductAdd<float>(dwf, dyf, xf);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                double expected = (double)(float)dw0[r * cols + c] + (double)dyf[r] * xf[c];
                Tolerance.Close(expected, dwf[r * cols + c], 0, 1e-6, $"dWf[{r},{c}]");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(33)]
    public void AddAndAddInPlaceMatchNaiveLoop(int n)
    {
        var random = new Random(n + 99);
        double[] a = Rand(random, n), b = Rand(random, n);
        double[] destination = Guarded(new double[n]);
        LinearAlgebra.Add<double>(a, b, Inner(destination));
        double[] accumulated = Guarded(a);
        LinearAlgebra.AddInPlace<double>(Inner(accumulated), b);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(a[i] + b[i], destination[Guard + i]);
            Assert.Equal(a[i] + b[i], accumulated[Guard + i]);
        }
        AssertGuards(destination);
        AssertGuards(accumulated);
    }
}
