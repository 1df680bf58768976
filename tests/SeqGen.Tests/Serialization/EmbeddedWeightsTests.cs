using System;
using System.IO;
using System.Linq;
using SeqGen.Tests.Reference;
using Xunit;

namespace SeqGen.Tests.Serialization;

// The PyTorch exports of Data/ built into models at compile time: this project passes them as
// AdditionalFiles and imports SeqGen.targets, as a project using the package does.

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 6, OutputSize = 3, Loss = LossKind.CrossEntropy, Precision = Precision.Double,
    Weights = "lstm_many_to_one_ce.F64.safetensors")]
[Lstm(5)]
public partial class EmbeddedLstmD { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 6, OutputSize = 3, Loss = LossKind.CrossEntropy,
    Weights = "lstm_many_to_one_ce.F64.safetensors")]
[Lstm(5)]
public partial class EmbeddedLstmF { }

[SequenceModel(Topology.ManyToOne, InputSize = 4, Steps = 5, OutputSize = 2, Weights = "gru_bidirectional_many_to_one.F32.safetensors")]
[Gru(3, Bidirectional = true)]
public partial class EmbeddedGruBidirectionalF { }

[SequenceModel(Topology.ManyToOne, InputSize = 3, Steps = 6, OutputSize = 3, Loss = LossKind.CrossEntropy,
    Weights = "lstm_many_to_one_ce.F64.safetensors", WeightStorage = WeightStorage.Half)]
[Lstm(5)]
public partial class EmbeddedLstmHalf { }

/// <summary>
/// <c>new Model()</c> of a model declared with <c>Weights = "file"</c> holds exactly what
/// <c>LoadWeights(file)</c> gives the same model without embedded weights, and reproduces PyTorch's outputs.
/// </summary>
public sealed class EmbeddedWeightsTests
{
    [Fact]
    public void DoubleLstmEqualsTheLoadedFileBitForBitAndMatchesPyTorch() =>
        Check(new EmbeddedLstmD(), new LstmManyToOneCeD(), "lstm_many_to_one_ce.F64.safetensors", "lstm_many_to_one_ce", 1e-9);

    [Fact]
    public void SingleLstmFromAnF64FileRoundsAsLoadWeightsDoes() =>
        Check(new EmbeddedLstmF(), new LstmManyToOneCeF(), "lstm_many_to_one_ce.F64.safetensors", "lstm_many_to_one_ce", 1e-4);

    [Fact]
    public void BidirectionalGruEqualsTheLoadedFileAndMatchesPyTorch() =>
        Check(new EmbeddedGruBidirectionalF(), new GruBidirectionalManyToOneF(), "gru_bidirectional_many_to_one.F32.safetensors", "gru_bidirectional_many_to_one", 1e-4);

    [Fact]
    public void SeedConstructorStillInitializesRandomlyAndLoadEmbeddedWeightsRestores()
    {
        var seeded = new EmbeddedLstmD(7);
        var embedded = new EmbeddedLstmD();
        Assert.NotEqual(embedded.Parameters.ToArray(), seeded.Parameters.ToArray());
        seeded.LoadEmbeddedWeights();
        Assert.Equal(embedded.Parameters.ToArray(), seeded.Parameters.ToArray());
    }

    [Fact]
    public void LoadEmbeddedWeightsReachesTheHalfPrecisionStep()
    {
        float[] x = [0.3f, -0.2f, 0.5f];
        float[] Steps(EmbeddedLstmHalf model)
        {
            model.ResetState();
            var outputs = new float[3 * 4];
            for (int t = 0; t < 4; t++)
            {
                model.Step(x, outputs.AsSpan(t * 3, 3));
            }
            return outputs;
        }
        float[] embedded = Steps(new EmbeddedLstmHalf());
        var restored = new EmbeddedLstmHalf(seed: 7);
        float[] random = Steps(restored); // makes the half-precision copy of the random weights
        restored.LoadEmbeddedWeights();
        Assert.Equal(embedded, Steps(restored));
        Assert.NotEqual(embedded, random);
    }

    private static void Check<T>(ISequenceModel<T> embedded, ISequenceModel<T> loaded, string file, string vector, double tolerance)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        using (Stream stream = SafetensorsBytes.Resource(file))
        {
            loaded.LoadWeights(stream);
        }
        Assert.Equal(loaded.Parameters.ToArray(), embedded.Parameters.ToArray());
        ReferenceCase c = ReferenceCase.Load(vector);
        var output = new T[c.Outputs.Length];
        embedded.Forward(ReferenceVectorTests.Convert<T>(c.X), output);
        ReferenceVectorTests.AssertClose("outputs", c.Outputs, output, tolerance);
    }
}
