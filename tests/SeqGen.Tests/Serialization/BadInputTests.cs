using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SeqGen.Tests.Reference;
using Xunit;

namespace SeqGen.Tests.Serialization;

/// <summary>
/// Every malformed or mismatched file throws one <see cref="WeightsFormatException"/> whose message
/// names the problem (tensor, shapes, dtype), and the model's parameters stay bit for bit as they were.
/// The files start from a valid F64 file of LstmManyToOneCeD (data 1,744 bytes: weight_ih [0, 480),
/// weight_hh [480, 1280), bias_ih [1280, 1440), bias_hh [1440, 1600), head.weight [1600, 1720), head.bias [1720, 1744)).
/// </summary>
public sealed class BadInputTests
{
    public static TheoryData<string> Cases => new(
        "missing tensor", "extra tensor", "misshapen tensor", "unsupported dtype", "overlapping offsets", "gap between tensors",
        "offsets not matching size", "reversed offsets", "three offsets", "truncated data", "trailing bytes",
        "header length over limit", "header length beyond file", "shorter than length prefix", "truncated header",
        "invalid json", "header not an object", "metadata not string", "duplicate name", "negative dimension",
        "fractional dimension", "missing data_offsets", "entry not an object", "nan value", "infinite value");

    [Theory]
    [MemberData(nameof(Cases))]
    public void RejectedWithModelUntouched(string name)
    {
        (byte[] file, string[] fragments) = Case(name);
        var model = new LstmManyToOneCeD(seed: 7);
        double[] before = model.Parameters.ToArray();
        var error = Assert.Throws<WeightsFormatException>(() => model.LoadWeights(new MemoryStream(file)));
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(before, model.Parameters.ToArray());

        // The same through a stream that cannot seek (lengths found by reading), and from a path.
        error = Assert.Throws<WeightsFormatException>(() => model.LoadWeights(new NonSeekableStream(new MemoryStream(file))));
        Assert.Contains(fragments[0], error.Message, StringComparison.Ordinal);
        string path = Path.Combine(Path.GetTempPath(), $"seqgen-bad-{Guid.NewGuid():N}.safetensors");
        try
        {
            File.WriteAllBytes(path, file);
            error = Assert.Throws<WeightsFormatException>(() => model.LoadWeights(path));
            Assert.Contains(fragments[0], error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Equal(before, model.Parameters.ToArray());
    }

    [Fact]
    public void ValidFileBuiltTheSameWayLoads()
    {
        // The base of every case above is itself valid, so each case fails for its own defect only.
        var model = new LstmManyToOneCeD(seed: 7);
        model.LoadWeights(new MemoryStream(Edited(_ => { })));
        Assert.Equal(new LstmManyToOneCeD(seed: 8).Parameters.ToArray(), model.Parameters.ToArray());
    }

    [Fact]
    public void F64BeyondFloatRangeIsRejectedBySingleModel()
    {
        var model = new LstmManyToOneCeF(seed: 7);
        float[] before = model.Parameters.ToArray();
        byte[] file = Edited(_ => { }, data => Poke(data, 1600 + 8 * 4, 1e300));
        var error = Assert.Throws<WeightsFormatException>(() => model.LoadWeights(new MemoryStream(file)));
        Assert.Contains("'head.weight' element [4] is 1E+300", error.Message, StringComparison.Ordinal);
        Assert.Equal("head.weight", error.TensorName);
        Assert.Equal(before, model.Parameters.ToArray());
    }

    private static (byte[] File, string[] Fragments) Case(string name) => name switch
    {
        "missing tensor" => (SafetensorsBytes.File(Valid().Where(t => t.Name != "rnn.bias_hh_l0")),
            ["Missing, with the shapes expected: rnn.bias_hh_l0 [20].", "LstmManyToOneCeD"]),
        "extra tensor" => (SafetensorsBytes.File(Valid().Append(new("rnn.weight_ih_l1", "F64", [20, 5], new byte[800]))),
            ["Not expected, with the shapes in the file: rnn.weight_ih_l1 [20, 5]."]),
        "misshapen tensor" => (Edited(h => h["rnn.weight_ih_l0"]!["shape"] = new JsonArray(3, 20)),
            ["'rnn.weight_ih_l0' has shape [3, 20] in the file", "expects [20, 3]"]),
        "unsupported dtype" => (Edited(h => h["head.bias"]!["dtype"] = "I64"),
            ["'head.bias' has dtype I64", "F16, BF16, F32 and F64"]),
        "overlapping offsets" => (Edited(h => h["head.bias"]!["data_offsets"] = new JsonArray(1696, 1720)),
            ["'head.bias' data_offsets [1696, 1720] overlap tensor 'head.weight'"]),
        "gap between tensors" => (Edited(h => h["head.bias"]!["data_offsets"] = new JsonArray(1728, 1752), d => [.. d, .. new byte[8]]),
            ["'head.bias' begins at 1728, leaving a gap after tensor 'head.weight'"]),
        "offsets not matching size" => (Edited(h => h["head.bias"]!["data_offsets"] = new JsonArray(1720, 1740), d => d[..^4]),
            ["'head.bias' (F64 [3]) needs 24 bytes", "[1720, 1740] span 20 bytes"]),
        "reversed offsets" => (Edited(h => h["head.bias"]!["data_offsets"] = new JsonArray(1744, 1720)),
            ["'head.bias' (F64 [3]) needs 24 bytes", "negative range"]),
        "three offsets" => (Edited(h => h["head.bias"]!["data_offsets"] = new JsonArray(1720, 1744, 1744)),
            ["'head.bias' has 3 data_offsets"]),
        "truncated data" => (Edited(_ => { }, d => d[..^5]),
            ["truncated", "'head.bias' data_offsets [1720, 1744]", "1739 bytes"]),
        "trailing bytes" => (Edited(_ => { }, d => [.. d, 1, 2, 3]),
            ["3 bytes belong to no tensor"]),
        "header length over limit" => (SafetensorsBytes.File("{}", [], declaredHeaderLength: 200_000_000),
            ["200000000 bytes, over the limit of 104857600"]),
        "header length beyond file" => (SafetensorsBytes.File("{}  ", new byte[10], declaredHeaderLength: 100),
            ["truncated: the header length is 100 bytes, beyond the end of the file (14 bytes"]),
        "shorter than length prefix" => ([1, 0, 0, 0, 0], ["truncated: it has 5 bytes"]),
        "truncated header" => (Edited(_ => { })[..300], ["truncated: the header length is", "(292 bytes follow"]),
        "invalid json" => (SafetensorsBytes.File("{\"a\": {\"dtype\": \"F32\",, }}", []), ["not valid JSON"]),
        "header not an object" => (SafetensorsBytes.File("[1, 2]", []), ["the header is StartArray, but should be an object"]),
        "metadata not string" => (Edited(h => h["__metadata__"] = new JsonObject { ["epochs"] = 3 }),
            ["__metadata__ value 'epochs' is Number"]),
        "duplicate name" => (SafetensorsBytes.File(
            "{\"head.bias\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,24]},\"head.bias\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[24,48]}}",
            new byte[48]), ["names 'head.bias' twice"]),
        "negative dimension" => (Edited(h => h["head.bias"]!["shape"] = new JsonArray(-3)),
            ["'head.bias' shape holds Number -3"]),
        "fractional dimension" => (Edited(h => h["head.bias"]!["shape"] = new JsonArray(2.5)),
            ["'head.bias' shape holds Number 2.5"]),
        "missing data_offsets" => (Edited(h => h["head.bias"]!.AsObject().Remove("data_offsets")),
            ["'head.bias' lacks data_offsets"]),
        "entry not an object" => (Edited(h => h["head.bias"] = "F64"),
            ["tensor 'head.bias' is String"]),
        "nan value" => (Edited(_ => { }, d => Poke(d, 1720 + 8, double.NaN)),
            ["'head.bias' element [1] is NaN", "must be finite"]),
        "infinite value" => (Edited(_ => { }, d => Poke(d, 0, double.NegativeInfinity)),
            ["'rnn.weight_ih_l0' element [0]", "must be finite"]),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static List<SafetensorsBytes.Raw> Valid() =>
        SafetensorsBytes.ModelTensors(new LstmManyToOneCeD(seed: 8), SafetensorsBytes.F64, "F64");

    /// <summary>The valid file with its header and data edited.</summary>
    private static byte[] Edited(Action<JsonObject> header, Func<byte[], byte[]>? data = null)
    {
        List<SafetensorsBytes.Raw> tensors = Valid();
        var json = new JsonObject();
        long offset = 0;
        foreach (SafetensorsBytes.Raw t in tensors)
        {
            json[t.Name] = new JsonObject
            {
                ["dtype"] = t.DType,
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + t.Data.Length),
            };
            offset += t.Data.Length;
        }
        header(json);
        byte[] bytes = tensors.SelectMany(t => t.Data).ToArray();
        return SafetensorsBytes.File(json.ToJsonString(), data is null ? bytes : data(bytes));
    }

    private static byte[] Poke(byte[] data, int at, double value)
    {
        BitConverter.TryWriteBytes(data.AsSpan(at, 8), value);
        return data;
    }
}
