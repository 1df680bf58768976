using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;

namespace SeqGen.Tests.Serialization;

/// <summary>Builds safetensors files byte by byte, independently of the library's writer, and snapshots models.</summary>
internal static class SafetensorsBytes
{
    /// <summary>A tensor to write: name, dtype string, shape and its raw little-endian bytes.</summary>
    public sealed record Raw(string Name, string DType, int[] Shape, byte[] Data);

    /// <summary>A well-formed file of the given tensors, contiguous in the given order.</summary>
    public static byte[] File(IEnumerable<Raw> tensors, Dictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is not null)
        {
            var meta = new JsonObject();
            foreach ((string k, string v) in metadata)
            {
                meta[k] = v;
            }
            header["__metadata__"] = meta;
        }
        var data = new MemoryStream();
        foreach (Raw t in tensors)
        {
            header[t.Name] = new JsonObject
            {
                ["dtype"] = t.DType,
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(data.Length, data.Length + t.Data.Length),
            };
            data.Write(t.Data);
        }
        return File(header.ToJsonString(), data.ToArray());
    }

    /// <summary>A file with the given header text and data section; the length prefix is the header's unless given.</summary>
    public static byte[] File(string header, byte[] data, ulong? declaredHeaderLength = null)
    {
        byte[] text = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + text.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, declaredHeaderLength ?? (ulong)text.Length);
        text.CopyTo(file, 8);
        data.CopyTo(file, 8 + text.Length);
        return file;
    }

    public static byte[] F64(IEnumerable<double> values)
    {
        double[] v = values.ToArray();
        var bytes = new byte[v.Length * 8];
        for (int i = 0; i < v.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), v[i]);
        }
        return bytes;
    }

    public static byte[] F32(IEnumerable<double> values)
    {
        double[] v = values.ToArray();
        var bytes = new byte[v.Length * 4];
        for (int i = 0; i < v.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), (float)v[i]);
        }
        return bytes;
    }

    /// <summary>Every parameter of a model as F64 tensors in table order (PyTorch layout), with their values.</summary>
    public static List<Raw> ModelTensors<T>(ISequenceModel<T> model, Func<double[], byte[]> encode, string dtype)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Dictionary<string, double[]> values = Snapshot(model);
        return model.ParameterTable.Select(p => new Raw(p.Name, dtype, p.Shape.ToArray(), encode(values[p.Name]))).ToList();
    }

    /// <summary>All parameters by name, widened to double.</summary>
    public static Dictionary<string, double[]> Snapshot<T>(ISequenceModel<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new Dictionary<string, double[]>();
        foreach (ParameterInfo p in model.ParameterTable)
        {
            var values = new T[p.Length];
            model.GetParameter(p.Name, values);
            result[p.Name] = values.Select(double.CreateChecked).ToArray();
        }
        return result;
    }

    /// <summary>The flat parameter span too, so a change anywhere (even outside named tensors) shows.</summary>
    public static T[] Flat<T>(ISequenceModel<T> model) where T : unmanaged, IFloatingPointIeee754<T> => model.Parameters.ToArray();

    public static Stream Resource(string name) =>
        typeof(SafetensorsBytes).Assembly.GetManifestResourceStream("Safetensors." + name)
        ?? throw new FileNotFoundException($"Embedded test file Safetensors.{name} is missing.");
}

/// <summary>A stream that reads like a pipe: no seeking, no length.</summary>
internal sealed class NonSeekableStream(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 7));
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
