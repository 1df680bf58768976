using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using Xunit;

namespace SeqGen.Tests.Reference;

/// <summary>
/// The two public encoder_decoder vectors (the Seq2Seq class of make_vectors.py: teacher forcing,
/// scaled dot-product attention) in Double (1e-9) and Single (1e-4): outputs, attention weights,
/// loss, every parameter gradient, the input gradient, and the encoder's final state.
/// </summary>
public sealed class EncoderDecoderVectorTests
{
    private static readonly Dictionary<string, (Func<IClassifierModel<double>> Double, Func<IClassifierModel<float>> Single)> s_models = new()
    {
        ["lstm_bidirectional_encoder_decoder_attention"] = (() => new LstmBidirectionalEncoderDecoderD(), () => new LstmBidirectionalEncoderDecoderF()),
        ["gru_encoder_decoder_attention"] = (() => new GruEncoderDecoderD(), () => new GruEncoderDecoderF()),
    };

    public static TheoryData<string> Cases => new(s_models.Keys);

    [Fact]
    public void EveryEncoderDecoderVectorHasAModel()
    {
        string[] files = typeof(ReferenceCase).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Vectors.", StringComparison.Ordinal))
            .Select(n => n["Vectors.".Length..^".json".Length])
            .Where(f => ReferenceCase.Load(f).Topology == "encoder_decoder")
            .Order()
            .ToArray();
        Assert.Equal(files, s_models.Keys.Order().ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorchInDouble(string name) => Check(ReferenceCase.Load(name), s_models[name].Double(), 1e-9);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorchInSingle(string name) => Check(ReferenceCase.Load(name), s_models[name].Single(), 1e-4);

    private static void Check<T>(ReferenceCase c, IClassifierModel<T> model, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(c.Params.Keys, model.ParameterTable.Select(p => p.Name));
        foreach ((string name, double[] data) in c.Params)
        {
            model.SetParameter(name, ReferenceVectorTests.Convert<T>(data));
        }
        T[] x = ReferenceVectorTests.Convert<T>(c.X);

        model.ZeroGradients();
        T loss = model.ComputeGradients(x, c.ClassTargets);
        ReferenceVectorTests.AssertClose("loss", [c.Loss], [loss], tolerance);
        ReferenceVectorTests.AssertClose("outputs", c.Outputs, model.Outputs.ToArray(), tolerance);
        ReferenceVectorTests.AssertClose("attention", c.Attention!, AttentionWeights(model), tolerance);
        foreach ((string name, double[] expected) in c.Grads)
        {
            var actual = new T[expected.Length];
            model.GetGradient(name, actual);
            ReferenceVectorTests.AssertClose("grad " + name, expected, actual, tolerance);
        }
        ReferenceVectorTests.AssertClose("grad_x", c.GradX, model.InputGradient.ToArray(), tolerance);
    }

    private static T[] AttentionWeights<T>(IClassifierModel<T> model) where T : unmanaged, IFloatingPointIeee754<T> => model switch
    {
        LstmBidirectionalEncoderDecoderD m => (T[])(object)m.AttentionWeights.ToArray(),
        LstmBidirectionalEncoderDecoderF m => (T[])(object)m.AttentionWeights.ToArray(),
        GruEncoderDecoderD m => (T[])(object)m.AttentionWeights.ToArray(),
        GruEncoderDecoderF m => (T[])(object)m.AttentionWeights.ToArray(),
        _ => throw new ArgumentException(model.GetType().Name),
    };
}
