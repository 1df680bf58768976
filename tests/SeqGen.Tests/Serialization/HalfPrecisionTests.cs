using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Numerics;
using SeqGen.Tests.Reference;
using Xunit;

namespace SeqGen.Tests.Serialization;

/// <summary>F16 and BF16 files (bytes written here by hand) load exactly, widened to the model's precision.</summary>
public sealed class HalfPrecisionTests
{
    [Fact]
    public void F16LoadsExactlyIntoDouble() => Check<double>(new LstmManyToOneCeD(seed: 1), "F16", ToF16, FromF16);

    [Fact]
    public void F16LoadsExactlyIntoSingle() => Check<float>(new LstmManyToOneCeF(seed: 1), "F16", ToF16, FromF16);

    [Fact]
    public void BF16LoadsExactlyIntoDouble() => Check<double>(new GruBidirectionalManyToOneD(seed: 1), "BF16", ToBF16, FromBF16);

    [Fact]
    public void BF16LoadsExactlyIntoSingle() => Check<float>(new GruBidirectionalManyToOneF(seed: 1), "BF16", ToBF16, FromBF16);

    [Fact]
    public void BF16DecodesKnownBitPatterns()
    {
        // 0x3F80 = 1.0, 0xC000 = -2.0, 0x3EAB = 0.333984375
        Assert.Equal(1.0, FromBF16(0x3F80));
        Assert.Equal(-2.0, FromBF16(0xC000));
        Assert.Equal(0.33203125, FromBF16(ToBF16(1.0 / 3))); // 1/3 = 0x3EAAAAAB, truncated to 0x3EAA
        var file = SafetensorsBytes.File([new("b", "BF16", [3], [0x80, 0x3F, 0x00, 0xC0, 0xAB, 0x3E])]);
        Assert.Equal(new[] { 1.0, -2.0, 0.333984375 }, SafetensorsReader.Read(new MemoryStream(file)).Tensors[0].Values.ToArray());
    }

    private static void Check<T>(ISequenceModel<T> model, string dtype, Func<double, ushort> encode, Func<ushort, double> decode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var source = SafetensorsBytes.Snapshot(model);
        var file = SafetensorsBytes.File(model.ParameterTable.Select(p =>
            new SafetensorsBytes.Raw(p.Name, dtype, p.Shape.ToArray(), Encode(source[p.Name], encode))));
        model.InitializeParameters(seed: 99);
        model.LoadWeights(new MemoryStream(file));
        var loaded = SafetensorsBytes.Snapshot(model);
        foreach ((string name, double[] values) in source)
        {
            double[] expected = values.Select(v => double.CreateChecked(T.CreateChecked(decode(encode(v))))).ToArray();
            Assert.Equal(expected, loaded[name]);
            // Half precision really loses bits, so this test would notice a loader that read them wider.
            Assert.NotEqual(values, loaded[name]);
        }
    }

    private static byte[] Encode(double[] values, Func<double, ushort> encode)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), encode(values[i]));
        }
        return bytes;
    }

    private static ushort ToF16(double v) => BitConverter.HalfToUInt16Bits((Half)v);

    private static double FromF16(ushort bits) => (double)BitConverter.UInt16BitsToHalf(bits);

    // bfloat16 by truncation: the upper 16 bits of the float32.
    private static ushort ToBF16(double v) => (ushort)(BitConverter.SingleToUInt32Bits((float)v) >> 16);

    private static double FromBF16(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);
}
