using System;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SeqGen.Numerics;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>
/// The bfloat16 gate-block steps (<see cref="BFloat16GateBlocks"/>): the LSTM step against the
/// unfused path it replaces (row-block copy, <see cref="BFloat16Weights.AccumulateColumns"/>, then
/// <see cref="LstmCell.Forward{T}(Span{T}, ReadOnlySpan{T}, Span{T}, Span{T})"/>) bit for bit; the GRU step
/// against the same products followed by GruCell's vector reset-after forward (written out here) bit for bit,
/// and against a double-precision step with the rounded weights; shapes, bad weights, allocation.
/// </summary>
public sealed class BFloat16GateBlocksTests
{
    private static float[] Random(Random random, int length, float scale)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5) * 2 * scale;
        }
        return values;
    }

    private static ushort[] RowBlockCopy(float[] weights, int rows)
    {
        var copy = new ushort[weights.Length];
        BFloat16Weights.Store(weights, rows, copy);
        return copy;
    }

    private static ushort[] GateBlockCopy(float[] weights, int gates, int units)
    {
        var copy = new ushort[weights.Length];
        BFloat16GateBlocks.Store(weights, gates, units, copy);
        return copy;
    }

    [Theory]
    [InlineData(16, 1)]
    [InlineData(16, 3)]
    [InlineData(32, 16)]
    [InlineData(64, 1)]
    [InlineData(48, 5)]
    [InlineData(128, 16)]
    public void LstmStepHasTheBitsOfTheUnfusedPath(int h, int inputs)
    {
        var random = new Random(h * 100 + inputs);
        float[] weightIh = Random(random, 4 * h * inputs, 0.5f), weightHh = Random(random, 4 * h * h, 0.3f);
        float[] biasIh = Random(random, 4 * h, 0.5f), biasHh = Random(random, 4 * h, 0.5f);
        float[] hidden = Random(random, h, 0.9f), cell = Random(random, h, 2f);
        ushort[] gateIh = GateBlockCopy(weightIh, 4, h), gateHh = GateBlockCopy(weightHh, 4, h);
        ushort[] rowIh = RowBlockCopy(weightIh, 4 * h), rowHh = RowBlockCopy(weightHh, 4 * h);
        float[] expectedHidden = (float[])hidden.Clone(), expectedCell = (float[])cell.Clone();
        var gates = new float[4 * h];
        var scratch = new float[4 * h];
        for (int step = 0; step < 5; step++)
        {
            float[] x = Random(random, inputs, 1f);
            TensorPrimitives.Add<float>(biasIh, biasHh, gates);
            BFloat16Weights.AccumulateColumns(rowIh, 4 * h, x, gates);
            BFloat16Weights.AccumulateColumns(rowHh, 4 * h, expectedHidden, gates);
            LstmCell.Forward<float>(gates, expectedCell, expectedCell, expectedHidden);

            BFloat16GateBlocks.LstmStep(gateIh, gateHh, biasIh, biasHh, x, hidden, cell, scratch);
            for (int u = 0; u < h; u++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(expectedHidden[u]), BitConverter.SingleToInt32Bits(hidden[u]));
                Assert.Equal(BitConverter.SingleToInt32Bits(expectedCell[u]), BitConverter.SingleToInt32Bits(cell[u]));
            }
        }
    }

    [Theory]
    [InlineData(16, 1)]
    [InlineData(32, 3)]
    [InlineData(64, 1)]
    [InlineData(128, 16)]
    public void GruStepHasTheBitsOfTheProductsThenTheCell(int h, int inputs)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            return; // the oracle below is the vector cell; without vectors GruStep runs its scalar path (TensorPrimitives' activations)
        }
        var random = new Random(h * 100 + inputs + 7);
        float[] weightIh = Random(random, 3 * h * inputs, 0.5f), weightHh = Random(random, 3 * h * h, 0.3f);
        float[] biasIh = Random(random, 3 * h, 0.5f), biasHh = Random(random, 3 * h, 0.5f);
        float[] hidden = Random(random, h, 0.9f);
        ushort[] gateIh = GateBlockCopy(weightIh, 3, h), gateHh = GateBlockCopy(weightHh, 3, h);
        // the oracle: W_ih over all 3H rows into the input gates, W_hh's r and z rows into them too, its n rows into recurrentN
        ushort[] rowIh = RowBlockCopy(weightIh, 3 * h);
        float[] hhRz = new float[2 * h * h], hhN = new float[h * h];
        for (int j = 0; j < h; j++)
        {
            Array.Copy(weightHh, j * 3 * h, hhRz, j * 2 * h, 2 * h);
            Array.Copy(weightHh, j * 3 * h + 2 * h, hhN, j * h, h);
        }
        ushort[] rowHhRz = RowBlockCopy(hhRz, 2 * h), rowHhN = RowBlockCopy(hhN, h);
        float[] expectedHidden = (float[])hidden.Clone();
        var gates = new float[3 * h];
        var scratch = new float[3 * h];
        for (int step = 0; step < 5; step++)
        {
            float[] x = Random(random, inputs, 1f);
            TensorPrimitives.Add<float>(biasIh.AsSpan(0, 2 * h), biasHh.AsSpan(0, 2 * h), gates.AsSpan(0, 2 * h));
            biasIh.AsSpan(2 * h).CopyTo(gates.AsSpan(2 * h));
            BFloat16Weights.AccumulateColumns(rowIh, 3 * h, x, gates);
            BFloat16Weights.AccumulateColumns(rowHhRz, 2 * h, expectedHidden, gates.AsSpan(0, 2 * h));
            var recurrentN = new float[h];
            biasHh.AsSpan(2 * h).CopyTo(recurrentN);
            BFloat16Weights.AccumulateColumns(rowHhN, h, expectedHidden, recurrentN);
            // GruCell's vector forward: r, z = sigmoid; n = tanh(nx + r * nh); h' = n + z * (h - n), fused as the hardware fuses
            for (int u = 0; u < h; u += 8)
            {
                Vector256<float> r = Activations.Sigmoid(Vector256.Create(gates.AsSpan(u, 8)));
                Vector256<float> z = Activations.Sigmoid(Vector256.Create(gates.AsSpan(h + u, 8)));
                Vector256<float> n = Activations.Tanh(MultiplyAdd(r, Vector256.Create(recurrentN.AsSpan(u, 8)), Vector256.Create(gates.AsSpan(2 * h + u, 8))));
                MultiplyAdd(z, Vector256.Create(expectedHidden.AsSpan(u, 8)) - n, n).CopyTo(expectedHidden.AsSpan(u, 8));
            }

            float[] before = (float[])hidden.Clone();
            BFloat16GateBlocks.GruStep(gateIh, gateHh, biasIh, biasHh, x, hidden, scratch);
            for (int u = 0; u < h; u++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(expectedHidden[u]), BitConverter.SingleToInt32Bits(hidden[u]));
            }

            // and within the activations' error of PyTorch's formulas in double precision, with the rounded weights
            for (int u = 0; u < h; u++)
            {
                double r = biasIh[u] + biasHh[u], z = biasIh[h + u] + biasHh[h + u], nx = biasIh[2 * h + u], nh = biasHh[2 * h + u];
                for (int j = 0; j < inputs; j++)
                {
                    r += Rounded(weightIh[j * 3 * h + u]) * (double)x[j];
                    z += Rounded(weightIh[j * 3 * h + h + u]) * (double)x[j];
                    nx += Rounded(weightIh[j * 3 * h + 2 * h + u]) * (double)x[j];
                }
                for (int j = 0; j < h; j++)
                {
                    r += Rounded(weightHh[j * 3 * h + u]) * (double)before[j];
                    z += Rounded(weightHh[j * 3 * h + h + u]) * (double)before[j];
                    nh += Rounded(weightHh[j * 3 * h + 2 * h + u]) * (double)before[j];
                }
                r = 1 / (1 + Math.Exp(-r));
                z = 1 / (1 + Math.Exp(-z));
                double n = Math.Tanh(nx + r * nh);
                double expected = (1 - z) * n + z * before[u];
                Assert.True(Math.Abs(expected - hidden[u]) < 2e-6, $"unit {u}: {hidden[u]} against {expected}");
            }
        }
    }

    private static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    private static double Rounded(float weight)
    {
        var copy = new ushort[16];
        var single = new float[16];
        single[0] = weight;
        BFloat16Weights.Store(single, 16, copy);
        return BFloat16Weights.Widen(copy[0]);
    }

    [Fact]
    public void StoreRoundsEveryWeightOnceAndRejectsBadShapesAndWeights()
    {
        const int h = 32, inputs = 3;
        var random = new Random(5);
        float[] weights = Random(random, 4 * h * inputs, 1f);
        ushort[] copy = GateBlockCopy(weights, 4, h);
        // every rounded weight appears exactly as often as in the row-block copy: a permutation of it
        ushort[] rowBlock = RowBlockCopy(weights, 4 * h);
        Array.Sort(copy);
        Array.Sort(rowBlock);
        Assert.Equal(rowBlock, copy);

        var untouched = new ushort[weights.Length];
        weights[7] = float.NaN;
        Assert.Throws<InvalidOperationException>(() => BFloat16GateBlocks.Store(weights, 4, h, untouched));
        Assert.All(untouched, v => Assert.Equal(0, v));
        var error = Assert.Throws<ArgumentException>(() => BFloat16GateBlocks.Store(new float[4 * 24], 4, 24, new ushort[4 * 24]));
        Assert.Contains("multiple of 16", error.Message);
        Assert.Throws<ArgumentException>(() => BFloat16GateBlocks.Store(new float[4 * 16], 4, 16, new ushort[4 * 16 - 1]));
    }

    [Fact]
    public void StepsRejectMisshapenArgumentsAndLeaveTheStateUntouched()
    {
        const int h = 16;
        var weightIh = new ushort[4 * h];
        var weightHh = new ushort[4 * h * h];
        var bias = new float[4 * h];
        float[] hidden = [.. new float[h]], cell = new float[h];
        Array.Fill(hidden, 0.5f);
        Array.Fill(cell, 0.25f);
        var error = Assert.Throws<ArgumentException>(() => BFloat16GateBlocks.LstmStep(weightIh, weightHh, bias, bias, [1f], hidden, cell, new float[4 * h - 1]));
        Assert.Contains("H = 16", error.Message);
        Assert.Throws<ArgumentException>(() => BFloat16GateBlocks.LstmStep(weightIh, weightHh, bias, bias, [1f, 2f], hidden, cell, new float[4 * h]));
        Assert.Throws<ArgumentException>(() => BFloat16GateBlocks.LstmStep(weightIh, weightHh, bias, bias, [1f], hidden, new float[h - 1], new float[4 * h]));
        Assert.Throws<ArgumentException>(() => BFloat16GateBlocks.GruStep(weightIh, weightHh, bias, bias, [1f], hidden, new float[4 * h]));
        Assert.All(hidden, v => Assert.Equal(0.5f, v));
        Assert.All(cell, v => Assert.Equal(0.25f, v));
    }

    [Fact]
    public void StepsDoNotAllocate()
    {
        const int h = 64;
        var lstmIh = new ushort[4 * h];
        var lstmHh = new ushort[4 * h * h];
        var gruIh = new ushort[3 * h];
        var gruHh = new ushort[3 * h * h];
        var lstmBias = new float[4 * h];
        var gruBias = new float[3 * h];
        var hidden = new float[h];
        var cell = new float[h];
        var scratch = new float[4 * h];
        float[] x = [0.5f];
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => BFloat16GateBlocks.LstmStep(lstmIh, lstmHh, lstmBias, lstmBias, x, hidden, cell, scratch)));
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => BFloat16GateBlocks.GruStep(gruIh, gruHh, gruBias, gruBias, x, hidden, scratch)));
    }
}
