using System;
using System.Collections.Generic;
using System.Text.Json;

namespace SeqGen;

/// <summary>
/// Parses and checks a safetensors JSON header by hand (Utf8JsonReader; no reflection): every entry
/// has a supported dtype, a shape of non-negative dimensions and two data_offsets whose span is
/// exactly shape x dtype size; the entries tile the data section from 0 without gap or overlap,
/// as the reference implementation requires. Unknown fields of an entry are ignored, as there.
/// </summary>
internal static class SafetensorsHeader
{
    public const string MetadataKey = "__metadata__";

    public static (List<SafetensorsEntry> Entries, Dictionary<string, string> Metadata) Parse(ReadOnlySpan<byte> json)
    {
        var entries = new List<SafetensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            Expect(ref reader, JsonTokenType.StartObject, "the header");
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                string name = reader.GetString()!;
                if (!names.Add(name))
                {
                    throw Error($"The header names '{name}' twice.", name);
                }
                if (name == MetadataKey)
                {
                    ReadMetadata(ref reader, metadata);
                }
                else
                {
                    entries.Add(ReadEntry(ref reader, name));
                }
            }
            if (reader.Read())
            {
                throw Error("The header has content after its closing brace.", null);
            }
        }
        catch (JsonException e)
        {
            throw new WeightsFormatException($"The header is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new WeightsFormatException($"The header is not valid JSON: {e.Message}", e);
        }
        CheckOffsets(entries);
        return (entries, metadata);
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata)
    {
        Expect(ref reader, JsonTokenType.StartObject, "__metadata__");
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            if (Next(ref reader) != JsonTokenType.String)
            {
                throw Error($"__metadata__ value '{key}' is {reader.TokenType}, but metadata values must be strings.", null);
            }
            metadata[key] = reader.GetString()!;
        }
    }

    private static SafetensorsEntry ReadEntry(ref Utf8JsonReader reader, string name)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"tensor '{name}'");
        string? dtypeName = null;
        List<long>? shape = null;
        List<long>? offsets = null;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string field = reader.GetString()!;
            switch (field)
            {
                case "dtype":
                    if (Next(ref reader) != JsonTokenType.String)
                    {
                        throw Error($"Tensor '{name}' has a dtype that is not a string.", name);
                    }
                    dtypeName = reader.GetString();
                    break;
                case "shape":
                    shape = ReadIntegers(ref reader, name, "shape");
                    break;
                case "data_offsets":
                    offsets = ReadIntegers(ref reader, name, "data_offsets");
                    break;
                default:
                    reader.Read();
                    reader.Skip();
                    break;
            }
        }
        if (dtypeName is null || shape is null || offsets is null)
        {
            throw Error($"Tensor '{name}' lacks {(dtypeName is null ? "dtype" : shape is null ? "shape" : "data_offsets")}.", name);
        }
        if (!ElementCodec.TryParse(dtypeName, out SafetensorsDType dtype))
        {
            throw Error($"Tensor '{name}' has dtype {dtypeName}; SeqGen reads F16, BF16, F32 and F64.", name);
        }
        long length = 1;
        var dims = new int[shape.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            if (shape[i] > int.MaxValue)
            {
                throw Error($"Tensor '{name}' has dimension {shape[i]}, over the supported {int.MaxValue}.", name);
            }
            dims[i] = (int)shape[i];
            length *= dims[i];
            if (length > Array.MaxLength)
            {
                throw Error($"Tensor '{name}' of shape {WeightTensor.FormatShape(dims)} has more elements than an array can hold.", name);
            }
        }
        if (offsets.Count != 2)
        {
            throw Error($"Tensor '{name}' has {offsets.Count} data_offsets, but needs two: [begin, end].", name);
        }
        ulong begin = (ulong)offsets[0], end = (ulong)offsets[1];
        ulong bytes = (ulong)length * (ulong)ElementCodec.Size(dtype);
        if (end < begin || end - begin != bytes)
        {
            throw Error($"Tensor '{name}' ({dtypeName} {WeightTensor.FormatShape(dims)}) needs {bytes} bytes, " +
                $"but its data_offsets [{begin}, {end}] span {(end < begin ? "a negative range" : $"{end - begin} bytes")}.", name);
        }
        return new SafetensorsEntry(name, dtype, dims, length, begin, end);
    }

    private static List<long> ReadIntegers(ref Utf8JsonReader reader, string name, string field)
    {
        Expect(ref reader, JsonTokenType.StartArray, $"tensor '{name}' {field}");
        var values = new List<long>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value) || value < 0)
            {
                throw Error($"Tensor '{name}' {field} holds {DescribeToken(ref reader)}, but only non-negative integers belong there.", name);
            }
            values.Add(value);
        }
        return values;
    }

    private static void CheckOffsets(List<SafetensorsEntry> entries)
    {
        var sorted = entries.ToArray();
        Array.Sort(sorted, (a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        ulong position = 0;
        string? previous = null;
        foreach (SafetensorsEntry e in sorted)
        {
            if (e.Begin < position)
            {
                throw Error($"Tensor '{e.Name}' data_offsets [{e.Begin}, {e.End}] overlap tensor '{previous}', which ends at {position}.", e.Name);
            }
            if (e.Begin > position)
            {
                throw Error($"Tensor '{e.Name}' begins at {e.Begin}, leaving a gap after {(previous is null ? "the start of the data" : $"tensor '{previous}'")} at {position}; " +
                    "safetensors tensors must be contiguous.", e.Name);
            }
            position = e.End;
            previous = e.Name;
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw Error("The header ends in the middle of its JSON.", null);
        }
        return reader.TokenType;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (Next(ref reader) != type)
        {
            throw Error($"In the header, {what} is {DescribeToken(ref reader)}, but should be {(type == JsonTokenType.StartArray ? "an array" : "an object")}.", null);
        }
    }

    private static string DescribeToken(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number or JsonTokenType.String => $"{reader.TokenType} {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)}",
        _ => reader.TokenType.ToString(),
    };

    private static WeightsFormatException Error(string message, string? tensor) => new(message) { TensorName = tensor };
}
