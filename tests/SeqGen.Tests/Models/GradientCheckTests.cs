using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>
/// Backpropagation through time checked against central finite differences in Double, for every
/// parameter, every input element and every initial-state element (hidden and, for LSTM layers,
/// cell), over every cell, stacking, direction and topology combination.
/// </summary>
public sealed class GradientCheckTests
{
    private const double Epsilon = 1e-5;

    private static readonly Dictionary<string, Func<ISequenceModel<double>>> s_models = new()
    {
        ["FdRnnTanhManyToOne"] = () => new FdRnnTanhManyToOne(seed: 7),
        ["FdRnnTanhManyToMany"] = () => new FdRnnTanhManyToMany(seed: 7),
        ["FdRnnTanhOneToMany"] = () => new FdRnnTanhOneToMany(seed: 7),
        ["FdRnnTanhStackedManyToOne"] = () => new FdRnnTanhStackedManyToOne(seed: 7),
        ["FdRnnTanhStackedManyToMany"] = () => new FdRnnTanhStackedManyToMany(seed: 7),
        ["FdRnnTanhStackedOneToMany"] = () => new FdRnnTanhStackedOneToMany(seed: 7),
        ["FdRnnTanhBidirectionalManyToOne"] = () => new FdRnnTanhBidirectionalManyToOne(seed: 7),
        ["FdRnnTanhBidirectionalManyToMany"] = () => new FdRnnTanhBidirectionalManyToMany(seed: 7),
        ["FdRnnTanhBidirectionalOneToMany"] = () => new FdRnnTanhBidirectionalOneToMany(seed: 7),
        ["FdRnnTanhStackedBidirectionalManyToOne"] = () => new FdRnnTanhStackedBidirectionalManyToOne(seed: 7),
        ["FdRnnTanhStackedBidirectionalManyToMany"] = () => new FdRnnTanhStackedBidirectionalManyToMany(seed: 7),
        ["FdRnnTanhStackedBidirectionalOneToMany"] = () => new FdRnnTanhStackedBidirectionalOneToMany(seed: 7),
        ["FdRnnReluManyToOne"] = () => new FdRnnReluManyToOne(seed: 7),
        ["FdRnnReluManyToMany"] = () => new FdRnnReluManyToMany(seed: 7),
        ["FdRnnReluOneToMany"] = () => new FdRnnReluOneToMany(seed: 7),
        ["FdRnnReluStackedManyToOne"] = () => new FdRnnReluStackedManyToOne(seed: 7),
        ["FdRnnReluStackedManyToMany"] = () => new FdRnnReluStackedManyToMany(seed: 7),
        ["FdRnnReluStackedOneToMany"] = () => new FdRnnReluStackedOneToMany(seed: 7),
        ["FdRnnReluBidirectionalManyToOne"] = () => new FdRnnReluBidirectionalManyToOne(seed: 7),
        ["FdRnnReluBidirectionalManyToMany"] = () => new FdRnnReluBidirectionalManyToMany(seed: 7),
        ["FdRnnReluBidirectionalOneToMany"] = () => new FdRnnReluBidirectionalOneToMany(seed: 7),
        ["FdRnnReluStackedBidirectionalManyToOne"] = () => new FdRnnReluStackedBidirectionalManyToOne(seed: 7),
        ["FdRnnReluStackedBidirectionalManyToMany"] = () => new FdRnnReluStackedBidirectionalManyToMany(seed: 7),
        ["FdRnnReluStackedBidirectionalOneToMany"] = () => new FdRnnReluStackedBidirectionalOneToMany(seed: 7),
        ["FdLstmManyToOne"] = () => new FdLstmManyToOne(seed: 7),
        ["FdLstmManyToMany"] = () => new FdLstmManyToMany(seed: 7),
        ["FdLstmOneToMany"] = () => new FdLstmOneToMany(seed: 7),
        ["FdLstmStackedManyToOne"] = () => new FdLstmStackedManyToOne(seed: 7),
        ["FdLstmStackedManyToMany"] = () => new FdLstmStackedManyToMany(seed: 7),
        ["FdLstmStackedOneToMany"] = () => new FdLstmStackedOneToMany(seed: 7),
        ["FdLstmBidirectionalManyToOne"] = () => new FdLstmBidirectionalManyToOne(seed: 7),
        ["FdLstmBidirectionalManyToMany"] = () => new FdLstmBidirectionalManyToMany(seed: 7),
        ["FdLstmBidirectionalOneToMany"] = () => new FdLstmBidirectionalOneToMany(seed: 7),
        ["FdLstmStackedBidirectionalManyToOne"] = () => new FdLstmStackedBidirectionalManyToOne(seed: 7),
        ["FdLstmStackedBidirectionalManyToMany"] = () => new FdLstmStackedBidirectionalManyToMany(seed: 7),
        ["FdLstmStackedBidirectionalOneToMany"] = () => new FdLstmStackedBidirectionalOneToMany(seed: 7),
        ["FdGruManyToOne"] = () => new FdGruManyToOne(seed: 7),
        ["FdGruManyToMany"] = () => new FdGruManyToMany(seed: 7),
        ["FdGruOneToMany"] = () => new FdGruOneToMany(seed: 7),
        ["FdGruStackedManyToOne"] = () => new FdGruStackedManyToOne(seed: 7),
        ["FdGruStackedManyToMany"] = () => new FdGruStackedManyToMany(seed: 7),
        ["FdGruStackedOneToMany"] = () => new FdGruStackedOneToMany(seed: 7),
        ["FdGruBidirectionalManyToOne"] = () => new FdGruBidirectionalManyToOne(seed: 7),
        ["FdGruBidirectionalManyToMany"] = () => new FdGruBidirectionalManyToMany(seed: 7),
        ["FdGruBidirectionalOneToMany"] = () => new FdGruBidirectionalOneToMany(seed: 7),
        ["FdGruStackedBidirectionalManyToOne"] = () => new FdGruStackedBidirectionalManyToOne(seed: 7),
        ["FdGruStackedBidirectionalManyToMany"] = () => new FdGruStackedBidirectionalManyToMany(seed: 7),
        ["FdGruStackedBidirectionalOneToMany"] = () => new FdGruStackedBidirectionalOneToMany(seed: 7),
        ["FdGruResetBeforeManyToOne"] = () => new FdGruResetBeforeManyToOne(seed: 7),
        ["FdGruResetBeforeManyToMany"] = () => new FdGruResetBeforeManyToMany(seed: 7),
        ["FdGruResetBeforeOneToMany"] = () => new FdGruResetBeforeOneToMany(seed: 7),
        ["FdGruResetBeforeStackedManyToOne"] = () => new FdGruResetBeforeStackedManyToOne(seed: 7),
        ["FdGruResetBeforeStackedManyToMany"] = () => new FdGruResetBeforeStackedManyToMany(seed: 7),
        ["FdGruResetBeforeStackedOneToMany"] = () => new FdGruResetBeforeStackedOneToMany(seed: 7),
        ["FdGruResetBeforeBidirectionalManyToOne"] = () => new FdGruResetBeforeBidirectionalManyToOne(seed: 7),
        ["FdGruResetBeforeBidirectionalManyToMany"] = () => new FdGruResetBeforeBidirectionalManyToMany(seed: 7),
        ["FdGruResetBeforeBidirectionalOneToMany"] = () => new FdGruResetBeforeBidirectionalOneToMany(seed: 7),
        ["FdGruResetBeforeStackedBidirectionalManyToOne"] = () => new FdGruResetBeforeStackedBidirectionalManyToOne(seed: 7),
        ["FdGruResetBeforeStackedBidirectionalManyToMany"] = () => new FdGruResetBeforeStackedBidirectionalManyToMany(seed: 7),
        ["FdGruResetBeforeStackedBidirectionalOneToMany"] = () => new FdGruResetBeforeStackedBidirectionalOneToMany(seed: 7),
        ["FdLstmCrossEntropyManyToMany"] = () => new FdLstmCrossEntropyManyToMany(seed: 7),
        ["FdGruCrossEntropyManyToOne"] = () => new FdGruCrossEntropyManyToOne(seed: 7),
        ["FdMixedManyToMany"] = () => new FdMixedManyToMany(seed: 7),
        ["FdMixedManyToOne"] = () => new FdMixedManyToOne(seed: 7),
        ["FdMixedOneToMany"] = () => new FdMixedOneToMany(seed: 7),
        ["FdSingleBiasGruStack"] = () => new FdSingleBiasGruStack(seed: 7),
        ["FdLstmProjectionStackedOneToMany"] = () => new FdLstmProjectionStackedOneToMany(seed: 7),
        ["FdLstmProjectionBidirectionalMixedManyToOne"] = () => new FdLstmProjectionBidirectionalMixedManyToOne(seed: 7),
        ["FdLstmProjectionEncoderDecoder"] = () => new FdLstmProjectionEncoderDecoder(seed: 7),
        ["FdLstmProjectionFeedBack"] = () => new FdLstmProjectionFeedBack(seed: 7),
        ["FdMergeMultiplyManyToOne"] = () => new FdMergeMultiplyManyToOne(seed: 7),
        ["FdMergeStackedManyToMany"] = () => new FdMergeStackedManyToMany(seed: 7),
        ["FdMergeEncoderDecoder"] = () => new FdMergeEncoderDecoder(seed: 7),
        ["FdPeepholeStackedBidirectional"] = () => new FdPeepholeStackedBidirectional(seed: 7),
        ["FdPeepholeProjectedFeedBack"] = () => new FdPeepholeProjectedFeedBack(seed: 7),
        ["FdPeepholeEncoderDecoder"] = () => new FdPeepholeEncoderDecoder(seed: 7),
        ["FdCoupledStackedBidirectional"] = () => new FdCoupledStackedBidirectional(seed: 7),
        ["FdCoupledProjectedFeedBack"] = () => new FdCoupledProjectedFeedBack(seed: 7),
        ["FdCoupledEncoderDecoder"] = () => new FdCoupledEncoderDecoder(seed: 7),
        ["FdSingleBiasEncoderDecoder"] = () => new FdSingleBiasEncoderDecoder(seed: 7),
        ["FdEdLstmScaledDot"] = () => new FdEdLstmScaledDot(seed: 7),
        ["FdEdLstmDot"] = () => new FdEdLstmDot(seed: 7),
        ["FdEdLstmGeneral"] = () => new FdEdLstmGeneral(seed: 7),
        ["FdEdLstmAdditive"] = () => new FdEdLstmAdditive(seed: 7),
        ["FdEdLstmNoAttention"] = () => new FdEdLstmNoAttention(seed: 7),
        ["FdEdGruScaledDot"] = () => new FdEdGruScaledDot(seed: 7),
        ["FdEdGruDot"] = () => new FdEdGruDot(seed: 7),
        ["FdEdGruGeneral"] = () => new FdEdGruGeneral(seed: 7),
        ["FdEdGruAdditive"] = () => new FdEdGruAdditive(seed: 7),
        ["FdEdGruNoAttention"] = () => new FdEdGruNoAttention(seed: 7),
        ["FdEdGruResetBeforeScaledDot"] = () => new FdEdGruResetBeforeScaledDot(seed: 7),
        ["FdEdGruResetBeforeDot"] = () => new FdEdGruResetBeforeDot(seed: 7),
        ["FdEdGruResetBeforeGeneral"] = () => new FdEdGruResetBeforeGeneral(seed: 7),
        ["FdEdGruResetBeforeAdditive"] = () => new FdEdGruResetBeforeAdditive(seed: 7),
        ["FdEdGruResetBeforeNoAttention"] = () => new FdEdGruResetBeforeNoAttention(seed: 7),
        ["FdEdRnnTanhScaledDot"] = () => new FdEdRnnTanhScaledDot(seed: 7),
        ["FdEdRnnTanhDot"] = () => new FdEdRnnTanhDot(seed: 7),
        ["FdEdRnnTanhGeneral"] = () => new FdEdRnnTanhGeneral(seed: 7),
        ["FdEdRnnTanhAdditive"] = () => new FdEdRnnTanhAdditive(seed: 7),
        ["FdEdRnnTanhNoAttention"] = () => new FdEdRnnTanhNoAttention(seed: 7),
        ["FdEdRnnReluScaledDot"] = () => new FdEdRnnReluScaledDot(seed: 7),
        ["FdEdRnnReluDot"] = () => new FdEdRnnReluDot(seed: 7),
        ["FdEdRnnReluGeneral"] = () => new FdEdRnnReluGeneral(seed: 7),
        ["FdEdRnnReluAdditive"] = () => new FdEdRnnReluAdditive(seed: 7),
        ["FdEdRnnReluNoAttention"] = () => new FdEdRnnReluNoAttention(seed: 7),
        ["FdEdStackedBidirectionalLstmScaledDot"] = () => new FdEdStackedBidirectionalLstmScaledDot(seed: 7),
        ["FdEdMixedGruScaledDotMse"] = () => new FdEdMixedGruScaledDotMse(seed: 7),
        ["FdEdStackedBidirectionalLstmDot"] = () => new FdEdStackedBidirectionalLstmDot(seed: 7),
        ["FdEdMixedGruDotMse"] = () => new FdEdMixedGruDotMse(seed: 7),
        ["FdEdStackedBidirectionalLstmGeneral"] = () => new FdEdStackedBidirectionalLstmGeneral(seed: 7),
        ["FdEdMixedGruGeneralMse"] = () => new FdEdMixedGruGeneralMse(seed: 7),
        ["FdEdStackedBidirectionalLstmAdditive"] = () => new FdEdStackedBidirectionalLstmAdditive(seed: 7),
        ["FdEdMixedGruAdditiveMse"] = () => new FdEdMixedGruAdditiveMse(seed: 7),
        ["FdEdStackedBidirectionalGruNoAttention"] = () => new FdEdStackedBidirectionalGruNoAttention(seed: 7),
        ["FdEdLstmAdditiveMse"] = () => new FdEdLstmAdditiveMse(seed: 7),
        ["FdFeedBackLstm"] = () => new FdFeedBackLstm(seed: 7),
        ["FdFeedBackGru"] = () => new FdFeedBackGru(seed: 7),
        ["FdFeedBackGruResetBefore"] = () => new FdFeedBackGruResetBefore(seed: 7),
        ["FdFeedBackRnnTanh"] = () => new FdFeedBackRnnTanh(seed: 7),
        ["FdFeedBackRnnRelu"] = () => new FdFeedBackRnnRelu(seed: 7),
        ["FdFeedBackStackedLstmMse"] = () => new FdFeedBackStackedLstmMse(seed: 7),
        ["FdFeedBackMixedMse"] = () => new FdFeedBackMixedMse(seed: 7),
        ["FdConvLstmManyToMany"] = () => new FdConvLstmManyToMany(seed: 7),
        ["FdConvManyToOne"] = () => new FdConvManyToOne(seed: 7),
        ["FdLstmConvGruOneToMany"] = () => new FdLstmConvGruOneToMany(seed: 7),
        ["FdTwoConvsBidirectionalManyToMany"] = () => new FdTwoConvsBidirectionalManyToMany(seed: 7),
        ["FdRnnConvManyToOne"] = () => new FdRnnConvManyToOne(seed: 7),
    };

