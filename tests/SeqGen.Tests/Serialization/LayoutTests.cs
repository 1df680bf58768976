using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SeqGen.Tests.Reference;
using Xunit;

namespace SeqGen.Tests.Serialization;

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
[Lstm(4, Bidirectional = true)]
[Gru(3)]
[Rnn(2)]
public partial class MixedLayoutModelD { }

/// <summary>
/// Keras and ONNX layouts: the converter's output equals tensors built here independently from the
/// layouts' definitions (gate blocks sliced by hand), converting back restores PyTorch's tensors,
/// and a Keras or ONNX file loads into the same parameters as the PyTorch file.
/// </summary>
public sealed class LayoutTests
{
    // PyTorch gate blocks of each layout's blocks: Keras LSTM i,f,c,o; ONNX LSTM i,o,f,c; GRU z,r,h (PyTorch r,z,n).
    private static readonly int[] s_kerasLstm = [0, 1, 2, 3], s_onnxLstm = [0, 3, 1, 2], s_gru = [1, 0, 2], s_rnn = [0];

    [Fact]
    public void KerasLstmTensorsAreTransposedWithSummedBias()
    {
        ISequenceModel<double> model = new LstmStacked2ManyToManyCeD(seed: 3);
        var torch = SafetensorsBytes.Snapshot(model);
        var keras = ByName(WeightLayouts.FromPyTorch(model.ParameterTable, WeightLayout.Keras, Tensors(model)));
        Assert.Equal(["head.bias", "head.kernel", "rnn.bias_l0", "rnn.bias_l1", "rnn.kernel_l0", "rnn.kernel_l1", "rnn.recurrent_kernel_l0", "rnn.recurrent_kernel_l1"],
            keras.Keys.Order(StringComparer.Ordinal));
        foreach (string l in new[] { "_l0", "_l1" })
        {
            int inputs = l == "_l0" ? 2 : 4;
            AssertTensor(keras["rnn.kernel" + l], [inputs, 16], Transpose(Permute(torch["rnn.weight_ih" + l], s_kerasLstm, 4, inputs), 16, inputs));
            AssertTensor(keras["rnn.recurrent_kernel" + l], [4, 16], Transpose(Permute(torch["rnn.weight_hh" + l], s_kerasLstm, 4, 4), 16, 4));
            AssertTensor(keras["rnn.bias" + l], [16], torch["rnn.bias_ih" + l].Zip(torch["rnn.bias_hh" + l], (a, b) => a + b).ToArray());
        }
        AssertTensor(keras["head.kernel"], [4, 3], Transpose(torch["head.weight"], 3, 4));
        AssertTensor(keras["head.bias"], [3], torch["head.bias"]);
    }

    [Fact]
    public void KerasGruTensorsReorderGatesAndKeepBothBiases()
    {
        ISequenceModel<double> model = new GruBidirectionalStacked2ManyToManyD(seed: 3);
        var torch = SafetensorsBytes.Snapshot(model);
        var keras = ByName(WeightLayouts.FromPyTorch(model.ParameterTable, WeightLayout.Keras, Tensors(model)));
        foreach (string l in new[] { "_l0", "_l0_reverse", "_l1", "_l1_reverse" })
        {
            int inputs = l.StartsWith("_l0", StringComparison.Ordinal) ? 3 : 6;
            AssertTensor(keras["rnn.kernel" + l], [inputs, 9], Transpose(Permute(torch["rnn.weight_ih" + l], s_gru, 3, inputs), 9, inputs));
            AssertTensor(keras["rnn.recurrent_kernel" + l], [3, 9], Transpose(Permute(torch["rnn.weight_hh" + l], s_gru, 3, 3), 9, 3));
            AssertTensor(keras["rnn.bias" + l], [2, 9], [.. Permute(torch["rnn.bias_ih" + l], s_gru, 3, 1), .. Permute(torch["rnn.bias_hh" + l], s_gru, 3, 1)]);
        }
        Assert.Equal(14, keras.Count);
    }

