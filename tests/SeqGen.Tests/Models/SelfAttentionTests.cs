using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>
/// [SelfAttention] and [TransformerBlock] layers: backpropagation against central finite differences
/// in Double for every parameter, input element and initial state of several stacks (causal and not,
/// post- and pre-norm, with and without positional encoding, mixed with LSTM and GRU layers); the
/// padded-length API against the unpadded sequence; causality; PyTorch's initialization; no
/// streaming API; no allocation per call.
/// </summary>
public sealed class SelfAttentionTests
{
    private const double Epsilon = 1e-5;

    private static readonly Dictionary<string, Func<ISequenceModel<double>>> s_models = new()
    {
        ["FdLstmCausalSelfAttention"] = () => new FdLstmCausalSelfAttention(seed: 7),
        ["FdSelfAttentionUnderGru"] = () => new FdSelfAttentionUnderGru(seed: 7),
        ["FdBlockPostNorm"] = () => new FdBlockPostNorm(seed: 7),
        ["FdGruBlockPreNormCausal"] = () => new FdGruBlockPreNormCausal(seed: 7),
        ["FdMixedStack"] = () => new FdMixedStack(seed: 7),
        ["FdTwoBlocks"] = () => new FdTwoBlocks(seed: 7),
    };

    public static TheoryData<string> Models => new(s_models.Keys);

    [Theory]
    [MemberData(nameof(Models))]
    public void GradientsMatchFiniteDifferences(string name)
    {
        ISequenceModel<double> model = s_models[name]();
        var random = new Random(name.Length * 31 + 5);
        // PyTorch's initial biases and norm parameters are 0 and 1; random values exercise every term
        Fill(random, model.Parameters.Length, 0.6).CopyTo(model.Parameters);
        double[] input = Fill(random, model.InputGradient.Length, 1.0);
        Fill(random, model.InitialHidden.Length, 0.5).CopyTo(model.InitialHidden);
        if (model is ICellStateModel<double> cellModel)
        {
            Fill(random, cellModel.InitialCell.Length, 0.5).CopyTo(cellModel.InitialCell);
        }
        Func<double> loss = LossFunction(model, input, random);

        model.ZeroGradients();
        loss();
        double[] parameterGradient = model.Gradients.ToArray();
        double[] inputGradient = model.InputGradient.ToArray();
        double[] hiddenGradient = model.InitialHiddenGradient.ToArray();

        Compare("parameter", parameterGradient, model.Parameters.Length, i => Perturb(() => model.Parameters, i, loss));
        Compare("input", inputGradient, input.Length, i => Perturb(() => input, i, loss));
        int stateLength = (int)model.GetType().GetField("StateLength")!.GetRawConstantValue()!;
        if (stateLength > 0)
        {
            Compare("initial hidden", hiddenGradient, hiddenGradient.Length, i => Perturb(() => model.InitialHidden, i, loss));
        }
        if (model is ICellStateModel<double> lstm)
        {
            double[] cellGradient = lstm.InitialCellGradient.ToArray();
            Compare("initial cell", cellGradient, cellGradient.Length, i => Perturb(() => lstm.InitialCell, i, loss));
        }
    }

    [Fact]
    public void A_padded_sequence_runs_exactly_as_the_unpadded_one()
    {
        var random = new Random(3);
        // ManyToMany: padded at the back; the targets of padded steps are ignored
        var padded = new PaddedBlockTagger8(seed: 4);
        var unpadded = new PaddedBlockTagger5(seed: 4);
        Assert.Equal(unpadded.Parameters.ToArray(), padded.Parameters.ToArray());
        double[] real = Fill(random, 5 * 2, 1.0);
        double[] buffer = real.Concat(Fill(random, 3 * 2, 1.0)).ToArray();
        double[] targets = Fill(random, 8 * 2, 1.0);
        var expected = new double[5 * 2];
        unpadded.Forward(real, expected);
        var actual = new double[8 * 2];
        padded.Forward(buffer, actual, 5);
        Assert.Equal(expected, actual[..10], (x, y) => Math.Abs(x - y) <= 1e-12);
        Assert.All(actual[10..], v => Assert.Equal(0.0, v));
        double expectedLoss = unpadded.ComputeGradients(real, targets[..10]);
        double actualLoss = padded.ComputeGradients(buffer, targets, 5);
        Assert.Equal(expectedLoss, actualLoss, 1e-12);
        Assert.Equal(unpadded.Gradients.ToArray(), padded.Gradients.ToArray(), (x, y) => Math.Abs(x - y) <= 1e-12);
        Assert.Equal(unpadded.InputGradient.ToArray(), padded.InputGradient.ToArray()[..10], (x, y) => Math.Abs(x - y) <= 1e-12);
        Assert.All(padded.InputGradient.ToArray()[10..], v => Assert.Equal(0.0, v));

        // ManyToOne: padded at the front; positions count from the first real step
        var classifier = new PaddedAttentionClassifier8(seed: 4);
        var shortClassifier = new PaddedAttentionClassifier5(seed: 4);
        double[] realSteps = Fill(random, 5 * 4, 1.0);
        double[] front = Fill(random, 3 * 4, 1.0).Concat(realSteps).ToArray();
        var expectedLogits = new double[3];
        shortClassifier.Forward(realSteps, expectedLogits);
        var logits = new double[3];
        classifier.Forward(front, logits, 5);
        Assert.Equal(expectedLogits, logits, (x, y) => Math.Abs(x - y) <= 1e-12);
        Assert.Equal(shortClassifier.ComputeGradients(realSteps, new[] { 2 }), classifier.ComputeGradients(front, new[] { 2 }, 5), 1e-12);
        Assert.Equal(shortClassifier.Gradients.ToArray(), classifier.Gradients.ToArray(), (x, y) => Math.Abs(x - y) <= 1e-12);
    }

