using System;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>A bad call throws a message that names what was wrong and leaves the model as it was.</summary>
public sealed class BadInputTests
{
    private static (float[] Parameters, float[] Gradients, float[] Outputs, float[] Final) Snapshot(ISequenceModel<float> m) =>
        (m.Parameters.ToArray(), m.Gradients.ToArray(), m.Outputs.ToArray(), m.FinalHidden.ToArray());

    private static void AssertUnchanged(ISequenceModel<float> model, (float[] Parameters, float[] Gradients, float[] Outputs, float[] Final) before)
    {
        Assert.Equal(before.Parameters, model.Parameters.ToArray());
        Assert.Equal(before.Gradients, model.Gradients.ToArray());
        Assert.Equal(before.Outputs, model.Outputs.ToArray());
        Assert.Equal(before.Final, model.FinalHidden.ToArray());
    }

    /// <summary>A model that has run once, so that its outputs, gradients and state are not all zero.</summary>
    private static StreamingMixed TrainedOnce()
    {
        var model = new StreamingMixed(seed: 2);
        var input = new float[StreamingMixed.InputLength];
        input.AsSpan().Fill(0.3f);
        model.ComputeGradients(input, new float[StreamingMixed.OutputLength]);
        return model;
    }

    [Fact]
    public void WrongInputLengthNamesArgumentAndLengths()
    {
        StreamingMixed model = TrainedOnce();
        var before = Snapshot(model);
        var ex = Assert.Throws<ArgumentException>(() => model.Forward(new float[5], new float[StreamingMixed.OutputLength]));
        Assert.Equal("input", ex.ParamName);
        Assert.Contains("input has length 5, but this model expects 36 ([Steps][InputSize])", ex.Message);
        AssertUnchanged(model, before);
    }

    [Fact]
    public void WrongOutputAndTargetLengthsAreRejected()
    {
        StreamingMixed model = TrainedOnce();
        var before = Snapshot(model);
        var input = new float[StreamingMixed.InputLength];
        var output = Assert.Throws<ArgumentException>(() => model.Forward(input, new float[3]));
        Assert.Equal("output", output.ParamName);
        Assert.Contains("output has length 3, but this model expects 24", output.Message);
        var targets = Assert.Throws<ArgumentException>(() => model.ComputeGradients(input, new float[23]));
        Assert.Equal("targets", targets.ParamName);
        Assert.Contains("targets has length 23, but this model expects 24", targets.Message);
        var step = Assert.Throws<ArgumentException>(() => model.Step(new float[4], new float[2]));
        Assert.Contains("x has length 4, but this model expects 3", step.Message);
        AssertUnchanged(model, before);
    }

    [Fact]
    public void ClassIdOutOfRangeIsRejected()
    {
        var model = new SentimentLike(seed: 1);
        var input = new float[SentimentLike.InputLength];
        model.ComputeGradients(input, new[] { 1 });
        float[] gradients = model.Gradients.ToArray();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => model.ComputeGradients(input, new[] { 4 }));
        Assert.Equal("targets", ex.ParamName);
        Assert.Contains("targets[0] is 4, but class ids must be in [0, 3]", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.ComputeGradients(input, new[] { -1 }));
        Assert.Equal(gradients, model.Gradients.ToArray());
    }

    [Fact]
    public void UnknownParameterNameListsValidNames()
    {
        var model = new SentimentLike(seed: 1);
        float[] parameters = model.Parameters.ToArray();
        var ex = Assert.Throws<ArgumentException>(() => model.SetParameter("rnn.weight_ih_l9", new float[3]));
        Assert.Contains("no parameter named 'rnn.weight_ih_l9'", ex.Message);
        Assert.Contains("rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0, rnn.weight_ih_l0_reverse", ex.Message);
        Assert.Contains("rnn.bias_hh_l2, head.weight, head.bias", ex.Message);
        Assert.Throws<ArgumentException>(() => model.GetGradient("head", new float[1]));
        Assert.Equal(parameters, model.Parameters.ToArray());
    }

    [Fact]
    public void WrongParameterShapeNamesTheTensor()
    {
        var model = new SentimentLike(seed: 1);
        float[] parameters = model.Parameters.ToArray();
        var ex = Assert.Throws<ArgumentException>(() => model.SetParameter("rnn.weight_hh_l1_reverse", new float[10]));
        Assert.Contains("values has length 10, but this model expects 1024 (rnn.weight_hh_l1_reverse [64, 16])", ex.Message);
        Assert.Equal(parameters, model.Parameters.ToArray());
    }

    [Fact]
    public void NaNIsRejectedOnlyWhenValidationIsOn()
    {
        StreamingMixed model = TrainedOnce();
        var input = new float[StreamingMixed.InputLength];
        input[7] = float.NaN;
        var output = new float[StreamingMixed.OutputLength];
        model.Forward(input, output); // validation off: NaN propagates, as in PyTorch
        Assert.True(float.IsNaN(output[^1]));

        model = TrainedOnce();
        model.ValidateInputs = true;
        var before = Snapshot(model);
        var ex = Assert.Throws<ArgumentException>(() => model.ComputeGradients(input, new float[StreamingMixed.OutputLength]));
        Assert.Contains("input[7] is NaN, but inputs must be finite", ex.Message);
        var targets = new float[StreamingMixed.OutputLength];
        targets[0] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => model.ComputeGradients(new float[StreamingMixed.InputLength], targets));
        Assert.Throws<ArgumentException>(() => model.Step(new[] { 0f, float.NaN, 0f }, new float[2]));
        AssertUnchanged(model, before);
    }
}
