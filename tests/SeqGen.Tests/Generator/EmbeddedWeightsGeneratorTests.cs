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

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},}", "its header is not valid JSON")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{}}", "its header names 'a' twice")]
    [InlineData("[1, 2]", "its header is not a JSON object")]
    [InlineData("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", "tensor 'a' has dtype I64; only F16, BF16, F32 and F64 are supported")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", "tensor 'a' has a shape entry that is not a non-negative integer")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", "tensor 'a' starts at byte 4 of the data, but the previous tensor ends at 0")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", "tensor 'a' lacks a dtype, shape or data_offsets")]
    public void GeneratorRejectsMalformedFiles(string header, string message)
    {
        byte[] file = SafetensorsBytes.File(header, new byte[12]);
        FormatException error = Assert.Throws<FormatException>(() => SeqGen.Generator.Weights.SafetensorsParser.Parse(file));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void GeneratorReadsEscapesAndMetadata()
    {
        byte[] file = SafetensorsBytes.File("{\"__metadata__\":{\"k\":\"v \\\" \\u00e9\"},\"a\\/b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}", SafetensorsBytes.F32(new[] { 1.0, -2.5, 0.125 }));
        var tensor = Assert.Single(SeqGen.Generator.Weights.SafetensorsParser.Parse(file));
        Assert.Equal("a/b", tensor.Name);
        Assert.Equal(new[] { 1.0, -2.5, 0.125 }, tensor.Values.ToArray());
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
