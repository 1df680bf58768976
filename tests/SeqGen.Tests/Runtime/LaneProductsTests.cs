using System;
using System.Linq;
using System.Numerics;
using SeqGen.Numerics;
using Xunit;

namespace SeqGen.Tests.Runtime;

/// <summary>
/// The lockstep (several-lane) products against a scalar double oracle: sizes that take the
/// packed four-lane kernels and sizes that do not, lane counts with and without a remainder, and
/// lanes spaced wider than their vectors.
/// </summary>
public sealed class LaneProductsTests
{
    public static TheoryData<int, int, int, int> GateCases
    {
        get
        {
            var data = new TheoryData<int, int, int, int>();
            // rows, inputs, recurrent width: packable (rows a multiple of 16), then not (rows 20)
            foreach ((int rows, int inputs, int width) in new[] { (32, 3, 8), (64, 16, 16), (48, 5, 7), (20, 3, 5) })
            {
                foreach (int lanes in new[] { 1, 3, 4, 5, 8, 9 })
                {
                    data.Add(rows, inputs, width, lanes);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(GateCases))]
    public void GatePreActivationsMatchTheScalarSumsInSingle(int rows, int inputs, int width, int lanes) =>
        CheckGates<float>(rows, inputs, width, lanes, 1e-5);

    [Theory]
    [MemberData(nameof(GateCases))]
    public void GatePreActivationsMatchTheScalarSumsInDouble(int rows, int inputs, int width, int lanes) =>
        CheckGates<double>(rows, inputs, width, lanes, 1e-13);

    [Fact]
    public void OnlyWholeBlocksOfTwoVectorsArePacked()
    {
        Assert.Equal(64 * 32, LaneProducts.PackedLength<float>(64, 16, 16));
        Assert.Equal(0, LaneProducts.PackedLength<float>(20, 3, 5));
        Assert.Equal(0, LaneProducts.PackedLength<float>(24, 3, 5)); // three vectors of float: not two-vector blocks
        Assert.Equal(24 * 8, LaneProducts.PackedLength<double>(24, 3, 5)); // three pairs of double vectors
    }

    [Fact]
    public void AWrongPackedCopyOrTooShortALaneSpanThrows()
    {
        float[] weightIh = new float[32 * 3], weightHh = new float[32 * 8], bias = new float[32];
        float[] x = new float[4 * 3], h = new float[4 * 8], gates = new float[4 * 32];
        var e = Assert.Throws<ArgumentException>(() => LaneProducts.GatePreActivations<float>(32, weightIh, weightHh, new float[10], bias, bias, x, 3, h, 8, gates, 32, 4));
        Assert.Contains("packed copy of these weights has 352", e.Message);
        e = Assert.Throws<ArgumentException>(() => LaneProducts.GatePreActivations<float>(32, weightIh, weightHh, default, bias, bias, x, 3, h, 8, gates.AsSpan(1), 32, 4));
        Assert.Contains("gates must hold 4 lanes of 32 values", e.Message);
        e = Assert.Throws<ArgumentException>(() => LaneProducts.AccumulateRowDots<float>(weightHh, 32, gates, 32, h, 7, 4));
        Assert.Contains("the stride at least the width", e.Message);
    }

    public static TheoryData<int, int, int> RowDotCases
    {
        get
        {
            var data = new TheoryData<int, int, int>();
            // rows (dy's length), columns (dx's): the four-lane kernel, then an odd column count and rows not whole vectors
            foreach ((int rows, int columns) in new[] { (32, 8), (64, 16), (16, 3), (20, 4) })
            {
                foreach (int lanes in new[] { 1, 4, 7, 8 })
                {
                    data.Add(rows, columns, lanes);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(RowDotCases))]
    public void RowDotsAddTheTransposedProductPerLane(int rows, int columns, int lanes)
    {
        const int Padding = 3;
        int dyStride = rows + Padding, dxStride = columns + Padding;
        double[] weight = Random(rows * columns, 1), dy = Random(lanes * dyStride, 2), dx = Random(lanes * dxStride, 3);
        CheckRowDots<float>(weight, rows, columns, dy, dyStride, dx, dxStride, lanes, 1e-5);
        CheckRowDots<double>(weight, rows, columns, dy, dyStride, dx, dxStride, lanes, 1e-13);
    }

    private static void CheckRowDots<T>(double[] weight, int rows, int columns, double[] dy, int dyStride, double[] dx, int dxStride, int lanes, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] actual = Convert<T>(dx);
        LaneProducts.AccumulateRowDots<T>(Convert<T>(weight), rows, Convert<T>(dy), dyStride, actual, dxStride, lanes);
        for (int k = 0; k < lanes; k++)
        {
            for (int j = 0; j < columns; j++)
            {
                double expected = dx[k * dxStride + j];
                for (int i = 0; i < rows; i++)
                {
                    expected += weight[j * rows + i] * dy[k * dyStride + i];
                }
                double value = double.CreateChecked(actual[k * dxStride + j]);
                Assert.True(Math.Abs(value - expected) < tolerance, $"{typeof(T).Name}, lane {k}, dx[{j}] = {value}, expected {expected}");
            }
            for (int j = columns; j < dxStride && k < lanes - 1; j++)
            {
                Assert.Equal(T.CreateChecked(dx[k * dxStride + j]), actual[k * dxStride + j]); // the padding between lanes is not touched
            }
        }
    }

    private static void CheckGates<T>(int rows, int inputs, int width, int lanes, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int Padding = 5;
        int xStride = inputs + Padding, hStride = width + Padding, gatesStride = rows + Padding;
        double[] weightIh = Random(inputs * rows, 4), weightHh = Random(width * rows, 5), biasIh = Random(rows, 6), biasHh = Random(rows, 7);
        double[] x = Random(lanes * xStride, 8), h = Random(lanes * hStride, 9);
        T[] wIh = Convert<T>(weightIh), wHh = Convert<T>(weightHh);
        T[] packed = new T[LaneProducts.PackedLength<T>(rows, inputs, width)];
        if (packed.Length > 0)
        {
            LaneProducts.PackGateWeights<T>(wIh, wHh, rows, packed);
        }
        // with the packed copy where there is one, and without (every lane one at a time): the same sums
        foreach (T[] weights in new[] { packed, Array.Empty<T>() })
        {
            T[] gates = Enumerable.Repeat(T.CreateChecked(99), lanes * gatesStride).ToArray();
            LaneProducts.GatePreActivations<T>(rows, wIh, wHh, weights, Convert<T>(biasIh), Convert<T>(biasHh), Convert<T>(x), xStride, Convert<T>(h), hStride, gates, gatesStride, lanes);
            for (int k = 0; k < lanes; k++)
            {
                for (int r = 0; r < rows; r++)
                {
                    double expected = biasIh[r] + biasHh[r];
                    for (int j = 0; j < inputs; j++)
                    {
                        expected += weightIh[j * rows + r] * x[k * xStride + j];
                    }
                    for (int j = 0; j < width; j++)
                    {
                        expected += weightHh[j * rows + r] * h[k * hStride + j];
                    }
                    double actual = double.CreateChecked(gates[k * gatesStride + r]);
                    Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Max(1, Math.Abs(expected)),
                        $"{(weights.Length > 0 ? "packed" : "unpacked")}, lane {k}, row {r}: {actual}, expected {expected}");
                }
                if (k < lanes - 1)
                {
                    Assert.Equal(T.CreateChecked(99), gates[k * gatesStride + rows]); // the padding between lanes is not written
                }
            }
        }
    }

    private static double[] Random(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => 2 * random.NextDouble() - 1).ToArray();
    }

    private static T[] Convert<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T> => values.Select(T.CreateChecked).ToArray();
}
