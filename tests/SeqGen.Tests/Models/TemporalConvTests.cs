using System;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace SeqGen.Tests.Models;

/// <summary>
/// [TemporalConv] layers beyond the reference vectors and finite differences: streaming Step
/// against Forward (ring buffers, ResetState), padded sequences, the parameter table, PyTorch's
/// Conv1d initialization bounds, weights files, allocation, and a task that needs 15 steps of memory.
/// </summary>
public sealed class TemporalConvTests
{
    private readonly ITestOutputHelper _output;

    public TemporalConvTests(ITestOutputHelper output) => _output = output;

    private static double[] Random(int seed, int length, double scale = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 2 - 1) * scale).ToArray();
    }

    [Fact]
    public void StepMatchesForwardForAStackMixingConvolutionAndLstmAndResetStateRestarts()
    {
        var model = new StreamLstmConvLstm(seed: 4);
        double[] input = Random(1, StreamLstmConvLstm.InputLength);
        Random(2, model.InitialHidden.Length, 0.5).CopyTo(model.InitialHidden);
        Random(3, model.InitialCell.Length, 0.5).CopyTo(model.InitialCell);
        var whole = new double[StreamLstmConvLstm.OutputLength];
        model.Forward(input, whole);
        for (int pass = 0; pass < 2; pass++)
        {
            model.ResetState();
            var stepped = new double[StreamLstmConvLstm.OutputLength];
            for (int t = 0; t < StreamLstmConvLstm.Steps; t++)
            {
                model.Step(input.AsSpan(t * 2, 2), stepped.AsSpan(t * 2, 2));
            }
            for (int i = 0; i < whole.Length; i++)
            {
                Assert.Equal(whole[i], stepped[i], 1e-12);
            }
        }
    }

    [Fact]
    public void StepKeepsMatchingPastTheRingBuffersWrapInSingle()
    {
        // receptive field 1 + 1 + 2 + 4 = 8 steps: from step 9 on, the output at stream step t is the last
        // output of Forward over the 10 inputs ending at t, however long the stream has run
        var model = new StreamConvOnly(seed: 6);
        float[] stream = Random(7, 40 * StreamConvOnly.InputSize).Select(v => (float)v).ToArray();
        model.ResetState();
        var stepped = new float[40 * StreamConvOnly.OutputSize];
        for (int t = 0; t < 40; t++)
        {
            model.Step(stream.AsSpan(t * 2, 2), stepped.AsSpan(t * 2, 2));
        }
        var window = new float[StreamConvOnly.OutputLength];
        // the first 10 stream steps are Forward over the first 10 inputs (zeros before step 0 in both)
        model.Forward(stream.AsSpan(0, StreamConvOnly.InputLength), window);
        for (int i = 0; i < window.Length; i++)
        {
            Assert.Equal(window[i], stepped[i], 1e-5f);
        }
        for (int t = 9; t < 40; t++)
        {
            model.Forward(stream.AsSpan((t - 9) * 2, StreamConvOnly.InputLength), window);
            for (int o = 0; o < 2; o++)
            {
                Assert.Equal(window[9 * 2 + o], stepped[t * 2 + o], 1e-5f);
            }
        }
    }

    [Fact]
    public void PaddedManyToOneRunsExactlyAsTheShorterSequence()
    {
        var longModel = new PaddedConvLong(seed: 8);
        var shortModel = new PaddedConvShort(seed: 9);
        longModel.Parameters.CopyTo(shortModel.Parameters);
        double[] real = Random(10, PaddedConvShort.InputLength);
        var padded = new double[PaddedConvLong.InputLength];
        Random(11, 3 * 2).CopyTo(padded, 0); // garbage in the padding must not matter
        real.CopyTo(padded, 3 * 2);
        double[] target = [0.3, -0.7];

        var expected = new double[2];
        shortModel.Forward(real, expected);
        var actual = new double[2];
        longModel.Forward(padded, actual, 5);
        Assert.Equal(expected[0], actual[0], 1e-13);
        Assert.Equal(expected[1], actual[1], 1e-13);

        shortModel.ZeroGradients();
        longModel.ZeroGradients();
        double shortLoss = shortModel.ComputeGradients(real, target);
        double longLoss = longModel.ComputeGradients(padded, target, 5);
        Assert.Equal(shortLoss, longLoss, 1e-13);
        for (int i = 0; i < shortModel.Gradients.Length; i++)
        {
            Assert.Equal(shortModel.Gradients[i], longModel.Gradients[i], 1e-12);
        }
        Assert.All(longModel.InputGradient[..6].ToArray(), g => Assert.Equal(0.0, g));
        for (int i = 0; i < real.Length; i++)
        {
            Assert.Equal(shortModel.InputGradient[i], longModel.InputGradient[6 + i], 1e-12);
        }
    }

    [Fact]
    public void PaddedManyToManyRunsExactlyAsTheShorterSequence()
    {
        var longModel = new PaddedConvManyToManyLong(seed: 12);
        var shortModel = new PaddedConvManyToManyShort(seed: 13);
        longModel.Parameters.CopyTo(shortModel.Parameters);
        double[] real = Random(14, PaddedConvManyToManyShort.InputLength);
        var padded = new double[PaddedConvManyToManyLong.InputLength];
        real.CopyTo(padded, 0);
        Random(15, 3 * 2).CopyTo(padded, 10);
        double[] targets = Random(16, PaddedConvManyToManyLong.OutputLength);

        shortModel.ZeroGradients();
        longModel.ZeroGradients();
        double shortLoss = shortModel.ComputeGradients(real, targets.AsSpan(0, 10));
        double longLoss = longModel.ComputeGradients(padded, targets, 5);
        Assert.Equal(shortLoss, longLoss, 1e-13);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(shortModel.Outputs[i], longModel.Outputs[i], 1e-13);
        }
        Assert.All(longModel.Outputs[10..].ToArray(), y => Assert.Equal(0.0, y));
        for (int i = 0; i < shortModel.Gradients.Length; i++)
        {
            Assert.Equal(shortModel.Gradients[i], longModel.Gradients[i], 1e-12);
        }
    }

    [Fact]
    public void ParameterTableHasPyTorchConv1dNamesAndShapes()
    {
        string[] table = TemporalConvLstmManyToManyD.ParameterTable.Select(p => p.ToString()).ToArray();
        Assert.Equal(new[]
        {
            "conv_l0.input.weight [3, 2, 1]", "conv_l0.input.bias [3]",
            "conv_l0.blocks.0.dilated.weight [6, 3, 2]", "conv_l0.blocks.0.dilated.bias [6]",
            "conv_l0.blocks.0.residual.weight [3, 3, 1]", "conv_l0.blocks.0.residual.bias [3]",
            "conv_l0.blocks.1.dilated.weight [6, 3, 2]", "conv_l0.blocks.1.dilated.bias [6]",
            "conv_l0.blocks.1.residual.weight [3, 3, 1]", "conv_l0.blocks.1.residual.bias [3]",
            "rnn.weight_ih_l1 [16, 3]", "rnn.weight_hh_l1 [16, 4]", "rnn.bias_ih_l1 [16]", "rnn.bias_hh_l1 [16]",
            "head.weight [2, 4]", "head.bias [2]",
        }, table);
        // 3*2 + 3 + 2 * (6*3*2 + 6 + 3*3 + 3), then the LSTM's 16*(3+4+2)
        Assert.Equal(new[] { 9 + 2 * 54, 144 }, TemporalConvLstmManyToManyD.LayerParameterCounts.ToArray());
        Assert.Equal(0, TemporalConvManyToOneCeD.StateLength);
        Assert.Equal(0, new TemporalConvManyToOneCeD().InitialHidden.Length);
    }

    [Fact]
    public void InitializationDrawsEachConv1dFromItsFanInBoundAndDependsOnlyOnTheSeed()
    {
        var model = new ConvDelayLine(seed: 1);
        // fan_in = in_channels * kernel: input 1*1, dilated 16*2, residual 16*1
        foreach (ParameterInfo p in ConvDelayLine.ParameterTable.Where(p => p.Name.StartsWith("conv_l0.", StringComparison.Ordinal)))
        {
            double bound = p.Name.Contains(".input.", StringComparison.Ordinal) ? 1.0 : p.Name.Contains(".dilated.", StringComparison.Ordinal) ? 1 / Math.Sqrt(32) : 1 / Math.Sqrt(16);
            var values = new float[p.Length];
            model.GetParameter(p.Name, values);
            Assert.All(values, v => Assert.InRange(Math.Abs(v), 0, bound));
            if (p.Length >= 64)
            {
                Assert.True(values.Max(Math.Abs) > 0.8 * bound, $"{p.Name}: largest |w| {values.Max(Math.Abs)} is far below the bound {bound}");
            }
        }
        Assert.Equal(new ConvDelayLine(seed: 1).Parameters.ToArray(), model.Parameters.ToArray());
        Assert.NotEqual(new ConvDelayLine(seed: 2).Parameters.ToArray(), model.Parameters.ToArray());
    }

    [Fact]
    public void WeightsFilesRoundTripThreeDimensionalTensors()
    {
        var model = new TemporalConvLstmManyToManyD(seed: 3);
        using var stream = new MemoryStream();
        model.SaveWeights(stream);
        stream.Position = 0;
        var loaded = new TemporalConvLstmManyToManyD(seed: 4);
        Assert.NotEqual(model.Parameters.ToArray(), loaded.Parameters.ToArray());
        loaded.LoadWeights(stream);
        Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());

        // PyTorch layout: element [o, i, m] of a [2C, C, k] weight is at (o * C + i) * k + m
        double[] values = Enumerable.Range(0, 36).Select(i => (double)i).ToArray();
        model.SetParameter("conv_l0.blocks.1.dilated.weight", values);
        var back = new double[36];
        model.GetParameter("conv_l0.blocks.1.dilated.weight", back);
        Assert.Equal(values, back);
        Assert.ThrowsAny<ArgumentException>(() => model.SetParameter("conv_l0.blocks.1.dilated.weight", new double[35]));
    }

    [Fact]
    public void ForwardComputeGradientsAndStepDoNotAllocate()
    {
        var model = new StreamLstmConvLstm(seed: 1);
        double[] input = Random(1, StreamLstmConvLstm.InputLength);
        double[] targets = Random(2, StreamLstmConvLstm.OutputLength);
        var output = new double[StreamLstmConvLstm.OutputLength];
        var y = new double[2];
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.Forward(input, output)));
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.ComputeGradients(input, targets)));
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.Step(input.AsSpan(0, 2), y)));
        var single = new TemporalConvManyToOneCeF(seed: 1);
        float[] x = Random(3, TemporalConvManyToOneCeF.InputLength).Select(v => (float)v).ToArray();
        int[] target = [1];
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => single.ComputeGradients(x, target)));
    }

    /// <summary>
    /// y_t = x_{t-15} (zero before the sequence start): the receptive field of kernel 2 and dilations
    /// 1, 2, 4, 8 is exactly 16 steps, so only the convolution can bridge the delay.
    /// </summary>
    [Fact]
    public void LearnsToRecallTheInputFifteenStepsBack()
    {
        const int Delay = 15;
        var model = new ConvDelayLine(seed: 3);
        var adam = new Adam<float>(ConvDelayLine.ParameterCount, learningRate: 1e-2);
        var random = new Random(5);
        var input = new float[ConvDelayLine.InputLength];
        var targets = new float[ConvDelayLine.OutputLength];
        void Sample()
        {
            for (int t = 0; t < ConvDelayLine.Steps; t++)
            {
                input[t] = random.Next(2) == 0 ? -1f : 1f;
            }
            for (int t = 0; t < ConvDelayLine.Steps; t++)
            {
                targets[t] = t >= Delay ? input[t - Delay] : 0f;
            }
        }
        // minibatches of 16 sequences (gradients add up), 1000 Adam steps
        for (int iteration = 0; iteration < 1000; iteration++)
        {
            model.ZeroGradients();
            for (int b = 0; b < 16; b++)
            {
                Sample();
                model.ComputeGradients(input, targets);
            }
            adam.Step(model.Parameters, model.Gradients);
        }
        int correct = 0, total = 0;
        var output = new float[ConvDelayLine.OutputLength];
        for (int sequence = 0; sequence < 200; sequence++)
        {
            Sample();
            model.Forward(input, output);
            for (int t = Delay; t < ConvDelayLine.Steps; t++)
            {
                correct += Math.Sign(output[t]) == Math.Sign(targets[t]) ? 1 : 0;
                total++;
            }
        }
        double accuracy = (double)correct / total;
        _output.WriteLine($"sign accuracy of x[t-15] over {total} steps: {accuracy:P2}");
        Assert.True(accuracy >= 0.98, $"accuracy {accuracy:P2}");
    }
}
