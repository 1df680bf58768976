using System;
using System.Buffers.Binary;

namespace SeqGen;

/// <summary>Names, sizes and little-endian encodings of the safetensors element types SeqGen handles.</summary>
internal static class ElementCodec
{
    public static string Name(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F16 => "F16",
        SafetensorsDType.BF16 => "BF16",
        SafetensorsDType.F32 => "F32",
        SafetensorsDType.F64 => "F64",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    public static bool TryParse(string name, out SafetensorsDType dtype)
    {
        switch (name)
        {
            case "F16": dtype = SafetensorsDType.F16; return true;
            case "BF16": dtype = SafetensorsDType.BF16; return true;
            case "F32": dtype = SafetensorsDType.F32; return true;
            case "F64": dtype = SafetensorsDType.F64; return true;
            default: dtype = default; return false;
        }
    }

    public static int Size(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F16 or SafetensorsDType.BF16 => 2,
        SafetensorsDType.F32 => 4,
        SafetensorsDType.F64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>Widens little-endian elements to double (exact for every type).</summary>
    public static void Decode(ReadOnlySpan<byte> bytes, SafetensorsDType dtype, Span<double> values)
    {
        int size = Size(dtype);
        for (int i = 0; i < values.Length; i++)
        {
            ReadOnlySpan<byte> b = bytes.Slice(i * size, size);
            values[i] = dtype switch
            {
                SafetensorsDType.F16 => (double)BinaryPrimitives.ReadHalfLittleEndian(b),
                // bfloat16 is the upper half of a binary32
                SafetensorsDType.BF16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16),
                SafetensorsDType.F32 => BinaryPrimitives.ReadSingleLittleEndian(b),
                _ => BinaryPrimitives.ReadDoubleLittleEndian(b),
            };
        }
    }

    /// <summary>Writes one value as a little-endian F32 (rounded to nearest) or F64.</summary>
    public static void Encode(double value, SafetensorsDType dtype, Span<byte> destination)
    {
        if (dtype == SafetensorsDType.F32)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination, (float)value);
        }
        else
        {
            BinaryPrimitives.WriteDoubleLittleEndian(destination, value);
        }
    }
}
