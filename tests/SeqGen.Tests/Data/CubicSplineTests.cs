using System;
using SeqGen.Data;
using Xunit;

namespace SeqGen.Tests.Data;

public sealed class CubicSplineTests
{
    // Natural spline through (0,0), (1,1), (2,0), by hand: with M_0 = M_2 = 0 and h = 1 the one
    // equation M_0 + 4 M_1 + M_2 = 6 ((0 - 1) - (1 - 0)) gives M_1 = -3, so on [0, 1]
    // S(x) = -x^3/2 + 3x/2 (S(0) = 0, S(1) = 1, S'' = -3x), and S(2 - x) = S(x) by symmetry.
    private static readonly double[] HatX = [0, 1, 2];
    private static readonly double[] HatY = [0, 1, 0];

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.25, 0.3671875)]   // 3/8 - 1/128
    [InlineData(0.5, 0.6875)]       // 3/4 - 1/16
    [InlineData(1.0, 1.0)]
    [InlineData(1.5, 0.6875)]
    [InlineData(1.75, 0.3671875)]
    [InlineData(2.0, 0.0)]
    [InlineData(-1.0, -1.5)]        // outside: the end line, slope S'(0) = 3/2
    [InlineData(3.0, -1.5)]         // slope S'(2) = -3/2
    public void MatchesTheHandComputedNaturalSpline(double x, double expected)
    {
        var spline = new CubicSpline<double>(HatX, HatY);
        Assert.Equal(expected, spline.Evaluate(x), 1e-14);
    }

    [Fact]
    public void HandCaseDerivativesAndSinglePrecision()
    {
        var spline = new CubicSpline<double>(HatX, HatY);
        Assert.Equal(1.5, spline.Derivative(0), 1e-14);
        Assert.Equal(0.0, spline.Derivative(1), 1e-14);
        Assert.Equal(-3.0, spline.SecondDerivative(1), 1e-14);
        Assert.Equal(-1.5, spline.SecondDerivative(0.5), 1e-14);

        var single = new CubicSpline<float>([0f, 1f, 2f], [0f, 1f, 0f]);
        Assert.Equal(0.6875f, single.Evaluate(0.5f), 6);
        Assert.Equal(0.3671875f, single.Evaluate(1.75f), 6);
    }

    [Fact]
    public void ReproducesAStraightLineExactlyOnIrregularKnots()
    {
        double[] x = [-3, -2.2, -0.5, 0.1, 0.15, 2, 7.5];
        double[] y = Array.ConvertAll(x, v => 3 * v - 2);
        var spline = new CubicSpline<double>(x, y);
        for (double t = -4; t <= 9; t += 0.037)
        {
            Assert.Equal(3 * t - 2, spline.Evaluate(t), 1e-12);
        }
    }

    [Fact]
    public void InterpolatesEveryKnot()
    {
        var random = new Random(5);
        var x = new double[30];
        var y = new double[30];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (i == 0 ? 0 : x[i - 1]) + 0.05 + random.NextDouble();
            y[i] = random.NextDouble() * 10 - 5;
        }
        var spline = new CubicSpline<double>(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(y[i], spline.Evaluate(x[i]), 1e-12);
        }
    }

    [Fact]
    public void SecondDerivativeIsZeroAtBothEnds()
    {
        double[] x = [0, 0.7, 1.1, 2.5, 3];
        double[] y = [1, -2, 0.5, 4, 2];
        var spline = new CubicSpline<double>(x, y);
        // one-sided second differences of the values just inside each end (error O(d))
        const double d = 1e-4;
        double start = (spline.Evaluate(0) - 2 * spline.Evaluate(d) + spline.Evaluate(2 * d)) / (d * d);
        double end = (spline.Evaluate(3) - 2 * spline.Evaluate(3 - d) + spline.Evaluate(3 - 2 * d)) / (d * d);
        Assert.InRange(start, -0.05, 0.05);
        Assert.InRange(end, -0.05, 0.05);
        // while inside the curvature is large: the test could see a non-zero end curvature
        double inner = (spline.Evaluate(0.7 - d) - 2 * spline.Evaluate(0.7) + spline.Evaluate(0.7 + d)) / (d * d);
        Assert.True(Math.Abs(inner) > 5, $"curvature at the second knot {inner}");
    }

    [Fact]
    public void ConvergesToSineAtFourthOrder()
    {
        // sin'' = 0 at 0 and 2 pi, so the natural end conditions are right and the error is O(h^4)
        // everywhere: halving h should divide the largest error by about 16.
        double previous = double.NaN;
        foreach (int intervals in new[] { 10, 20, 40 })
        {
            var x = new double[intervals + 1];
            var y = new double[intervals + 1];
            for (int i = 0; i <= intervals; i++)
            {
                x[i] = 2 * Math.PI * i / intervals;
                y[i] = Math.Sin(x[i]);
            }
            var spline = new CubicSpline<double>(x, y);
            double worst = 0;
            for (int k = 0; k <= 2000; k++)
            {
                double t = 2 * Math.PI * k / 2000;
                worst = Math.Max(worst, Math.Abs(spline.Evaluate(t) - Math.Sin(t)));
            }
            if (!double.IsNaN(previous))
            {
                Assert.True(previous / worst > 12, $"{intervals} intervals: error {worst:E3}, previous {previous:E3}");
            }
            previous = worst;
        }
        // bound 5/384 h^4 max|sin''''| for h = 2 pi / 40
        Assert.True(previous < 5.0 / 384 * Math.Pow(2 * Math.PI / 40, 4), $"error {previous:E3}");
    }

    [Fact]
    public void ResamplesOntoAUniformGrid()
    {
        double[] x = [0, 0.3, 1.9, 2.2, 4];
        double[] y = Array.ConvertAll(x, v => 0.5 - v);
        var spline = new CubicSpline<double>(x, y);
        var grid = new double[9];
        spline.Resample(0, 0.5, grid);
        for (int k = 0; k < grid.Length; k++)
        {
            Assert.Equal(0.5 - 0.5 * k, grid[k], 1e-12);
        }
        var hat = new CubicSpline<double>(HatX, HatY);
        var two = new double[2];
        hat.Resample(0.5, 1, two);
        Assert.Equal([0.6875, 0.6875], two);
        Assert.Throws<ArgumentOutOfRangeException>(() => hat.Resample(0, 0, two));
        Assert.Throws<ArgumentOutOfRangeException>(() => hat.Resample(double.NaN, 1, two));
    }

    [Fact]
    public void RejectsBadPointsNamingTheIndex()
    {
        var equal = Assert.Throws<ArgumentException>(() => new CubicSpline<double>([0, 1, 1, 2], [0, 0, 0, 0]));
        Assert.Contains("x[2] = 1 is not greater than x[1] = 1", equal.Message);
        var decreasing = Assert.Throws<ArgumentException>(() => new CubicSpline<double>([0, 2, 1], [0, 0, 0]));
        Assert.Contains("strictly increasing", decreasing.Message);
        Assert.Contains("x[2]", decreasing.Message);
        var lengths = Assert.Throws<ArgumentException>(() => new CubicSpline<double>([0, 1, 2], [0, 0]));
        Assert.Contains("x has 3 values but y has 2", lengths.Message);
        Assert.Contains("at least 2 points", Assert.Throws<ArgumentException>(() => new CubicSpline<double>([1], [1])).Message);
        Assert.Contains("y[1] is NaN", Assert.Throws<ArgumentException>(() => new CubicSpline<double>([0, 1], [0, double.NaN])).Message);
    }
}
