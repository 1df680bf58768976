using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace SeqGen.Tests.Generator;

/// <summary>
/// [TemporalConv] in the generator's own weights path: 3-D tensors embedded at build time equal
/// LoadWeights of the same file, and a 3-D tensor of the wrong shape is SEQ0405 with both shapes.
/// </summary>
public sealed class TemporalConvGeneratorTests
{
    private const string Source = "using SeqGen;\nnamespace Demo;\n"
        + "[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1, Precision = Precision.Double, Weights = \"model.safetensors\")]\n"
        + "[TemporalConv(Channels = 2, Kernel = 2, Dilations = new[] { 1 })]\n[Lstm(3)]\npublic partial class Model { }";

    private static List<WeightTensor> Tensors() => new()
    {
        WeightsFiles.Tensor("conv_l0.input.weight", 2, 2, 1),
        WeightsFiles.Tensor("conv_l0.input.bias", 2),
        WeightsFiles.Tensor("conv_l0.blocks.0.dilated.weight", 4, 2, 2),
        WeightsFiles.Tensor("conv_l0.blocks.0.dilated.bias", 4),
        WeightsFiles.Tensor("conv_l0.blocks.0.residual.weight", 2, 2, 1),
        WeightsFiles.Tensor("conv_l0.blocks.0.residual.bias", 2),
        WeightsFiles.Tensor("rnn.weight_ih_l1", 12, 2),
        WeightsFiles.Tensor("rnn.weight_hh_l1", 12, 3),
        WeightsFiles.Tensor("rnn.bias_ih_l1", 12),
        WeightsFiles.Tensor("rnn.bias_hh_l1", 12),
        WeightsFiles.Tensor("head.weight", 1, 3),
        WeightsFiles.Tensor("head.bias", 1),
    };

    [Fact]
    public void EmbeddedThreeDimensionalTensorsEqualLoadWeightsOfTheSameFile()
    {
        byte[] file = WeightsFiles.Bytes(Tensors(), SafetensorsDType.F64);
        GeneratorRun run = WeightsFiles.Run(Source, WeightsFiles.Text("model.safetensors", file));
        run.AssertCleanBuild();
        using var assembly = new MemoryStream();
        Assert.True(run.OutputCompilation.Emit(assembly).Success);
        Type type = Assembly.Load(assembly.ToArray()).GetType("Demo.Model")!;
        var embedded = (ISequenceModel<double>)Activator.CreateInstance(type)!;
        var loaded = (ISequenceModel<double>)Activator.CreateInstance(type, 5L)!;
        Assert.NotEqual(embedded.Parameters.ToArray(), loaded.Parameters.ToArray());
        loaded.LoadWeights(new MemoryStream(file));
        Assert.Equal(loaded.Parameters.ToArray(), embedded.Parameters.ToArray());
        // and PyTorch layout: the dilated weight reads back exactly as written
        var dilated = new double[16];
        embedded.GetParameter("conv_l0.blocks.0.dilated.weight", dilated);
        Assert.Equal(Tensors()[2].Values.ToArray(), dilated);
    }

    [Fact]
    public void ThreeDimensionalTensorOfTheWrongShapeIsReported()
    {
        List<WeightTensor> tensors = Tensors();
        tensors[2] = WeightsFiles.Tensor("conv_l0.blocks.0.dilated.weight", 4, 4);
        tensors[4] = WeightsFiles.Tensor("conv_l0.blocks.0.residual.weight", 2, 1, 2);
        GeneratorRun run = WeightsFiles.Run(Source, WeightsFiles.Text("model.safetensors", WeightsFiles.Bytes(tensors)));
        run.AssertDiagnostics(
            new ExpectedDiagnostic("SEQ0405", "Tensor 'conv_l0.blocks.0.dilated.weight' of weights file 'model.safetensors' has shape [4, 4], but the model's parameter has shape [4, 2, 2]", "Weights = \"model.safetensors\""),
            new ExpectedDiagnostic("SEQ0405", "Tensor 'conv_l0.blocks.0.residual.weight' of weights file 'model.safetensors' has shape [2, 1, 2], but the model's parameter has shape [2, 2, 1]", "Weights = \"model.safetensors\""));
        Assert.Empty(run.GeneratedSources);
    }
}
