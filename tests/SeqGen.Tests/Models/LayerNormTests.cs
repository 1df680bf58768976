using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>
/// Layer-normalized LSTM and GRU layers and LSTM cell clipping: backpropagation against central finite
/// differences in Double for every parameter (LN weights and biases included, drawn away from their 1/0
/// start), every input element and every initial-state element; the clip engaging yet kept away from its
/// kink; an unreachable clip giving the plain LSTM bit for bit; Step equal to Forward; the LN tensors' names,
/// shapes and start values.
/// </summary>
public sealed class LayerNormTests
{
    private const double Epsilon = 1e-5;

    private static readonly Dictionary<string, Func<ISequenceModel<double>>> s_models = new()
    {
        ["FdLayerNormLstmStackedBidirectional"] = () => new FdLayerNormLstmStackedBidirectional(seed: 7),
        ["FdLayerNormGruStackedBidirectional"] = () => new FdLayerNormGruStackedBidirectional(seed: 7),
        ["FdLayerNormLstmEncoderDecoder"] = () => new FdLayerNormLstmEncoderDecoder(seed: 7),
        ["FdLayerNormGruEncoderDecoder"] = () => new FdLayerNormGruEncoderDecoder(seed: 7),
        ["FdLayerNormGruManyToOneCe"] = () => new FdLayerNormGruManyToOneCe(seed: 7),
        ["FdLayerNormMixedStack"] = () => new FdLayerNormMixedStack(seed: 7),
        ["FdClippedLstm"] = () => new FdClippedLstm(seed: 7),
        ["FdClippedLstmStackedBidirectional"] = () => new FdClippedLstmStackedBidirectional(seed: 7),
        ["FdClippedLstmProjectedEncoderDecoder"] = () => new FdClippedLstmProjectedEncoderDecoder(seed: 7),
        ["FdLayerNormFeedBack"] = () => new FdLayerNormFeedBack(seed: 7),
        ["FdLayerNormAndClipStack"] = () => new FdLayerNormAndClipStack(seed: 7),
    };

    public static TheoryData<string> Models => new(s_models.Keys);

    [Theory]
    [MemberData(nameof(Models))]
    public void GradientsMatchFiniteDifferences(string name)
    {
        ISequenceModel<double> model = s_models[name]();
        var random = new Random(name.Length * 31 + 5);
        Randomize(model, random);
        double[] input = Fill(random, model.InputGradient.Length, 1.0);
        Func<double> loss = LossFunction(model, input, random);

        model.ZeroGradients();
        loss();
        double[] parameterGradient = model.Gradients.ToArray();
        double[] inputGradient = model.InputGradient.ToArray();
        double[] hiddenGradient = model.InitialHiddenGradient.ToArray();
        double[]? cellGradient = (model as ICellStateModel<double>)?.InitialCellGradient.ToArray();

        Compare("parameter", parameterGradient, model.Parameters.Length, i => Perturb(() => model.Parameters, i, loss));
        Compare("input", inputGradient, input.Length, i => Perturb(() => input, i, loss));
        Compare("initial hidden", hiddenGradient, hiddenGradient.Length, i => Perturb(() => model.InitialHidden, i, loss));
        if (model is ICellStateModel<double> lstm)
        {
            Compare("initial cell", cellGradient!, cellGradient!.Length, i => Perturb(() => lstm.InitialCell, i, loss));
        }
    }

