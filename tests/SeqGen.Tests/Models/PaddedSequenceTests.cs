using System;
using System.Linq;
using SeqGen;
using Xunit;

namespace SeqGen.Tests.Models;

// The same layers with 8 steps (padded buffers) and with 5 (the unpadded sequence).
[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 8, OutputSize = 2, Precision = Precision.Double)]
[Gru(4, Bidirectional = true)]
[Lstm(3)]
public partial class PaddedClassifierShapeD { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 5, OutputSize = 2, Precision = Precision.Double)]
[Gru(4, Bidirectional = true)]
[Lstm(3)]
public partial class UnpaddedClassifierShapeD { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 8, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(3, Bidirectional = true)]
public partial class PaddedTaggerD { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 5, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double)]
[Lstm(3, Bidirectional = true)]
public partial class UnpaddedTaggerD { }

[SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 8, OutputSize = 3, Loss = LossKind.CrossEntropy)]
[Gru(8)]
public partial class PaddedTaggerF { }

/// <summary>
/// A padded sequence with its real length runs exactly as the unpadded sequence (PyTorch's packed
/// sequences): outputs, loss, every gradient, the final state; padded steps give zero outputs and zero
/// input gradient. ManyToOne inputs are padded at the front, ManyToMany inputs and targets at the back.
/// </summary>
public sealed class PaddedSequenceTests
{
    private const int Real = 5, Padded = 8;

    private static double[] Random(int seed, int n) => Enumerable.Range(0, n).Select(_ => new Random(seed + _).NextDouble() * 2 - 1).ToArray();

    private static void CopyParameters(ISequenceModel<double> from, ISequenceModel<double> to)
    {
        foreach (ParameterInfo p in from.ParameterTable)
        {
            var values = new double[p.Length];
            from.GetParameter(p.Name, values);
            to.SetParameter(p.Name, values);
        }
    }

    private static void AssertGradientsEqual(ISequenceModel<double> expected, ISequenceModel<double> actual)
    {
        foreach (ParameterInfo p in expected.ParameterTable)
        {
            double[] a = new double[p.Length], b = new double[p.Length];
            expected.GetGradient(p.Name, a);
            actual.GetGradient(p.Name, b);
            Assert.Equal(a, b, (x, y) => Math.Abs(x - y) <= 1e-12);
        }
    }

    [Fact]
    public void A_front_padded_many_to_one_sequence_runs_as_the_unpadded_one()
    {
        var padded = new PaddedClassifierShapeD(seed: 1);
        var unpadded = new UnpaddedClassifierShapeD(seed: 2);
        CopyParameters(padded, unpadded);
        double[] real = Random(10, Real * 3);
        double[] buffer = new double[(Padded - Real) * 3].Concat(real).ToArray(); // zeros, then the real steps
        Assert.Equal(Padded * 3, buffer.Length);
        Assert.Equal(real, buffer[((Padded - Real) * 3)..]);
        double[] targets = { 0.3, -0.7 };

        var expected = new double[2];
        var actual = new double[2];
        unpadded.Forward(real, expected);
        padded.Forward(buffer, actual, Real);
        Assert.Equal(expected, actual, (x, y) => Math.Abs(x - y) <= 1e-12);

        unpadded.ZeroGradients();
        padded.ZeroGradients();
        Assert.Equal(unpadded.ComputeGradients(real, targets), padded.ComputeGradients(buffer, targets, Real), 12);
        AssertGradientsEqual(unpadded, padded);
        Assert.Equal(unpadded.FinalHidden.ToArray(), padded.FinalHidden.ToArray(), (x, y) => Math.Abs(x - y) <= 1e-12);
        double[] inputGradient = padded.InputGradient.ToArray();
        Assert.All(inputGradient[..((Padded - Real) * 3)], g => Assert.Equal(0.0, g));
        Assert.Equal(unpadded.InputGradient.ToArray(), inputGradient[((Padded - Real) * 3)..], (x, y) => Math.Abs(x - y) <= 1e-12);

        // feeding the zeros as steps is a different function: the packed run really skips them
        var zerosFed = new double[2];
        padded.Forward(buffer, zerosFed);
        Assert.NotEqual(expected, zerosFed);
    }

    [Fact]
    public void A_back_padded_many_to_many_sequence_runs_as_the_unpadded_one()
    {
        var padded = new PaddedTaggerD(seed: 1);
        var unpadded = new UnpaddedTaggerD(seed: 2);
        CopyParameters(padded, unpadded);
        double[] real = Random(20, Real * 2);
        double[] buffer = real.Concat(new double[(Padded - Real) * 2]).ToArray();
        int[] realTargets = { 2, 0, 1, 1, 2 };
        int[] paddedTargets = realTargets.Concat(new[] { 0, 0, 0 }).ToArray();

        var expected = new double[Real * 3];
        var actual = new double[Padded * 3];
        unpadded.Forward(real, expected);
        padded.Forward(buffer, actual, Real);
        Assert.Equal(expected, actual[..(Real * 3)], (x, y) => Math.Abs(x - y) <= 1e-12);
        Assert.All(actual[(Real * 3)..], y => Assert.Equal(0.0, y));

        unpadded.ZeroGradients();
        padded.ZeroGradients();
        Assert.Equal(unpadded.ComputeGradients(real, realTargets), padded.ComputeGradients(buffer, paddedTargets, Real), 12);
        AssertGradientsEqual(unpadded, padded);
        Assert.Equal(unpadded.InputGradient.ToArray(), padded.InputGradient.ToArray()[..(Real * 2)], (x, y) => Math.Abs(x - y) <= 1e-12);
        Assert.All(padded.InputGradient.ToArray()[(Real * 2)..], g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void A_length_out_of_range_throws_and_changes_nothing()
    {
        var model = new PaddedTaggerD(seed: 1);
        var input = new double[PaddedTaggerD.InputLength];
        var output = new double[PaddedTaggerD.OutputLength];
        model.Forward(input, output, 3);
        double[] outputs = model.Outputs.ToArray();
        double[] parameters = model.Parameters.ToArray();
        foreach (int length in new[] { 0, -1, PaddedTaggerD.Steps + 1 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(input, output, length));
            Assert.Contains("1 to 8 real steps", e.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => model.ComputeGradients(input, new int[PaddedTaggerD.Steps], length));
        }
        Assert.Equal(outputs, model.Outputs.ToArray());
        Assert.Equal(parameters, model.Parameters.ToArray());
    }

    [Fact]
    public void Padded_calls_do_not_allocate()
    {
        var model = new PaddedTaggerF(seed: 1);
        var input = new float[PaddedTaggerF.InputLength];
        input.AsSpan().Fill(0.3f);
        var output = new float[PaddedTaggerF.OutputLength];
        var targets = new int[PaddedTaggerF.OutputSteps];
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.Forward(input, output, 5)));
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.ComputeGradients(input, targets, 6)));
    }
}