    [Fact]
    public void OnnxTensorsStackDirectionsWithGatesReordered()
    {
        ISequenceModel<double> lstm = new LstmStacked2ManyToManyCeD(seed: 4);
        var t = SafetensorsBytes.Snapshot(lstm);
        var onnx = ByName(WeightLayouts.FromPyTorch(lstm.ParameterTable, WeightLayout.Onnx, Tensors(lstm)));
        AssertTensor(onnx["rnn.W_l1"], [1, 16, 4], Permute(t["rnn.weight_ih_l1"], s_onnxLstm, 4, 4));
        AssertTensor(onnx["rnn.R_l0"], [1, 16, 4], Permute(t["rnn.weight_hh_l0"], s_onnxLstm, 4, 4));
        AssertTensor(onnx["rnn.B_l0"], [1, 32], [.. Permute(t["rnn.bias_ih_l0"], s_onnxLstm, 4, 1), .. Permute(t["rnn.bias_hh_l0"], s_onnxLstm, 4, 1)]);
        AssertTensor(onnx["head.weight"], [3, 4], t["head.weight"]);

        ISequenceModel<double> gru = new GruBidirectionalStacked2ManyToManyD(seed: 4);
        var g = SafetensorsBytes.Snapshot(gru);
        onnx = ByName(WeightLayouts.FromPyTorch(gru.ParameterTable, WeightLayout.Onnx, Tensors(gru)));
        AssertTensor(onnx["rnn.W_l1"], [2, 9, 6], [.. Permute(g["rnn.weight_ih_l1"], s_gru, 3, 6), .. Permute(g["rnn.weight_ih_l1_reverse"], s_gru, 3, 6)]);
        AssertTensor(onnx["rnn.R_l0"], [2, 9, 3], [.. Permute(g["rnn.weight_hh_l0"], s_gru, 3, 3), .. Permute(g["rnn.weight_hh_l0_reverse"], s_gru, 3, 3)]);
        AssertTensor(onnx["rnn.B_l0"], [2, 18], [.. Permute(g["rnn.bias_ih_l0"], s_gru, 3, 1), .. Permute(g["rnn.bias_hh_l0"], s_gru, 3, 1),
            .. Permute(g["rnn.bias_ih_l0_reverse"], s_gru, 3, 1), .. Permute(g["rnn.bias_hh_l0_reverse"], s_gru, 3, 1)]);
        Assert.Equal(8, onnx.Count);

        ISequenceModel<double> rnn = new RnnTanhManyToOneD(seed: 4);
        var r = SafetensorsBytes.Snapshot(rnn);
        onnx = ByName(WeightLayouts.FromPyTorch(rnn.ParameterTable, WeightLayout.Onnx, Tensors(rnn)));
        AssertTensor(onnx["rnn.W_l0"], [1, 4, 3], Permute(r["rnn.weight_ih_l0"], s_rnn, 4, 3));
        AssertTensor(onnx["rnn.B_l0"], [1, 8], [.. r["rnn.bias_ih_l0"], .. r["rnn.bias_hh_l0"]]);
    }

    [Theory]
    [InlineData(WeightLayout.Onnx)]
    [InlineData(WeightLayout.Keras)]
    public void ConvertingBackRestoresPyTorchTensors(WeightLayout layout)
    {
        foreach (ISequenceModel<double> model in new ISequenceModel<double>[]
            { new GruBidirectionalStacked2ManyToManyD(seed: 5), new LstmStacked2ManyToManyCeD(seed: 5), new RnnTanhManyToOneD(seed: 5), new MixedLayoutModelD(seed: 5) })
        {
            var torch = SafetensorsBytes.Snapshot(model);
            var back = ByName(WeightLayouts.ToPyTorch(model.ParameterTable, layout, WeightLayouts.FromPyTorch(model.ParameterTable, layout, Tensors(model))));
            Assert.Equal(model.ParameterTable.Select(p => p.Name), back.Keys);
            foreach (ParameterInfo p in model.ParameterTable)
            {
                double[] expected = torch[p.Name];
                // Keras has one bias for LSTM and RNN layers: PyTorch's two come back summed into bias_ih.
                bool summed = layout == WeightLayout.Keras && p.Name.StartsWith("rnn.bias", StringComparison.Ordinal) && GatesOf(model, p.Name) != 3;
                if (summed)
                {
                    string other = p.Name.Replace("bias_ih", "bias_hh", StringComparison.Ordinal);
                    expected = p.Name.Contains("bias_ih", StringComparison.Ordinal)
                        ? expected.Zip(torch[other], (a, b) => a + b).ToArray()
                        : new double[expected.Length];
                }
                AssertTensor(back[p.Name], p.Shape.ToArray(), expected);
            }
        }
    }

