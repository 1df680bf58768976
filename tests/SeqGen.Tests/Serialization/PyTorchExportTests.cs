using System;
using System.IO;
using System.Linq;
using System.Numerics;
using SeqGen.Tests.Reference;
using Xunit;

namespace SeqGen.Tests.Serialization;

/// <summary>
/// Files exported from PyTorch (Data/*.safetensors, made by make_safetensors.py from the reference
/// vectors' tensors, as safetensors.torch.save_file writes them) load into the matching models,
/// which then reproduce the vectors' outputs.
/// </summary>
public sealed class PyTorchExportTests
{
    [Fact]
    public void LstmF64ExportLoadsIntoDoubleModel() =>
        Check("lstm_many_to_one_ce.F64.safetensors", "lstm_many_to_one_ce", new LstmManyToOneCeD(), 1e-9, exact: true);

    [Fact]
    public void LstmF64ExportLoadsIntoSingleModel() =>
        Check("lstm_many_to_one_ce.F64.safetensors", "lstm_many_to_one_ce", new LstmManyToOneCeF(), 1e-4, exact: false);

    [Fact]
    public void BidirectionalGruF32ExportLoadsIntoSingleModel() =>
        Check("gru_bidirectional_many_to_one.F32.safetensors", "gru_bidirectional_many_to_one", new GruBidirectionalManyToOneF(), 1e-4, exact: false);

    [Fact]
    public void BidirectionalGruF32ExportLoadsIntoDoubleModel() =>
        // The file holds float32 roundings of the vector's weights, so outputs agree to float precision.
        Check("gru_bidirectional_many_to_one.F32.safetensors", "gru_bidirectional_many_to_one", new GruBidirectionalManyToOneD(), 1e-6, exact: false);

    [Fact]
    public void ExportHasNoMetadataAndSortedKeys()
    {
        using Stream stream = SafetensorsBytes.Resource("lstm_many_to_one_ce.F64.safetensors");
        SafetensorsContent content = SafetensorsReader.Read(stream);
        Assert.Empty(content.Metadata);
        string[] names = content.Tensors.Select(t => t.Name).ToArray();
        Assert.Equal(names.Order(StringComparer.Ordinal).ToArray(), names);
        Assert.Equal(new[] { 20, 3 }, content.Tensors.Single(t => t.Name == "rnn.weight_ih_l0").Shape);
    }

    private static void Check<T>(string file, string vector, ISequenceModel<T> model, double tolerance, bool exact)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReferenceCase c = ReferenceCase.Load(vector);
        using (Stream stream = SafetensorsBytes.Resource(file))
        {
            model.LoadWeights(stream);
        }
        foreach ((string name, double[] expected) in c.Params)
        {
            var actual = new T[expected.Length];
            model.GetParameter(name, actual);
            if (exact)
            {
                Assert.Equal(expected, actual.Select(double.CreateChecked).ToArray());
            }
            else
            {
                ReferenceVectorTests.AssertClose(name, expected, actual, tolerance);
            }
        }
        var output = new T[c.Outputs.Length];
        model.Forward(ReferenceVectorTests.Convert<T>(c.X), output);
        ReferenceVectorTests.AssertClose("outputs", c.Outputs, output, tolerance);
    }
}
