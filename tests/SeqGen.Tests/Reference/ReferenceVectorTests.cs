using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using Xunit;

namespace SeqGen.Tests.Reference;

/// <summary>
/// Every public reference vector whose topology is not encoder_decoder, in Double (1e-9) and in
/// Single (1e-4): outputs, loss, every parameter gradient, the input gradient, final states,
/// initial-state gradients and truncated-BPTT chunk losses. The error of a tensor is
/// max|actual - expected| / max|expected| (relative to the tensor's scale).
/// </summary>
public sealed class ReferenceVectorTests
{
    internal static readonly Dictionary<string, (Func<ISequenceModel<double>> Double, Func<ISequenceModel<float>> Single)> s_models = new()
    {
        ["rnn_tanh_many_to_one"] = (() => new RnnTanhManyToOneD(), () => new RnnTanhManyToOneF()),
        ["rnn_relu_many_to_many"] = (() => new RnnReluManyToManyD(), () => new RnnReluManyToManyF()),
        ["lstm_many_to_one_ce"] = (() => new LstmManyToOneCeD(), () => new LstmManyToOneCeF()),
        ["lstm_stacked2_many_to_many_ce"] = (() => new LstmStacked2ManyToManyCeD(), () => new LstmStacked2ManyToManyCeF()),
        ["lstm_initial_state"] = (() => new LstmInitialStateD(), () => new LstmInitialStateF()),
        ["gru_bidirectional_many_to_one"] = (() => new GruBidirectionalManyToOneD(), () => new GruBidirectionalManyToOneF()),
        ["gru_bidirectional_stacked2_many_to_many"] = (() => new GruBidirectionalStacked2ManyToManyD(), () => new GruBidirectionalStacked2ManyToManyF()),
        ["gru_reset_before_many_to_one"] = (() => new GruResetBeforeManyToOneD(), () => new GruResetBeforeManyToOneF()),
        ["lstm_one_to_many"] = (() => new LstmOneToManyD(), () => new LstmOneToManyF()),
        ["lstm_truncated_bptt"] = (() => new LstmTruncatedBpttD(), () => new LstmTruncatedBpttF()),
        ["lstm_projection_stacked_bidirectional_many_to_many"] = (() => new LstmProjectionStackedBidirectionalD(), () => new LstmProjectionStackedBidirectionalF()),
        ["lstm_projection_many_to_one_ce"] = (() => new LstmProjectionManyToOneCeD(), () => new LstmProjectionManyToOneCeF()),
        ["lstm_causal_self_attention_many_to_many"] = (() => new LstmCausalSelfAttentionD(), () => new LstmCausalSelfAttentionF()),
        ["transformer_block_many_to_one_ce"] = (() => new TransformerBlockManyToOneCeD(), () => new TransformerBlockManyToOneCeF()),
        ["transformer_block_norm_first_causal_pe_many_to_one_ce"] = (() => new TransformerBlockNormFirstD(), () => new TransformerBlockNormFirstF()),
        ["temporal_conv_lstm_many_to_many"] = (() => new SeqGen.Tests.Models.TemporalConvLstmManyToManyD(), () => new SeqGen.Tests.Models.TemporalConvLstmManyToManyF()),
        ["temporal_conv_many_to_one_ce"] = (() => new SeqGen.Tests.Models.TemporalConvManyToOneCeD(), () => new SeqGen.Tests.Models.TemporalConvManyToOneCeF()),
        ["lstm_layernorm_stacked_bidirectional_many_to_many"] = (() => new LstmLayerNormStackedBidirectionalD(), () => new LstmLayerNormStackedBidirectionalF()),
        ["lstm_layernorm_many_to_one_ce"] = (() => new LstmLayerNormManyToOneCeD(), () => new LstmLayerNormManyToOneCeF()),
        ["gru_layernorm_stacked_bidirectional_many_to_one_ce"] = (() => new GruLayerNormStackedBidirectionalManyToOneCeD(), () => new GruLayerNormStackedBidirectionalManyToOneCeF()),
        ["lstm_h16_stacked2_many_to_many"] = (() => new LstmH16Stacked2ManyToManyD(), () => new LstmH16Stacked2ManyToManyF()),
        ["lstm_h40_many_to_one"] = (() => new LstmH40ManyToOneD(), () => new LstmH40ManyToOneF()),
        ["gru_h8_bidirectional_many_to_one_ce"] = (() => new GruH8BidirectionalManyToOneCeD(), () => new GruH8BidirectionalManyToOneCeF()),
        ["gru_h16_stacked2_many_to_many"] = (() => new GruH16Stacked2ManyToManyD(), () => new GruH16Stacked2ManyToManyF()),
    };