    [Theory]
    [InlineData(WeightLayout.Onnx)]
    [InlineData(WeightLayout.Keras)]
    public void LayoutFileLoadsLikeThePyTorchFile(WeightLayout layout)
    {
        foreach ((ISequenceModel<double> source, ISequenceModel<double> viaPyTorch, ISequenceModel<double> viaLayout, int inputLength) in new (ISequenceModel<double>, ISequenceModel<double>, ISequenceModel<double>, int)[]
        {
            (new GruBidirectionalStacked2ManyToManyD(seed: 6), new GruBidirectionalStacked2ManyToManyD(seed: 7), new GruBidirectionalStacked2ManyToManyD(seed: 8), 12),
            (new LstmStacked2ManyToManyCeD(seed: 6), new LstmStacked2ManyToManyCeD(seed: 7), new LstmStacked2ManyToManyCeD(seed: 8), 14),
            (new MixedLayoutModelD(seed: 6), new MixedLayoutModelD(seed: 7), new MixedLayoutModelD(seed: 8), 12),
        })
        {
            viaPyTorch.LoadWeights(RoundTripTests.Saved(source));

            var layoutFile = new MemoryStream();
            SafetensorsWriter.Write(layoutFile, WeightLayouts.FromPyTorch(source.ParameterTable, layout, Tensors(source)), dtype: SafetensorsDType.F64);
            layoutFile.Position = 0;
            viaLayout.LoadWeights(layoutFile, layout);

            bool exact = layout == WeightLayout.Onnx || source is GruBidirectionalStacked2ManyToManyD;
            if (exact)
            {
                Assert.Equal(viaPyTorch.Parameters.ToArray(), viaLayout.Parameters.ToArray());
            }
            var x = Enumerable.Range(0, inputLength).Select(i => Math.Sin(i + 1.0)).ToArray();
            double[] expected = Run(viaPyTorch, x), actual = Run(viaLayout, x);
            ReferenceVectorTests.AssertClose($"{layout} {source.ModelName}", expected, actual, 1e-14);
        }
    }

    [Fact]
    public void KerasGruWithOneBiasLoadsAsResetBeforeWithZeroRecurrentBias()
    {
        var source = new GruResetBeforeManyToOneD(seed: 2);
        var t = SafetensorsBytes.Snapshot(source);
        // A Keras reset_after=False GRU: kernels z,r,h, one bias [3H].
        var keras = new List<WeightTensor>
        {
            new("rnn.kernel_l0", [3, 12], Transpose(Permute(t["rnn.weight_ih_l0"], s_gru, 4, 3), 12, 3)),
            new("rnn.recurrent_kernel_l0", [4, 12], Transpose(Permute(t["rnn.weight_hh_l0"], s_gru, 4, 4), 12, 4)),
            new("rnn.bias_l0", [12], Permute(t["rnn.bias_ih_l0"], s_gru, 4, 1)),
            new("head.kernel", [4, 2], Transpose(t["head.weight"], 2, 4)),
            new("head.bias", [2], t["head.bias"]),
        };
        var stream = new MemoryStream();
        SafetensorsWriter.Write(stream, keras, dtype: SafetensorsDType.F64);
        stream.Position = 0;
        var model = new GruResetBeforeManyToOneD(seed: 3);
        model.LoadWeights(stream, WeightLayout.Keras);
        var loaded = SafetensorsBytes.Snapshot(model);
        Assert.Equal(t["rnn.weight_ih_l0"], loaded["rnn.weight_ih_l0"]);
        Assert.Equal(t["rnn.weight_hh_l0"], loaded["rnn.weight_hh_l0"]);
        Assert.Equal(t["rnn.bias_ih_l0"], loaded["rnn.bias_ih_l0"]);
        Assert.Equal(new double[12], loaded["rnn.bias_hh_l0"]);
        Assert.Equal(t["head.weight"], loaded["head.weight"]);
    }