    public static TheoryData<string> Models => new(s_models.Keys);

    [Fact]
    public void CoversEveryCellStackAndTopology() => Assert.Equal(127, s_models.Count);

    [Theory]
    [MemberData(nameof(Models))]
    public void GradientsMatchFiniteDifferences(string name)
    {
        ISequenceModel<double> model = s_models[name]();
        var random = new Random(name.Length * 31 + 5);
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
        double[]? cellGradient = (model as ICellStateModel<double>)?.InitialCellGradient.ToArray();

        Compare("parameter", parameterGradient, model.Parameters.Length, i => Perturb(() => model.Parameters, i, loss));
        Compare("input", inputGradient, input.Length, i => Perturb(() => input, i, loss));
        if (hiddenGradient.Length > 0) // a stack of temporal convolutions alone has no recurrent state
        {
            Compare("initial hidden", hiddenGradient, hiddenGradient.Length, i => Perturb(() => model.InitialHidden, i, loss));
        }
        if (model is ICellStateModel<double> lstm)
        {
            Compare("initial cell", cellGradient!, cellGradient!.Length, i => Perturb(() => lstm.InitialCell, i, loss));
        }
    }

    private static Func<double> LossFunction(ISequenceModel<double> model, double[] input, Random random)
    {
        int outputs = model.Outputs.Length;
        if (model is IClassifierModel<double> classifier)
        {
            int classes = outputs / StepsOf(model);
            int[] ids = Enumerable.Range(0, StepsOf(model)).Select(_ => random.Next(classes)).ToArray();
            return () => classifier.ComputeGradients(input, ids);
        }
        double[] targets = Fill(random, outputs, 1.0);
        var regression = (IRegressionModel<double>)model;
        return () => regression.ComputeGradients(input, targets);
    }

    /// <summary>Output steps: the classifier's targets are one id per output step.</summary>
    private static int StepsOf(ISequenceModel<double> model) =>
        (int)model.GetType().GetField("OutputSteps")!.GetRawConstantValue()!;

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