    /// <summary>
    /// The finite-difference check of <see cref="FdClippedLstm"/> exercises the clip: recomputed here by hand
    /// (PyTorch's LSTM equations with c clipped), its outputs equal the model's, some cell elements were
    /// clipped and others not, and every pre-clip value is at least 1e-3 away from +-clip, so the central
    /// differences (step 1e-5) never straddle the kink.
    /// </summary>
    [Fact]
    public void The_clipped_check_engages_the_clip_away_from_its_kink()
    {
        ISequenceModel<double> model = s_models["FdClippedLstm"]();
        var random = new Random("FdClippedLstm".Length * 31 + 5);
        Randomize(model, random);
        double[] input = Fill(random, model.InputGradient.Length, 1.0);
        const int I = FdClippedLstm.InputSize, H = 3, O = FdClippedLstm.OutputSize;
        const double clip = 0.5;
        double[] wih = Get(model, "rnn.weight_ih_l0"), whh = Get(model, "rnn.weight_hh_l0");
        double[] bih = Get(model, "rnn.bias_ih_l0"), bhh = Get(model, "rnn.bias_hh_l0");
        double[] head = Get(model, "head.weight"), headBias = Get(model, "head.bias");
        double[] h = model.InitialHidden.ToArray(), c = ((ICellStateModel<double>)model).InitialCell.ToArray();
        var expected = new double[FdClippedLstm.OutputLength];
        int clipped = 0, free = 0;
        double margin = double.MaxValue;
        for (int t = 0; t < FdClippedLstm.Steps; t++)
        {
            var gates = new double[4 * H];
            for (int r = 0; r < 4 * H; r++)
            {
                gates[r] = bih[r] + bhh[r];
                for (int k = 0; k < I; k++) gates[r] += wih[r * I + k] * input[t * I + k];
                for (int k = 0; k < H; k++) gates[r] += whh[r * H + k] * h[k];
            }
            for (int j = 0; j < H; j++)
            {
                double i = Sigmoid(gates[j]), f = Sigmoid(gates[H + j]), g = Math.Tanh(gates[2 * H + j]), o = Sigmoid(gates[3 * H + j]);
                double raw = f * c[j] + i * g;
                margin = Math.Min(margin, Math.Abs(Math.Abs(raw) - clip));
                if (Math.Abs(raw) > clip) clipped++; else free++;
                c[j] = Math.Clamp(raw, -clip, clip);
                h[j] = o * Math.Tanh(c[j]);
            }
            for (int q = 0; q < O; q++)
            {
                expected[t * O + q] = headBias[q] + Enumerable.Range(0, H).Sum(k => head[q * H + k] * h[k]);
            }
        }
        var actual = new double[FdClippedLstm.OutputLength];
        model.Forward(input, actual);
        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) <= 1e-12);
        Assert.True(clipped >= 3, $"only {clipped} of {clipped + free} cell elements were clipped");
        Assert.True(free >= 3, $"only {free} of {clipped + free} cell elements were not clipped");
        Assert.True(margin > 1e-3, $"a pre-clip cell value is {margin:E2} from the clip");
    }

    [Fact]
    public void An_unreachable_clip_gives_the_plain_lstm_bit_for_bit()
    {
        var clipped = new HugeClipLstmD(seed: 11);
        var plain = new UnclippedLstmD(seed: 12);
        Assert.Equal(UnclippedLstmD.ParameterTable.Select(p => p.ToString()), HugeClipLstmD.ParameterTable.Select(p => p.ToString()));
        clipped.Parameters.CopyTo(plain.Parameters);
        var random = new Random(4);
        Fill(random, plain.InitialHidden.Length, 0.5).CopyTo(plain.InitialHidden);
        plain.InitialHidden.CopyTo(clipped.InitialHidden);
        Fill(random, plain.InitialCell.Length, 2.0).CopyTo(plain.InitialCell);
        plain.InitialCell.CopyTo(clipped.InitialCell);
        double[] input = Fill(random, UnclippedLstmD.InputLength, 3.0);
        double[] targets = Fill(random, UnclippedLstmD.OutputLength, 1.0);
        clipped.ZeroGradients();
        plain.ZeroGradients();
        Assert.Equal(plain.ComputeGradients(input, targets), clipped.ComputeGradients(input, targets));
        Assert.Equal(plain.Outputs.ToArray(), clipped.Outputs.ToArray());
        Assert.Equal(plain.Gradients.ToArray(), clipped.Gradients.ToArray());
        Assert.Equal(plain.InputGradient.ToArray(), clipped.InputGradient.ToArray());
        Assert.Equal(plain.InitialCellGradient.ToArray(), clipped.InitialCellGradient.ToArray());
        Assert.Equal(plain.FinalCell.ToArray(), clipped.FinalCell.ToArray());
        Assert.Contains(plain.FinalCell.ToArray(), v => Math.Abs(v) > 0.3); // a clip of 0.3 would have changed this model
    }

    [Fact]
    public void LayerNorm_tensors_are_named_shaped_and_start_as_nn_LayerNorm()
    {
        string[] names = FdLayerNormLstmStackedBidirectional.ParameterTable.Select(p => p.ToString()).ToArray();
        Assert.Equal(new[]
        {
            "rnn.weight_ih_l0 [12, 2]", "rnn.weight_hh_l0 [12, 3]",
            "rnn.layernorm_ih_l0.weight [12]", "rnn.layernorm_ih_l0.bias [12]", "rnn.layernorm_hh_l0.weight [12]", "rnn.layernorm_hh_l0.bias [12]",
            "rnn.layernorm_c_l0.weight [3]", "rnn.layernorm_c_l0.bias [3]",
        }, names.Take(8));
        Assert.Contains("rnn.layernorm_c_l1_reverse.bias [3]", names);
        Assert.DoesNotContain(names, n => n.Contains("bias_ih") || n.Contains("bias_hh"));
        Assert.Equal(new[] { "rnn.layernorm_ih_l0.weight [12]", "rnn.layernorm_ih_l0.bias [12]", "rnn.layernorm_hh_l0.weight [12]", "rnn.layernorm_hh_l0.bias [12]" },
            FdLayerNormGruManyToOneCe.ParameterTable.Select(p => p.ToString()).Where(n => n.Contains("layernorm")).Take(4));
        Assert.Contains(FdLayerNormLstmEncoderDecoder.ParameterTable, p => p.Name == "decoder.layernorm_c_l0.weight");

        var model = new FdLayerNormLstmStackedBidirectional(seed: 3);
        foreach (ParameterInfo p in FdLayerNormLstmStackedBidirectional.ParameterTable.Where(p => p.Name.Contains("layernorm")))
        {
            var values = new double[p.Length];
            model.GetParameter(p.Name, values);
            Assert.All(values, v => Assert.Equal(p.Name.EndsWith(".weight", StringComparison.Ordinal) ? 1.0 : 0.0, v));
        }
        var weight = new double[24];
        model.GetParameter("rnn.weight_ih_l0", weight);
        Assert.Contains(weight, v => v != 0 && Math.Abs(v) <= 1 / Math.Sqrt(3));
    }

    [Fact]
    public void Step_matches_forward_in_double()
    {
        var model = new StreamingLayerNormAndClipD(seed: 3);
        var random = new Random(6);
        Randomize(model, random);
        double[] input = Fill(random, StreamingLayerNormAndClipD.InputLength, 2.0);
        var whole = new double[StreamingLayerNormAndClipD.OutputLength];
        model.Forward(input, whole);
        model.ResetState();
        var stepped = new double[StreamingLayerNormAndClipD.OutputLength];
        for (int t = 0; t < StreamingLayerNormAndClipD.Steps; t++)
        {
            model.Step(input.AsSpan(t * 3, 3), stepped.AsSpan(t * 2, 2));
        }
        Assert.Equal(whole, stepped, (a, b) => Math.Abs(a - b) <= 1e-12);
        Assert.Contains(model.FinalCell.ToArray(), v => Math.Abs(v) == 0.3); // the clipped top layer did clip
    }

    [Fact]
    public void Step_matches_forward_in_single()
    {
        var model = new StreamingLayerNormAndClip(seed: 4);
        var random = new Random(7);
        for (int i = 0; i < model.Parameters.Length; i++)
        {
            model.Parameters[i] = (float)(random.NextDouble() * 1.6 - 0.8);
        }
        model.InitialHidden.Fill(0.2f);
        model.InitialCell.Fill(-0.1f);
        float[] input = Enumerable.Range(0, StreamingLayerNormAndClip.InputLength).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var whole = new float[StreamingLayerNormAndClip.OutputLength];
        model.Forward(input, whole);
        model.ResetState();
        var stepped = new float[StreamingLayerNormAndClip.OutputLength];
        for (int t = 0; t < StreamingLayerNormAndClip.Steps; t++)
        {
            model.Step(input.AsSpan(t * 3, 3), stepped.AsSpan(t * 2, 2));
        }
        Assert.Equal(whole, stepped, (a, b) => Math.Abs(a - b) <= 1e-5f);
    }

    private static double[] Get(ISequenceModel<double> model, string name)
    {
        var values = new double[model.ParameterTable.Single(p => p.Name == name).Length];
        model.GetParameter(name, values);
        return values;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>Every parameter from U(-0.8, 0.8) (so LN weights and biases are away from 1 and 0), initial states from U(-0.5, 0.5).</summary>
    private static void Randomize(ISequenceModel<double> model, Random random)
    {
        Fill(random, model.Parameters.Length, 0.8).CopyTo(model.Parameters);
        Fill(random, model.InitialHidden.Length, 0.5).CopyTo(model.InitialHidden);
        if (model is ICellStateModel<double> cellModel)
        {
            Fill(random, cellModel.InitialCell.Length, 0.5).CopyTo(cellModel.InitialCell);
        }
    }

    private static Func<double> LossFunction(ISequenceModel<double> model, double[] input, Random random)
    {
        int outputs = model.Outputs.Length;
        if (model is IClassifierModel<double> classifier)
        {
            int steps = (int)model.GetType().GetField("OutputSteps")!.GetRawConstantValue()!;
            int classes = outputs / steps;
            int[] ids = Enumerable.Range(0, steps).Select(_ => random.Next(classes)).ToArray();
            return () => classifier.ComputeGradients(input, ids);
        }
        double[] targets = Fill(random, outputs, 1.0);
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