    [Fact]
    public void MissingOrMisshapenLayoutTensorIsNamedAndModelUntouched()
    {
        ISequenceModel<double> source = new GruBidirectionalManyToOneD(seed: 1);
        IReadOnlyList<WeightTensor> keras = WeightLayouts.FromPyTorch(source.ParameterTable, WeightLayout.Keras, Tensors(source));
        ISequenceModel<double> model = new GruBidirectionalManyToOneD(seed: 2);
        double[] before = model.Parameters.ToArray();

        var missing = Assert.Throws<WeightsFormatException>(() => Load(model, keras.Where(t => t.Name != "rnn.recurrent_kernel_l0_reverse"), WeightLayout.Keras));
        Assert.Contains("Missing, with the shapes expected: rnn.recurrent_kernel_l0_reverse [3, 9].", missing.Message, StringComparison.Ordinal);
        Assert.Equal("rnn.recurrent_kernel_l0_reverse", missing.TensorName);

        var misshapen = Assert.Throws<WeightsFormatException>(() => Load(model,
            keras.Select(t => t.Name == "rnn.bias_l0" ? new WeightTensor(t.Name, [9, 2], t.Values) : t), WeightLayout.Keras));
        Assert.Contains("'rnn.bias_l0' has shape [9, 2] in the file, but the model in Keras layout expects [2, 9] or [9]", misshapen.Message, StringComparison.Ordinal);

        // A PyTorch-layout file read as ONNX names what ONNX would need.
        var wrongLayout = Assert.Throws<WeightsFormatException>(() => Load(model, Tensors(source), WeightLayout.Onnx));
        Assert.Contains("Missing, with the shapes expected: rnn.W_l0 [2, 9, 4], rnn.R_l0 [2, 9, 3], rnn.B_l0 [2, 18].", wrongLayout.Message, StringComparison.Ordinal);
        Assert.Contains("Not expected, with the shapes in the file: rnn.bias_hh_l0 [9], ", wrongLayout.Message, StringComparison.Ordinal);
        Assert.Contains(", rnn.weight_ih_l0 [9, 4], ", wrongLayout.Message, StringComparison.Ordinal);

        Assert.Equal(before, model.Parameters.ToArray());
    }

    private static void Load(ISequenceModel<double> model, IEnumerable<WeightTensor> tensors, WeightLayout layout)
    {
        var stream = new MemoryStream();
        SafetensorsWriter.Write(stream, tensors.ToList(), dtype: SafetensorsDType.F64);
        stream.Position = 0;
        model.LoadWeights(stream, layout);
    }

    private static double[] Run(ISequenceModel<double> model, double[] x)
    {
        var output = new double[model.Outputs.Length];
        model.Forward(x, output);
        return output;
    }

    private static int GatesOf(ISequenceModel<double> model, string biasName)
    {
        ParameterInfo hh = model.ParameterTable.Single(p => p.Name == "rnn.weight_hh" + biasName[biasName.IndexOf("_l", StringComparison.Ordinal)..]);
        return hh.Shape[0] / hh.Shape[1];
    }

    private static List<WeightTensor> Tensors(ISequenceModel<double> model)
    {
        var values = SafetensorsBytes.Snapshot(model);
        return model.ParameterTable.Select(p => new WeightTensor(p.Name, p.Shape, values[p.Name])).ToList();
    }

    private static Dictionary<string, WeightTensor> ByName(IReadOnlyList<WeightTensor> tensors) => tensors.ToDictionary(t => t.Name);

    private static void AssertTensor(WeightTensor actual, int[] shape, double[] values)
    {
        Assert.Equal(shape, actual.Shape);
        Assert.Equal(values, actual.Values.ToArray());
    }

    /// <summary>Rows of a PyTorch [gates*hidden, columns] matrix, gate blocks taken in <paramref name="order"/>.</summary>
    private static double[] Permute(double[] m, int[] order, int hidden, int columns) =>
        order.SelectMany(g => m.Skip(g * hidden * columns).Take(hidden * columns)).ToArray();

    private static double[] Transpose(double[] m, int rows, int columns)
    {
        var t = new double[m.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                t[c * rows + r] = m[r * columns + c];
            }
        }
        return t;
    }
}
