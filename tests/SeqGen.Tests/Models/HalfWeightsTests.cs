using System;
using SeqGen.Numerics;
using Xunit;

namespace SeqGen.Tests.Models;

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 12, OutputSize = 2, WeightStorage = WeightStorage.Half)]
[Lstm(40)]
[Rnn(20)]
[Lstm(6, Peephole = true)]
public partial class HalfStackModel { }

[SequenceModel(Topology.ManyToMany, InputSize = 16, Steps = 100, OutputSize = 1, WeightStorage = WeightStorage.Half)]
[Lstm(128)]
public partial class HalfLstm16x128 { }

[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, WeightStorage = WeightStorage.Half)]
[Lstm(64)]
public partial class HalfLstm1x64 { }

[SequenceModel(Topology.ManyToMany, InputSize = 16, Steps = 100, OutputSize = 1, WeightStorage = WeightStorage.BFloat16)]
[Lstm(128)]
public partial class BFloat16Lstm16x128 { }

[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, WeightStorage = WeightStorage.BFloat16)]
[Lstm(64)]
public partial class BFloat16Lstm1x64 { }

[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 100, OutputSize = 1, WeightStorage = WeightStorage.BFloat16)]
[Gru(64)]
public partial class BFloat16Gru1x64 { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 12, OutputSize = 2, WeightStorage = WeightStorage.BFloat16)]
[Lstm(40)]
[Rnn(20)]
[Lstm(6, Peephole = true)]
public partial class BFloat16StackModel { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 12, OutputSize = 2)]
[Lstm(40)]
[Rnn(20)]
[Lstm(6, Peephole = true)]
public partial class FloatStackModel { }

// BFloat16 gate blocks: an LSTM and a GRU whose H is a multiple of 16
[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 12, OutputSize = 2, WeightStorage = WeightStorage.BFloat16)]
[Lstm(32)]
[Gru(16)]
public partial class BFloat16GateBlockModel { }

[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 12, OutputSize = 2)]
[Lstm(32)]
[Gru(16)]
public partial class FloatGateBlockModel { }

