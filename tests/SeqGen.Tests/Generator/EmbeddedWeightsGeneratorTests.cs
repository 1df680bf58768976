using System;
using System.IO;
using System.Linq;
using System.Reflection;
using SeqGen.Tests.Serialization;
using Xunit;

namespace SeqGen.Tests.Generator;

/// <summary>
/// The generator's own safetensors reader and layout conversion agree with the runtime's: for
/// every dtype it accepts and both precisions, the model compiled with the file embedded holds
/// exactly what LoadWeights puts into the same model from the same bytes.
/// </summary>
public sealed class EmbeddedWeightsGeneratorTests
{
    [Theory]
    [InlineData("F16", "Single")]
    [InlineData("BF16", "Single")]
    [InlineData("F32", "Single")]
    [InlineData("F64", "Single")]
    [InlineData("F16", "Double")]
    [InlineData("BF16", "Double")]
    [InlineData("F32", "Double")]
    [InlineData("F64", "Double")]
    public void EmbeddedParametersEqualLoadWeightsOfTheSameFile(string dtype, string precision)
    {
        // values that every dtype rounds differently: 1/3 steps
        byte[] file = SafetensorsBytes.File(WeightsFiles.Lstm3Over2().Select(t =>
            new SafetensorsBytes.Raw(t.Name, dtype, t.Shape.ToArray(), Encode(t.Values.ToArray().Select(v => v / 3 + 1e-3).ToArray(), dtype))));
        string source = "using SeqGen;\nnamespace Demo;\n"
            + $"[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1, Precision = Precision.{precision}, Weights = \"model.safetensors\")]\n"
            + "[Lstm(3)]\npublic partial class Model { }";
        GeneratorRun run = WeightsFiles.Run(source, WeightsFiles.Text("model.safetensors", file));
        run.AssertCleanBuild();
        using var assembly = new MemoryStream();
        Assert.True(run.OutputCompilation.Emit(assembly).Success);
        Type type = Assembly.Load(assembly.ToArray()).GetType("Demo.Model")!;

        if (precision == "Single")
        {
            Compare<float>(type, file);
        }
        else
        {
            Compare<double>(type, file);
        }
    }

    private static void Compare<T>(Type type, byte[] file) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var embedded = (ISequenceModel<T>)Activator.CreateInstance(type)!;
        var loaded = (ISequenceModel<T>)Activator.CreateInstance(type, 5L)!;
        Assert.NotEqual(embedded.Parameters.ToArray(), loaded.Parameters.ToArray());
        loaded.LoadWeights(new MemoryStream(file));
        Assert.Equal(loaded.Parameters.ToArray(), embedded.Parameters.ToArray());
    }

    private static byte[] Encode(double[] values, string dtype) => dtype switch
    {
        "F64" => SafetensorsBytes.F64(values),
        "F32" => SafetensorsBytes.F32(values),
        "F16" => values.SelectMany(v => BitConverter.GetBytes(BitConverter.HalfToUInt16Bits((Half)v))).ToArray(),
        _ => values.SelectMany(v => BitConverter.GetBytes((ushort)(BitConverter.SingleToUInt32Bits((float)v) >> 16))).ToArray(),
    };
}