    [Fact]
    public void A_causal_stack_does_not_look_ahead_and_a_non_causal_one_does()
    {
        var model = new CausalStack(seed: 2);
        var random = new Random(5);
        double[] input = Fill(random, CausalStack.InputLength, 1.0);
        var before = new double[CausalStack.OutputLength];
        model.Forward(input, before);
        input[^1] += 0.5; // change the last step only
        var after = new double[CausalStack.OutputLength];
        model.Forward(input, after);
        int lastStep = (CausalStack.Steps - 1) * CausalStack.OutputSize;
        Assert.Equal(before[..lastStep], after[..lastStep]);
        Assert.NotEqual(before[lastStep..], after[lastStep..]);

        // the non-causal block of FdBlockPostNorm mixes every step into the last one's output and back
        var open = new FdBlockPostNorm(seed: 2);
        double[] x = Fill(random, FdBlockPostNorm.InputLength, 1.0);
        var first = new double[FdBlockPostNorm.OutputLength];
        open.Forward(x, first);
        x[^1] += 0.5;
        var second = new double[FdBlockPostNorm.OutputLength];
        open.Forward(x, second);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Parameters_are_initialized_as_PyTorch_does()
    {
        var model = new FdTwoBlocks(seed: 11);
        var values = new Dictionary<string, double[]>();
        foreach (ParameterInfo info in FdTwoBlocks.ParameterTable)
        {
            var data = new double[info.Length];
            model.GetParameter(info.Name, data);
            values[info.Name] = data;
        }
        // E = 4: xavier_uniform on in_proj [12, 4] (bound sqrt(6 / 16)), out_proj U(-1/2, 1/2), zero biases
        foreach (string layer in new[] { "layers.0.", "layers.1." })
        {
            AssertUniform(values[layer + "self_attn.in_proj_weight"], Math.Sqrt(6.0 / 16));
            Assert.All(values[layer + "self_attn.in_proj_bias"], v => Assert.Equal(0.0, v));
            AssertUniform(values[layer + "self_attn.out_proj.weight"], 0.5);
            Assert.All(values[layer + "self_attn.out_proj.bias"], v => Assert.Equal(0.0, v));
            AssertUniform(values[layer + "linear1.weight"], 0.5);
            AssertUniform(values[layer + "linear1.bias"], 0.5);
            Assert.All(values[layer + "norm1.weight"].Concat(values[layer + "norm2.weight"]), v => Assert.Equal(1.0, v));
            Assert.All(values[layer + "norm1.bias"].Concat(values[layer + "norm2.bias"]), v => Assert.Equal(0.0, v));
        }
        // linear2 reads FeedForward features: U(-1/sqrt(4), +) for layer 0, U(-1/sqrt(3), +) for layer 1
        AssertUniform(values["layers.0.linear2.weight"], 0.5);
        AssertUniform(values["layers.1.linear2.weight"], 1 / Math.Sqrt(3));
        // the same seed gives the same weights; InitializeParameters draws them again after changes
        Assert.Equal(model.Parameters.ToArray(), new FdTwoBlocks(seed: 11).Parameters.ToArray());
        model.Parameters.Fill(3);
        model.InitializeParameters(11);
        Assert.Equal(new FdTwoBlocks(seed: 11).Parameters.ToArray(), model.Parameters.ToArray());
    }

    [Fact]
    public void Attention_models_have_no_streaming_step()
    {
        // attention reads the whole sequence at once: no IStreamingModel, no Step method
        Assert.False(typeof(IStreamingModel<double>).IsAssignableFrom(typeof(FdLstmCausalSelfAttention)));
        Assert.False(typeof(IStreamingModel<float>).IsAssignableFrom(typeof(AttentionAllocationModel)));
        Assert.Null(typeof(CausalStack).GetMethod("Step"));
    }

    [Fact]
    public void A_stack_of_attention_layers_alone_has_empty_state_spans()
    {
        var model = new FdTwoBlocks(seed: 1);
        Assert.Equal(0, FdTwoBlocks.StateLength);
        Assert.Equal(0, model.InitialHidden.Length);
        Assert.Equal(0, model.FinalHidden.Length);
        Assert.Equal(0, model.InitialHiddenGradient.Length);
        // a stack with an LSTM keeps the LSTM's state only
        Assert.Equal(4, new FdLstmCausalSelfAttention(seed: 1).InitialHidden.Length);
    }

    [Fact]
    public void Weights_round_trip_through_safetensors_by_PyTorch_name()
    {
        var source = new FdMixedStack(seed: 5);
        using var stream = new System.IO.MemoryStream();
        source.SaveWeights(stream);
        stream.Position = 0;
        var target = new FdMixedStack(seed: 6);
        Assert.NotEqual(source.Parameters.ToArray(), target.Parameters.ToArray());
        target.LoadWeights(stream);
        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
        // the Keras and ONNX layouts describe recurrent layers only: a clear refusal, nothing changed
        stream.Position = 0;
        var other = new FdMixedStack(seed: 6);
        double[] before = other.Parameters.ToArray();
        Assert.Throws<NotSupportedException>(() => other.LoadWeights(stream, WeightLayout.Keras));
        Assert.Equal(before, other.Parameters.ToArray());
    }

    [Fact]
    public void Forward_and_ComputeGradients_do_not_allocate()
    {
        var model = new AttentionAllocationModel(seed: 1);
        var input = new float[AttentionAllocationModel.InputLength];
        var output = new float[AttentionAllocationModel.OutputLength];
        int[] targets = Enumerable.Range(0, AttentionAllocationModel.OutputSteps).Select(t => t % 3).ToArray();
        input.AsSpan().Fill(0.25f);
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.Forward(input, output)));
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.ComputeGradients(input, targets)));
        Assert.Equal(0, AllocationMeter.BytesOver1000Calls(() => model.Forward(input, output, 7)));
    }

    [Fact]
    public void Bad_input_throws_and_leaves_the_model_untouched()
    {
        var model = new FdBlockPostNorm(seed: 3) { ValidateInputs = true };
        double[] parameters = model.Parameters.ToArray();
        var input = new double[FdBlockPostNorm.InputLength];
        input[3] = double.NaN;
        Assert.Throws<ArgumentException>(() => model.ComputeGradients(input, new[] { 1 }));
        Assert.Throws<ArgumentException>(() => model.ComputeGradients(new double[3], new[] { 1 }));
        Assert.ThrowsAny<ArgumentException>(() => model.ComputeGradients(new double[FdBlockPostNorm.InputLength], new[] { 5 }));
        Assert.Equal(parameters, model.Parameters.ToArray());
        Assert.All(model.Gradients.ToArray(), g => Assert.Equal(0.0, g));
    }

    private static void AssertUniform(double[] values, double bound)
    {
        Assert.All(values, v => Assert.InRange(Math.Abs(v), 0, bound));
        // drawn, not constant, and spread over most of the range
        Assert.True(values.Max() - values.Min() > bound * (values.Length >= 12 ? 1.0 : 0.2), $"values do not spread over U(-{bound}, {bound})");
    }

    private static Func<double> LossFunction(ISequenceModel<double> model, double[] input, Random random)
    {
        if (model is IClassifierModel<double> classifier)
        {
            int steps = (int)model.GetType().GetField("OutputSteps")!.GetRawConstantValue()!;
            int classes = model.Outputs.Length / steps;
            int[] ids = Enumerable.Range(0, steps).Select(_ => random.Next(classes)).ToArray();
            return () => classifier.ComputeGradients(input, ids);
        }
        double[] targets = Fill(random, model.Outputs.Length, 1.0);
        var regression = (IRegressionModel<double>)model;
        return () => regression.ComputeGradients(input, targets);
    }

    private delegate Span<double> SpanSource();

    private static double Perturb(SpanSource values, int index, Func<double> loss)
    {
        double original = values()[index];
        values()[index] = original + Epsilon;
        double plus = loss();
        values()[index] = original - Epsilon;
        double minus = loss();
        values()[index] = original;
        return (plus - minus) / (2 * Epsilon);
    }

    private static void Compare(string what, double[] analytic, int count, Func<int, double> numeric)
    {
        Assert.Equal(count, analytic.Length);
        Assert.True(count > 0, $"no {what} gradients to check");
        for (int i = 0; i < count; i++)
        {
            double expected = numeric(i);
            double error = Math.Abs(analytic[i] - expected);
            Assert.True(error <= 1e-6 * Math.Max(1, Math.Abs(expected)),
                $"{what} gradient [{i}]: backprop {analytic[i]:R}, finite difference {expected:R}, error {error:E2}");
        }
    }

    private static double[] Fill(Random random, int length, double scale) =>
        Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 2 - 1) * scale).ToArray();
}