/// <summary>
/// WeightStorage.Half: the streaming Step reads W_ih and W_hh rounded to half precision, remade
/// whenever the parameters may have changed; Forward and training keep full precision.
/// </summary>
public sealed class HalfWeightsTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>
    /// The accuracy cost stated in docs/performance.md: the largest difference between Step (half
    /// weights) and Forward (float weights) over 100 steps of the benchmark models' inputs, at
    /// PyTorch's default initialization, as a fraction of the largest output.
    /// </summary>
    [Fact]
    public void HalfWeightsCostOfTheBenchmarkModels()
    {
        static (double Largest, double Scale) Compare(IStreamingModel<float> stepper, ISequenceModel<float> model, int inputSize)
        {
            var input = new float[100 * inputSize];
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = (float)(0.5 * Math.Sin(2 * Math.PI * i / 25.0));
            }
            var full = new float[100];
            model.Forward(input, full);
            double largest = 0, scale = 0;
            var y = new float[1];
            for (int t = 0; t < 100; t++)
            {
                stepper.Step(input.AsSpan(t * inputSize, inputSize), y);
                largest = Math.Max(largest, Math.Abs(y[0] - full[t]));
                scale = Math.Max(scale, Math.Abs(full[t]));
            }
            return (largest, scale);
        }
        var small = new HalfLstm1x64(seed: 1);
        var large = new HalfLstm16x128(seed: 1);
        (double smallError, double smallScale) = Compare(small, small, 1);
        (double largeError, double largeScale) = Compare(large, large, 16);
        output.WriteLine($"Half: LSTM 1->64: max |Step - Forward(float)| = {smallError:E2} (largest output {smallScale:F3}); LSTM 16->128: {largeError:E2} (largest output {largeScale:F3})");
        Assert.InRange(smallError, 1e-9, 1e-3);
        Assert.InRange(largeError, 1e-9, 1e-3);

        var smallB = new BFloat16Lstm1x64(seed: 1);
        var largeB = new BFloat16Lstm16x128(seed: 1);
        (double smallErrorB, double smallScaleB) = Compare(smallB, smallB, 1);
        (double largeErrorB, double largeScaleB) = Compare(largeB, largeB, 16);
        output.WriteLine($"BFloat16: LSTM 1->64: max |Step - Forward(float)| = {smallErrorB:E2} (largest output {smallScaleB:F3}); LSTM 16->128: {largeErrorB:E2} (largest output {largeScaleB:F3})");
        Assert.InRange(smallErrorB, 1e-9, 1e-2);
        Assert.InRange(largeErrorB, 1e-9, 1e-2);

        var gru = new BFloat16Gru1x64(seed: 1);
        (double gruError, double gruScale) = Compare(gru, gru, 1);
        output.WriteLine($"BFloat16: GRU 1->64: max |Step - Forward(float)| = {gruError:E2} (largest output {gruScale:F3})");
        Assert.InRange(gruError, 1e-9, 1e-2);
    }

    /// <summary>A float twin whose W_ih and W_hh are the half model's, rounded to half precision: what Step must compute.</summary>
    private static FloatStackModel RoundedTwin(HalfStackModel half)
    {
        var twin = new FloatStackModel();
        half.Parameters.CopyTo(twin.Parameters);
        RoundRecurrentWeights(twin, v => (float)(Half)v);
        return twin;
    }

    private static float[] Inputs(int seed)
    {
        var random = new Random(seed);
        var input = new float[HalfStackModel.InputLength];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return input;
    }

    private static float[] StepAll(HalfStackModel model, float[] input)
    {
        var outputs = new float[HalfStackModel.OutputLength];
        model.ResetState();
        for (int t = 0; t < HalfStackModel.Steps; t++)
        {
            model.Step(input.AsSpan(t * 3, 3), outputs.AsSpan(t * 2, 2));
        }
        return outputs;
    }

    /// <summary>start[i] + sum_j weight(j * rows + i) * x[j] in double: the reference for the 16-bit kernels' y += W x.</summary>
    private static double[] ReferenceProduct(Func<int, float> weight, int rows, float[] x, float[] start)
    {
        var sums = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            sums[i] = start[i];
            for (int j = 0; j < x.Length; j++)
            {
                sums[i] += (double)weight(j * rows + i) * x[j];
            }
        }
        return sums;
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"output {i}: {expected[i]} vs {actual[i]}");
        }
    }

    [Fact]
    public void StepComputesWithTheWeightsRoundedToHalf()
    {
        var model = new HalfStackModel(seed: 3);
        float[] input = Inputs(1);
        float[] stepped = StepAll(model, input);

        var rounded = new float[HalfStackModel.OutputLength];
        RoundedTwin(model).Forward(input, rounded);
        AssertClose(rounded, stepped, 1e-5f);

        // Forward keeps the float weights, so it differs from Step by the rounding alone
        var full = new float[HalfStackModel.OutputLength];
        model.Forward(input, full);
        float largest = 0;
        for (int i = 0; i < full.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(full[i] - stepped[i]));
        }
        Assert.True(largest > 0, "Step gave Forward's exact outputs: it did not read half-precision weights");
        Assert.True(largest < 2e-3f, $"half-precision weights moved an output by {largest}");
    }

    [Fact]
    public void EveryWayOfChangingTheParametersReachesStep()
    {
        var model = new HalfStackModel(seed: 3);
        float[] input = Inputs(2);
        StepAll(model, input);

        void AssertStepMatchesTwin()
        {
            float[] stepped = StepAll(model, input);
            var expected = new float[HalfStackModel.OutputLength];
            RoundedTwin(model).Forward(input, expected);
            AssertClose(expected, stepped, 1e-5f);
        }

        model.InitializeParameters(seed: 9);
        AssertStepMatchesTwin();

        var weights = new float[4 * 40 * 40];
        new Random(5).NextBytes(new byte[1]);
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)Math.Sin(i) * 0.2f;
        }
        model.SetParameter("rnn.weight_hh_l0", weights);
        AssertStepMatchesTwin();

        model.Parameters[0] += 0.5f; // a write through the span, as an optimizer does
        AssertStepMatchesTwin();
    }

    [Fact]
    public void NonFiniteWeightThrowsInStepAndChangesNothing()
    {
        var model = new HalfStackModel(seed: 3);
        var output = new float[2];
        model.Step([0.1f, 0.2f, 0.3f], output);
        float[] state = model.InitialHidden.ToArray();
        model.Parameters[1] = float.NaN;
        var error = Assert.Throws<InvalidOperationException>(() => model.Step([0.1f, 0.2f, 0.3f], output));
        Assert.Contains("finite", error.Message);
        model.Parameters[1] = 0.25f;
        model.Step([0.1f, 0.2f, 0.3f], output); // usable again once the weight is finite
        Assert.Equal(state, model.InitialHidden.ToArray());
    }

    [Fact]
    public void StepAllocatesNothing()
    {
        var model = new HalfStackModel(seed: 3);
        var output = new float[2];
        float[] x = [0.1f, -0.2f, 0.3f];
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.Step(x, output)));
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => { model.Parameters[0] += 0; model.Step(x, output); }));
    }

    [Fact]
    public void WideningIsExactForEveryFiniteHalf()
    {
        // one column of every finite half (both signs, subnormals, zeros); y += 1 * w is exact
        var halves = new System.Collections.Generic.List<Half>();
        for (int bits = 0; bits <= ushort.MaxValue; bits++)
        {
            Half h = BitConverter.UInt16BitsToHalf((ushort)bits);
            if (Half.IsFinite(h))
            {
                halves.Add(h);
            }
        }
        Half[] matrix = halves.ToArray();
        var y = new float[matrix.Length];
        Array.Fill(y, -0f); // -0 + w is w for every w, the zeros' signs included
        HalfWeights.AccumulateColumns(matrix, matrix.Length, [1f], y);
        for (int i = 0; i < matrix.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits((float)matrix[i]), BitConverter.SingleToInt32Bits(y[i]));
        }
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(3, 37)]
    [InlineData(16, 512)]
    [InlineData(5, 13)]
    public void ProductEqualsTheFloatProductOfTheRoundedWeights(int columns, int rows)
    {
        var random = new Random(columns * 100 + rows);
        var weights = new float[columns * rows];
        var x = new float[columns];
        var y = new float[rows];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(random.NextDouble() - 0.5);
        }
        for (int i = 0; i < columns; i++)
        {
            x[i] = (float)(random.NextDouble() - 0.5);
        }
        for (int i = 0; i < rows; i++)
        {
            y[i] = (float)(random.NextDouble() - 0.5);
        }
        var half = new Half[weights.Length];
        HalfWeights.Store(weights, half);
        float[] expected = Array.ConvertAll(ReferenceProduct(k => (float)half[k], rows, x, y), v => (float)v);
        HalfWeights.AccumulateColumns(half, rows, x, y);
        AssertClose(expected, y, 1e-5f);
    }

    [Theory]
    [InlineData(8, -1e6f, 0)]
    [InlineData(64, 1e6f, 9)]
    [InlineData(104, 65536f, 0)] // the first value that x * 2^112 overflows
    [InlineData(13, -65536f, 3)]
    [InlineData(40, -1e30f, 8)]
    public void InputsFrom65536TakeThePathThatRebiasesWeightsWithTheSameSums(int rows, float large, int zeroColumn)
    {
        // Inputs below 2^16 carry the widening's 2^112; a larger one makes the kernel rebias each
        // weight vector instead. A column of zero weights whose input is the large value switches
        // paths without changing any product, so the sums must agree bit for bit. (Had the large
        // input taken the first path, large * 2^112 = infinity and 0 * infinity = NaN.) Column 0
        // puts it in the vector lanes of the check, column 9 in its scalar tail.
        const int columns = 10;
        var random = new Random(rows);
        var weights = new float[columns * rows];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = i / rows == zeroColumn ? 0f : (float)(random.NextDouble() - 0.5) * (i % 7 == 0 ? 1e-5f : 1f); // some subnormal halves
        }
        var half = new Half[weights.Length];
        HalfWeights.Store(weights, half);
        var x = new float[columns];
        for (int j = 0; j < columns; j++)
        {
            x[j] = (float)(random.NextDouble() - 0.5) * 60000f;
        }
        var start = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            start[i] = 1f + i;
        }
        float[] small = (float[])start.Clone();
        HalfWeights.AccumulateColumns(half, rows, x, small);
        x[zeroColumn] = large;
        float[] switched = (float[])start.Clone();
        HalfWeights.AccumulateColumns(half, rows, x, switched);
        double[] expected = ReferenceProduct(k => (float)half[k], rows, x, start);
        for (int i = 0; i < rows; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(small[i]), BitConverter.SingleToInt32Bits(switched[i]));
            Assert.Equal(expected[i], switched[i], Math.Abs(expected[i]) * 1e-5 + 1e-3);
        }
    }

    [Fact]
    public void StoreRoundsToNearestAndSaturates()
    {
        var half = new Half[4];
        HalfWeights.Store([1e6f, -1e6f, 1.0009765625f, 0.1f], half);
        Assert.Equal((Half)65504f, half[0]);
        Assert.Equal((Half)(-65504f), half[1]);
        Assert.Equal((Half)1.0009765625f, half[2]);
        Assert.Equal((Half)0.1f, half[3]);
        var untouched = new Half[2];
        Assert.Throws<InvalidOperationException>(() => HalfWeights.Store([1f, float.PositiveInfinity], untouched));
        Assert.Equal(default, untouched[0]);
        Assert.Throws<ArgumentException>(() => HalfWeights.Store([1f], new Half[2]));
    }

    /// <summary>Round to nearest, ties to even, keeping a float's top 16 bits: written here from the definition.</summary>
    private static float RoundToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        uint lower = bits & 0xFFFF, upper = bits >> 16;
        if (lower > 0x8000 || (lower == 0x8000 && (upper & 1) == 1))
        {
            upper++;
        }
        return BitConverter.UInt32BitsToSingle(upper << 16);
    }

    /// <summary>Rounds every W_ih and W_hh of a float model to bfloat16 in place: the weights a BFloat16 twin's Step reads.</summary>
    private static void RoundRecurrentWeightsToBFloat16(ISequenceModel<float> model) => RoundRecurrentWeights(model, RoundToBFloat16);

    /// <summary>Applies <paramref name="round"/> to every W_ih and W_hh of a float model in place.</summary>
    private static void RoundRecurrentWeights(ISequenceModel<float> model, Func<float, float> round)
    {
        foreach (ParameterInfo info in model.ParameterTable)
        {
            if (info.Name.Contains("weight_ih") || info.Name.Contains("weight_hh"))
            {
                var values = new float[info.Length];
                model.GetParameter(info.Name, values);
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = round(values[i]);
                }
                model.SetParameter(info.Name, values);
            }
        }
    }

    [Fact]
    public void BFloat16StepComputesWithTheWeightsRoundedToBFloat16()
    {
        var model = new BFloat16StackModel(seed: 3);
        float[] input = Inputs(4);
        var stepped = new float[BFloat16StackModel.OutputLength];
        model.ResetState();
        for (int t = 0; t < BFloat16StackModel.Steps; t++)
        {
            model.Step(input.AsSpan(t * 3, 3), stepped.AsSpan(t * 2, 2));
        }
        var twin = new FloatStackModel();
        model.Parameters.CopyTo(twin.Parameters);
        RoundRecurrentWeightsToBFloat16(twin);
        var expected = new float[BFloat16StackModel.OutputLength];
        twin.Forward(input, expected);
        AssertClose(expected, stepped, 1e-5f);

        model.Parameters[0] += 0.25f; // the copy follows the parameters
        model.ResetState();
        var full = new float[BFloat16StackModel.OutputLength];
        model.Forward(input, full);
        float largest = 0;
        for (int t = 0; t < BFloat16StackModel.Steps; t++)
        {
            model.Step(input.AsSpan(t * 3, 3), stepped.AsSpan(t * 2, 2));
        }
        for (int i = 0; i < full.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(full[i] - stepped[i]));
        }
        Assert.InRange(largest, 1e-9f, 1e-2f);
        float[] x = [0.1f, 0.2f, 0.3f];
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.Step(x, stepped.AsSpan(0, 2))));
    }

    [Fact]
    public void BFloat16GateBlockStepComputesWithTheWeightsRoundedToBFloat16()
    {
        var model = new BFloat16GateBlockModel(seed: 5);
        float[] input = Inputs(6);
        var stepped = new float[BFloat16GateBlockModel.OutputLength];
        model.ResetState();
        for (int t = 0; t < BFloat16GateBlockModel.Steps; t++)
        {
            model.Step(input.AsSpan(t * 3, 3), stepped.AsSpan(t * 2, 2));
        }
        var twin = new FloatGateBlockModel();
        model.Parameters.CopyTo(twin.Parameters);
        var unrounded = new float[FloatGateBlockModel.OutputLength];
        twin.Forward(input, unrounded);
        RoundRecurrentWeightsToBFloat16(twin);
        var expected = new float[FloatGateBlockModel.OutputLength];
        twin.Forward(input, expected);
        AssertClose(expected, stepped, 1e-5f);
        // the rounding is visible: the float weights give other outputs
        float moved = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            moved = Math.Max(moved, Math.Abs(unrounded[i] - stepped[i]));
        }
        Assert.True(moved > 1e-5f, $"Step with bfloat16 weights came within {moved} of the float weights' outputs");

        // the copy follows the parameters: after a change, Step again matches the rounded twin
        model.Parameters[100] += 0.5f;
        twin.Parameters[100] = RoundToBFloat16(model.Parameters[100]); // index 100 is in layer 0's W_ih/W_hh
        model.ResetState();
        for (int t = 0; t < BFloat16GateBlockModel.Steps; t++)
        {
            model.Step(input.AsSpan(t * 3, 3), stepped.AsSpan(t * 2, 2));
        }
        twin.Forward(input, expected);
        AssertClose(expected, stepped, 1e-5f);
        float[] x = [0.1f, 0.2f, 0.3f];
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.Step(x, stepped.AsSpan(0, 2))));
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(3, 37)]
    [InlineData(16, 512)]
    [InlineData(5, 13)]
    [InlineData(2, 48)]
    [InlineData(2, 80)] // a block of 64, then one of 16
    [InlineData(1, 96)] // 64, then 32
    [InlineData(3, 117)] // 64, 32, 16, then 5 rows one at a time
    public void BFloat16ProductEqualsTheFloatProductOfTheRoundedWeights(int columns, int rows)
    {
        var random = new Random(columns * 1000 + rows);
        var weights = new float[columns * rows];
        var x = new float[columns];
        var y = new float[rows];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(random.NextDouble() - 0.5) * (i % 7 == 0 ? 1e-30f : 1f);
        }
        for (int i = 0; i < columns; i++)
        {
            x[i] = (float)(random.NextDouble() - 0.5);
        }
        var copy = new ushort[weights.Length];
        BFloat16Weights.Store(weights, rows, copy);

        // one column at a time with x = e_j: y is exactly that column, rounded
        for (int j = 0; j < columns; j++)
        {
            var unit = new float[columns];
            unit[j] = 1;
            var column = new float[rows];
            Array.Fill(column, -0f);
            BFloat16Weights.AccumulateColumns(copy, rows, unit, column);
            for (int i = 0; i < rows; i++)
            {
                Assert.Equal(RoundToBFloat16(weights[j * rows + i]), column[i]);
            }
        }

        float[] expected = Array.ConvertAll(ReferenceProduct(k => RoundToBFloat16(weights[k]), rows, x, y), v => (float)v);
        BFloat16Weights.AccumulateColumns(copy, rows, x, y);
        AssertClose(expected, y, 1e-5f);
        Assert.Throws<ArgumentException>(() => BFloat16Weights.AccumulateColumns(copy, rows + 1, x, y));
    }

    [Fact]
    public void BFloat16StoreRejectsNonFiniteWeightsAndNeverRoundsToInfinity()
    {
        var copy = new ushort[16];
        var weights = new float[16];
        weights[3] = float.NaN;
        Assert.Throws<InvalidOperationException>(() => BFloat16Weights.Store(weights, 16, copy));
        Assert.All(copy, v => Assert.Equal(0, v));
        weights[3] = float.MaxValue;
        BFloat16Weights.Store(weights, 16, copy);
        var y = new float[16];
        BFloat16Weights.AccumulateColumns(copy, 16, [1f], y);
        Assert.True(float.IsFinite(y[3]) && y[3] > 3e38f, $"float.MaxValue became {y[3]}");
    }
}
