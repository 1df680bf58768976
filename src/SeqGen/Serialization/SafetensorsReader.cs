using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace SeqGen;

/// <summary>
/// Reads safetensors files (8-byte little-endian header length, UTF-8 JSON header, raw
/// little-endian data) with F16, BF16, F32 and F64 tensors. The whole file is checked before
/// anything is returned; any problem throws one <see cref="WeightsFormatException"/>.
/// </summary>
public static class SafetensorsReader
{
    /// <summary>The largest header accepted (100 MiB), as a guard against corrupt length prefixes.</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static SafetensorsContent Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(file);
    }

    /// <summary>Reads a safetensors file from the current position of <paramref name="stream"/> to its end.</summary>
    public static SafetensorsContent Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> prefix = stackalloc byte[8];
        int got = stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false);
        if (got < 8)
        {
            throw new WeightsFormatException($"The file is truncated: it has {got} bytes, but a safetensors file starts with an 8-byte header length.");
        }
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
        {
            throw new WeightsFormatException($"The header length is {headerLength} bytes, over the limit of {MaxHeaderBytes} (a corrupt or foreign file).");
        }
        if (stream.CanSeek && (long)headerLength > stream.Length - stream.Position)
        {
            throw new WeightsFormatException(
                $"The file is truncated: the header length is {headerLength} bytes, beyond the end of the file ({stream.Length - stream.Position} bytes follow the length).");
        }
        var header = new byte[headerLength];
        got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (got < header.Length)
        {
            throw new WeightsFormatException(
                $"The file is truncated: the header length is {headerLength} bytes, beyond the end of the file ({got} bytes follow the length).");
        }
        (List<SafetensorsEntry> entries, Dictionary<string, string> metadata) = SafetensorsHeader.Parse(header);

        byte[] data = ReadData(stream, entries);
        var tensors = new WeightTensor[entries.Count];
        entries.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        for (int i = 0; i < tensors.Length; i++)
        {
            SafetensorsEntry e = entries[i];
            var values = new double[e.Length];
            ElementCodec.Decode(data.AsSpan((int)e.Begin, (int)(e.End - e.Begin)), e.DType, values);
            tensors[i] = new WeightTensor(e.Name, e.Shape, values);
        }
        return new SafetensorsContent(tensors, metadata);
    }

    private static byte[] ReadData(Stream stream, List<SafetensorsEntry> entries)
    {
        ulong needed = 0;
        SafetensorsEntry last = default;
        foreach (SafetensorsEntry e in entries)
        {
            if (e.End >= needed)
            {
                needed = e.End;
                last = e;
            }
        }
        if (needed > (ulong)Array.MaxLength)
        {
            throw new WeightsFormatException($"Tensor '{last.Name}' ends at byte {needed} of the data, more than SeqGen can load at once.") { TensorName = last.Name };
        }
        if (stream.CanSeek)
        {
            long available = stream.Length - stream.Position;
            CheckDataLength((ulong)available, needed, last);
            var data = new byte[needed];
            stream.ReadExactly(data);
            return data;
        }
        // A stream of unknown length: read what the tensors need, then count whatever follows.
        var buffer = new byte[needed];
        ulong got = (ulong)stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        Span<byte> rest = stackalloc byte[256];
        for (int n; (n = stream.Read(rest)) > 0;)
        {
            got += (ulong)n;
        }
        CheckDataLength(got, needed, last);
        return buffer;
    }

    private static void CheckDataLength(ulong available, ulong needed, SafetensorsEntry last)
    {
        if (available < needed)
        {
            throw new WeightsFormatException(
                $"The file is truncated: tensor '{last.Name}' data_offsets [{last.Begin}, {last.End}] reach beyond the data section, which has {available} bytes.")
            { TensorName = last.Name };
        }
        if (available > needed)
        {
            throw new WeightsFormatException(
                $"The data section has {available} bytes, but the header's tensors cover only {needed}: {available - needed} bytes belong to no tensor.");
        }
    }
}
