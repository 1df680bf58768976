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
        int[] sizes = { 1, 3, 17, 33, 64, 130, 257 };
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

    /// <summary>
    /// The kernels store W [rows][cols] input-major: W[r, c] at c * stride + r. Each case runs with
    /// stride = rows and with a wider stride whose padding must be neither read nor written.
    /// </summary>
    private static double[] InputMajor(double[] w, int rows, int cols, int stride)
    {
        var stored = new double[(cols - 1) * stride + rows];
        stored.AsSpan().Fill(Sentinel);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                stored[c * stride + r] = w[r * cols + c];
            }
        }
        return stored;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void AccumulateColumnsMatchesNaiveLoop(int rows, int cols)
    {
        foreach (int stride in new[] { rows, rows + 5 })
        {
            var random = new Random(rows * 100 + cols);
            double[] w = Rand(random, rows * cols), x = Rand(random, cols), y0 = Rand(random, rows);
            double[] stored = InputMajor(w, rows, cols, stride);
            double[] y = Guarded(y0);

            LinearAlgebra.AccumulateColumns<double>(stored, stride, x, Inner(y));

            for (int r = 0; r < rows; r++)
            {
                double sum = y0[r], scale = Math.Abs(y0[r]);
                for (int c = 0; c < cols; c++)
                {
                    sum += w[r * cols + c] * x[c];
                    scale += Math.Abs(w[r * cols + c] * x[c]);
                }
                Tolerance.Close(sum, y[Guard + r], 0, 1e-14 * scale, $"y[{r}] (stride {stride})");
            }
            AssertGuards(y);

            float[] wf = Tolerance.ToFloat(stored), xf = Tolerance.ToFloat(x), yf = Tolerance.ToFloat(y0);
            LinearAlgebra.AccumulateColumns<float>(wf, stride, xf, yf);
            for (int r = 0; r < rows; r++)
            {
                double sum = (float)y0[r];
                for (int c = 0; c < cols; c++)
                {
                    sum += (double)wf[c * stride + r] * xf[c];
                }
                Tolerance.Close(sum, yf[r], 0, 1e-6 * (cols + 1), $"yf[{r}] (stride {stride})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void AccumulateRowDotsMatchesNaiveLoop(int rows, int cols)
    {
        foreach (int stride in new[] { rows, rows + 5 })
        {
            var random = new Random(rows * 100 + cols + 7);
            double[] w = Rand(random, rows * cols), dy = Rand(random, rows), dx0 = Rand(random, cols);
            double[] stored = InputMajor(w, rows, cols, stride);
            double[] dx = Guarded(dx0);

            LinearAlgebra.AccumulateRowDots<double>(stored, stride, dy, Inner(dx));

            for (int c = 0; c < cols; c++)
            {
                double sum = dx0[c], scale = Math.Abs(dx0[c]);
                for (int r = 0; r < rows; r++)
                {
                    sum += w[r * cols + c] * dy[r];
                    scale += Math.Abs(w[r * cols + c] * dy[r]);
                }
                Tolerance.Close(sum, dx[Guard + c], 0, 1e-14 * scale, $"dx[{c}] (stride {stride})");
            }
            AssertGuards(dx);
        }
    }

    [Theory]
    [InlineData(17, 33)]
    [InlineData(130, 64)]
    [InlineData(3, 5)]
    public void AccumulateRowDotsInSingleAndHalfPrecision(int rows, int cols)
    {
        var random = new Random(rows + cols);
        double[] w = Rand(random, rows * cols), dy = Rand(random, rows);
        double[] stored = InputMajor(w, rows, cols, rows);
        float[] dxFloat = new float[cols];
        Half[] dxHalf = new Half[cols];
        LinearAlgebra.AccumulateRowDots<float>(Array.ConvertAll(stored, v => (float)v), rows, Array.ConvertAll(dy, v => (float)v), dxFloat);
        // Half has no Vector256 path: the scalar one must still run
        LinearAlgebra.AccumulateRowDots<Half>(Array.ConvertAll(stored, v => (Half)v), rows, Array.ConvertAll(dy, v => (Half)v), dxHalf);
        for (int c = 0; c < cols; c++)
        {
            double sum = 0, scale = 0;
            for (int r = 0; r < rows; r++)
            {
                sum += (float)w[r * cols + c] * (double)(float)dy[r];
                scale += Math.Abs(w[r * cols + c] * dy[r]);
            }
            Tolerance.Close(sum, dxFloat[c], 0, 1e-6 * scale, $"float dx[{c}]");
            Tolerance.Close(sum, (double)dxHalf[c], 0, 2e-2 * scale, $"half dx[{c}]");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void AccumulateOuterProductMatchesNaiveLoop(int rows, int cols)
    {
        foreach (int stride in new[] { rows, rows + 5 })
        {
            var random = new Random(rows * 100 + cols + 13);
            double[] dy = Rand(random, rows), x = Rand(random, cols), dw0 = Rand(random, rows * cols);
            double[] stored = InputMajor(dw0, rows, cols, stride);
            double[] dw = Guarded(stored);

            LinearAlgebra.AccumulateOuterProduct<double>(Inner(dw), stride, x, dy);

            for (int c = 0; c < cols; c++)
            {
                for (int k = 0; k < stride && c * stride + k < stored.Length; k++)
                {
                    double expected = k < rows ? dw0[k * cols + c] + dy[k] * x[c] : Sentinel; // padding untouched
                    Tolerance.Close(expected, dw[Guard + c * stride + k], 1e-15, 1e-16, $"dW[{k},{c}] (stride {stride})");
                }
            }
            AssertGuards(dw);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void PyTorchLayoutRoundTrips(int rows, int cols)
    {
        var random = new Random(rows * 7 + cols);
        double[] w = Rand(random, rows * cols);
        var stored = new double[rows * cols];
        LinearAlgebra.FromPyTorchLayout<double>(w, rows, cols, stored);
        Assert.Equal(InputMajor(w, rows, cols, rows), stored);
        var back = new double[rows * cols];
        LinearAlgebra.ToPyTorchLayout<double>(stored, rows, cols, back);
        Assert.Equal(w, back);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(32)]
    [InlineData(67)]
    public void DotMatchesNaiveSumInBothPrecisions(int n)
    {
        var random = new Random(n + 7);
        double[] a = Rand(random, n), b = Rand(random, n);
        double exact = 0;
        for (int i = 0; i < n; i++)
        {
            exact += a[i] * b[i];
        }
        Assert.Equal(exact, LinearAlgebra.Dot<double>(a, b), 1e-12);
        float[] af = Array.ConvertAll(a, v => (float)v), bf = Array.ConvertAll(b, v => (float)v);
        double exactSingle = 0;
        for (int i = 0; i < n; i++)
        {
            exactSingle += (double)af[i] * bf[i];
        }
        Assert.Equal(exactSingle, LinearAlgebra.Dot<float>(af, bf), 1e-5);
    }

    [Fact]
    public void DotRejectsUnequalLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => LinearAlgebra.Dot<float>(new float[8], new float[9]));
        Assert.Contains("equal lengths; got 8 and 9", ex.Message);
    }

    [Fact]
    public void TooShortMatrixIsRejectedBeforeAnyRead()
    {
        var y = new double[8];
        var ex = Assert.Throws<ArgumentException>(() => LinearAlgebra.AccumulateColumns<double>(new double[20], 8, new double[3], y));
        Assert.Contains("needs 24 elements, but has 20", ex.Message);
        Assert.All(y, v => Assert.Equal(0.0, v));
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
