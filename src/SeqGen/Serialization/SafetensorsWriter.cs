using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace SeqGen;

/// <summary>
/// Writes safetensors files as <c>safetensors.torch.save_file</c> does: tensors sorted by name,
/// data contiguous in that order, the JSON header padded with spaces to a multiple of 8 bytes,
/// <c>__metadata__</c> first when given. Elements are written as F32 or F64.
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>Fills <paramref name="destination"/> with the values of tensor <paramref name="index"/>.</summary>
    internal delegate void TensorSource(int index, Span<double> destination);

    /// <summary>Writes <paramref name="tensors"/> (names unique) with optional string metadata, as F32 (rounded) or F64.</summary>
    public static void Write(Stream stream, IReadOnlyList<WeightTensor> tensors,
        IReadOnlyDictionary<string, string>? metadata = null, SafetensorsDType dtype = SafetensorsDType.F32)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var names = new string[tensors.Count];
        var shapes = new IReadOnlyList<int>[tensors.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = tensors[i].Name;
            shapes[i] = tensors[i].Shape;
        }
        Write(stream, names, shapes, (i, destination) => tensors[i].Values.CopyTo(destination), metadata, dtype);
    }

    /// <summary>
    /// Writes the header for the given names and shapes, then asks <paramref name="source"/> for
    /// each tensor's values as it writes it (so a model is read one tensor at a time).
    /// </summary>
    internal static void Write(Stream stream, string[] names, IReadOnlyList<int>[] shapes, TensorSource source,
        IReadOnlyDictionary<string, string>? metadata, SafetensorsDType dtype)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (dtype is not (SafetensorsDType.F32 or SafetensorsDType.F64))
        {
            throw new ArgumentException($"SeqGen writes F32 or F64, not {ElementCodec.Name(dtype)}.", nameof(dtype));
        }
        int size = ElementCodec.Size(dtype);
        var order = new int[names.Length];
        var lengths = new long[names.Length];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
            lengths[i] = 1;
            foreach (int d in shapes[i])
            {
                lengths[i] *= d;
            }
            if (names[i] == SafetensorsHeader.MetadataKey || !seen.Add(names[i]))
            {
                throw new ArgumentException($"Tensor name '{names[i]}' is {(seen.Contains(names[i]) ? "repeated" : "reserved")}.", nameof(names));
            }
        }
        Array.Sort(order, (a, b) => string.CompareOrdinal(names[a], names[b]));

        byte[] header = Header(names, shapes, lengths, order, metadata, dtype);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (int i in order)
        {
            var values = new double[lengths[i]];
            source(i, values);
            var bytes = new byte[values.Length * size];
            for (int j = 0; j < values.Length; j++)
            {
                ElementCodec.Encode(values[j], dtype, bytes.AsSpan(j * size, size));
            }
            stream.Write(bytes);
        }
        stream.Flush();
    }

    private static byte[] Header(string[] names, IReadOnlyList<int>[] shapes, long[] lengths, int[] order,
        IReadOnlyDictionary<string, string>? metadata, SafetensorsDType dtype)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(SafetensorsHeader.MetadataKey);
                foreach (KeyValuePair<string, string> pair in metadata)
                {
                    json.WriteString(pair.Key, pair.Value);
                }
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (int i in order)
            {
                json.WriteStartObject(names[i]);
                json.WriteString("dtype", ElementCodec.Name(dtype));
                json.WriteStartArray("shape");
                foreach (int d in shapes[i])
                {
                    json.WriteNumberValue(d);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += lengths[i] * ElementCodec.Size(dtype);
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }
}
