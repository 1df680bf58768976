using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using SeqGen.Tests.Reference;
using Xunit;

namespace SeqGen.Tests.Serialization;

public sealed class RoundTripTests
{
    [Fact]
    public void DoubleModelRoundTripsBitExactThroughAFile()
    {
        var source = new GruBidirectionalStacked2ManyToManyD(seed: 11);
        string path = Path.Combine(Path.GetTempPath(), $"seqgen-{Guid.NewGuid():N}.safetensors");
        try
        {
            source.SaveWeights(path);
            var target = new GruBidirectionalStacked2ManyToManyD(seed: 12);
            Assert.NotEqual(source.Parameters.ToArray(), target.Parameters.ToArray());
            target.LoadWeights(path);
            Assert.Equal(Bits(source.Parameters.ToArray()), Bits(target.Parameters.ToArray()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SingleModelRoundTripsBitExactThroughAStream()
    {
        var source = new LstmStacked2ManyToManyCeF(seed: 5);
        MemoryStream stream = Saved(source);
        var target = new LstmStacked2ManyToManyCeF(seed: 6);
        target.LoadWeights(new NonSeekableStream(stream));
        Assert.Equal(source.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits), target.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void SavedFileHasModelDTypeMetadataAndPyTorchLayout()
    {
        var model = new LstmManyToOneCeF(seed: 3);
        var stream = new MemoryStream();
        model.SaveWeights(stream);
        byte[] file = stream.ToArray();
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0UL, (8 + headerLength) % 8);
        string header = Encoding.UTF8.GetString(file, 8, (int)headerLength);
        Assert.Contains("\"dtype\":\"F32\"", header);
        Assert.DoesNotContain("F64", header);

        SafetensorsContent content = SafetensorsReader.Read(new MemoryStream(file));
        Assert.Equal("pt", content.Metadata["format"]);
        Assert.Equal(((ISequenceModel<float>)model).ModelName, content.Metadata[WeightsExtensions.ModelNameKey]);
        Assert.Equal("rnn.weight_ih_l0[20,3] rnn.weight_hh_l0[20,5] rnn.bias_ih_l0[20] rnn.bias_hh_l0[20] head.weight[3,5] head.bias[3]",
            content.Metadata[WeightsExtensions.ParametersKey]);
        // Values are PyTorch row-major, not the model's transposed internal layout.
        var expected = new float[60];
        model.GetParameter("rnn.weight_ih_l0", expected);
        WeightTensor w = content.Tensors.Single(t => t.Name == "rnn.weight_ih_l0");
        Assert.Equal(new[] { 20, 3 }, w.Shape);
        Assert.Equal(expected.Select(v => (double)v), w.Values.ToArray());
    }

    [Fact]
    public void DoubleModelSavesAsF32WhenAskedRoundingToNearest()
    {
        var model = new LstmManyToOneCeD(seed: 3);
        MemoryStream stream = Saved(model, SafetensorsDType.F32);
        var loaded = new LstmManyToOneCeD();
        loaded.LoadWeights(stream);
        Assert.Equal(model.Parameters.ToArray().Select(v => (double)(float)v), loaded.Parameters.ToArray());
        Assert.NotEqual(model.Parameters.ToArray(), loaded.Parameters.ToArray());
    }

    [Fact]
    public void SaveRejectsHalfPrecisionBeforeWriting()
    {
        var stream = new MemoryStream();
        Assert.Throws<ArgumentException>(() => new LstmManyToOneCeD().SaveWeights(stream, SafetensorsDType.F16));
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void ModelNameInMetadataIsInformationalOnly()
    {
        // Same tensors, another class (Double vs Single precision, another name): loads.
        var source = new LstmManyToOneCeD(seed: 9);
        MemoryStream stream = Saved(source);
        var target = new LstmManyToOneCeF();
        target.LoadWeights(stream);
        Assert.Equal(source.Parameters.ToArray().Select(v => (float)v), target.Parameters.ToArray());
    }

    [Fact]
    public void LoadedModelComputesWhatTheSavedOneDid()
    {
        ReferenceCase c = ReferenceCase.Load("rnn_tanh_many_to_one");
        var source = new RnnTanhManyToOneD(seed: 2);
        MemoryStream stream = Saved(source);
        var target = new RnnTanhManyToOneD(seed: 4);
        target.LoadWeights(stream);
        double[] x = c.X;
        var a = new double[2];
        var b = new double[2];
        source.Forward(x, a);
        target.Forward(x, b);
        Assert.Equal(a, b);
    }

    /// <summary>The model saved to memory, positioned for reading.</summary>
    internal static MemoryStream Saved<T>(ISequenceModel<T> model, SafetensorsDType? dtype = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var stream = new MemoryStream();
        model.SaveWeights(stream, dtype);
        stream.Position = 0;
        return stream;
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