    public static TheoryData<string> Cases => new(s_models.Keys);

    [Fact]
    public void EveryNonEncoderDecoderVectorHasAModel()
    {
        string[] files = typeof(ReferenceCase).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Vectors.", StringComparison.Ordinal))
            .Select(n => n["Vectors.".Length..^".json".Length])
            .ToArray();
        Assert.Equal(26, files.Length); // the 12 public vectors, and made here: 2 projection, 3 attention, 2 temporal convolution, 3 layer-norm and 4 wide (fused-kernel) vectors
        string[] expected = files.Where(f => ReferenceCase.Load(f).Topology != "encoder_decoder").Order().ToArray();
        Assert.Equal(expected, s_models.Keys.Order().ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorchInDouble(string name) => Check(ReferenceCase.Load(name), s_models[name].Double(), 1e-9);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorchInSingle(string name) => Check(ReferenceCase.Load(name), s_models[name].Single(), 1e-4);

    private static void Check<T>(ReferenceCase c, ISequenceModel<T> model, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(c.Params.Values.Sum(p => p.Length), model.Parameters.Length);
        foreach ((string name, double[] data) in c.Params)
        {
            model.SetParameter(name, Convert<T>(data));
        }
        if (c.H0 is not null)
        {
            Convert<T>(c.H0).CopyTo(model.InitialHidden);
        }
        if (c.C0 is not null)
        {
            Convert<T>(c.C0).CopyTo(((ICellStateModel<T>)model).InitialCell);
        }
        // A one-to-many model takes only the step-0 row; the vectors' later rows are zero.
        bool oneToMany = c.Topology == "one_to_many";
        T[] x = Convert<T>(oneToMany ? c.X[..c.InputSize] : c.X);
        if (oneToMany)
        {
            Assert.All(c.X[c.InputSize..], v => Assert.Equal(0.0, v));
        }

        var forwardOutput = new T[c.Outputs.Length];
        model.Forward(x, forwardOutput);
        AssertClose("Forward outputs", c.Outputs, forwardOutput, tolerance);

        model.ZeroGradients();
        T loss = c.IsCrossEntropy
            ? ((IClassifierModel<T>)model).ComputeGradients(x, c.ClassTargets)
            : ((IRegressionModel<T>)model).ComputeGradients(x, Convert<T>(c.Targets!));
        AssertClose("loss", [c.Loss], [loss], tolerance);
        AssertClose("outputs", c.Outputs, model.Outputs.ToArray(), tolerance);
        foreach ((string name, double[] expected) in c.Grads)
        {
            var actual = new T[expected.Length];
            model.GetGradient(name, actual);
            AssertClose("grad " + name, expected, actual, tolerance);
        }
        AssertClose("grad_x", oneToMany ? c.GradX[..c.InputSize] : c.GradX, model.InputGradient.ToArray(), tolerance);
        if (c.HN is not null)
        {
            AssertClose("h_n", c.HN, model.FinalHidden.ToArray(), tolerance);
        }
        if (c.CN is not null)
        {
            AssertClose("c_n", c.CN, ((ICellStateModel<T>)model).FinalCell.ToArray(), tolerance);
        }
        if (c.GradH0 is not null)
        {
            AssertClose("grad_h0", c.GradH0, model.InitialHiddenGradient.ToArray(), tolerance);
        }
        if (c.GradC0 is not null)
        {
            AssertClose("grad_c0", c.GradC0, ((ICellStateModel<T>)model).InitialCellGradient.ToArray(), tolerance);
        }
        if (c.ChunkLosses is not null)
        {
            AssertClose("chunk_losses", c.ChunkLosses, model.ChunkLosses.ToArray(), tolerance);
        }
    }

    internal static T[] Convert<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T> =>
        values.Select(T.CreateChecked).ToArray();

    internal static void AssertClose<T>(string what, double[] expected, T[] actual, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}");
        double scale = Math.Max(expected.Max(Math.Abs), 1e-300);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(double.CreateChecked(actual[i]) - expected[i]) / scale;
            if (!(error <= worst))
            {
                worst = error;
                at = i;
            }
        }
        Assert.True(worst <= tolerance,
            $"{what}: relative error {worst:E2} at [{at}] (expected {expected[Math.Max(at, 0)]:R}, got {actual[Math.Max(at, 0)]}) exceeds {tolerance:E0}\nexpected {string.Join(" ", expected.Select(v => v.ToString("F5")))}\nactual   {string.Join(" ", actual.Select(v => double.CreateChecked(v).ToString("F5")))}");
    }
}
