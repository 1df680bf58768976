using System;
using SeqGen.Numerics;
using Xunit;

namespace SeqGen.Tests.Runtime;

/// <summary>The chunk-wide weight and bias gradients against the per-step outer products they replace.</summary>
public sealed class StepGradientsTests
{
    [Theory]
    [InlineData(1, 4, 1, false)]
    [InlineData(3, 20, 7, false)]
    [InlineData(4, 16, 5, true)]
    [InlineData(9, 37, 11, true)]
    [InlineData(16, 512, 3, false)]
    [InlineData(128, 512, 4, true)]
    [InlineData(5, 12, 0, false)]
    // more steps than one 64-step tile of the packed panels: two and three tiles, forward and reversed
    [InlineData(8, 48, 65, false)]
    [InlineData(9, 40, 130, true)]
    [InlineData(5, 33, 64, true)]
    public void WeightsEqualSummedOuterProducts(int rows, int columns, int steps, bool reverse)
    {
        var random = new Random(rows * 1000 + columns + steps);
        double[] a = Values(random, steps * rows), d = Values(random, steps * columns), start = Values(random, rows * columns);

        double[] expected = (double[])start.Clone();
        for (int s = 0; s < steps; s++)
        {
            int time = reverse ? steps - 1 - s : s;
            LinearAlgebra.AccumulateOuterProduct<double>(expected, columns, a.AsSpan(time * rows, rows), d.AsSpan(s * columns, columns));
        }
        double[] actual = (double[])start.Clone();
        StepGradients.AccumulateWeights<double>(actual, a, rows, d, columns, steps, reverse);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-12);
        }

        float[] actualSingle = Array.ConvertAll(start, v => (float)v);
        StepGradients.AccumulateWeights<float>(actualSingle, Array.ConvertAll(a, v => (float)v), rows, Array.ConvertAll(d, v => (float)v), columns, steps, reverse);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actualSingle[i], 1e-4);
        }
    }

    [Theory]
    [InlineData(5, 24, 16, 8, 9)]
    [InlineData(8, 48, 48, 32, 3)]
    [InlineData(3, 12, 4, 4, 6)]
    public void AColumnBlockWithStridesTouchesOnlyItsColumns(int rows, int gradientStride, int dStride, int columns, int steps)
    {
        var random = new Random(rows + gradientStride + dStride);
        double[] a = Values(random, steps * rows), d = Values(random, steps * dStride), gradient = Values(random, rows * gradientStride);
        double[] expected = (double[])gradient.Clone();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                for (int s = 0; s < steps; s++)
                {
                    expected[r * gradientStride + c] += a[s * rows + r] * d[s * dStride + c];
                }
            }
        }
        StepGradients.AccumulateWeights<double>(gradient, gradientStride, a, rows, d, dStride, columns, steps, reverseInputs: false);
        Assert.Equal(expected, gradient, (x, y) => Math.Abs(x - y) < 1e-12);

        double[] bias = Values(random, columns), expectedBias = (double[])bias.Clone();
        for (int s = 0; s < steps; s++)
        {
            for (int c = 0; c < columns; c++)
            {
                expectedBias[c] += d[s * dStride + c];
            }
        }
        StepGradients.AccumulateBias<double>(bias, d, dStride, steps);
        Assert.Equal(expectedBias, bias, (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Fact]
    public void BiasIsTheSumOverSteps()
    {
        var random = new Random(3);
        double[] d = Values(random, 6 * 11), gradient = Values(random, 11);
        double[] expected = (double[])gradient.Clone();
        for (int s = 0; s < 6; s++)
        {
            for (int g = 0; g < 11; g++)
            {
                expected[g] += d[s * 11 + g];
            }
        }
        StepGradients.AccumulateBias<double>(gradient, d, 6);
        Assert.Equal(expected, gradient, (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Fact]
    public void ShortSpansThrow()
    {
        Assert.Throws<ArgumentException>(() => StepGradients.AccumulateWeights<float>(new float[11], new float[6], 3, new float[8], 4, 2, false));
        Assert.Throws<ArgumentException>(() => StepGradients.AccumulateWeights<float>(new float[12], new float[5], 3, new float[8], 4, 2, false));
        Assert.Throws<ArgumentException>(() => StepGradients.AccumulateWeights<float>(new float[12], new float[6], 3, new float[7], 4, 2, false));
        Assert.Throws<ArgumentException>(() => StepGradients.AccumulateBias<float>(new float[4], new float[7], 2));
    }

    private static double[] Values(Random random, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = random.NextDouble() * 2 - 1;
        }
        return values;
    }
}
