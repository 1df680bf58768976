using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace SeqGen.Tests.Generator;

/// <summary>An AdditionalFiles item held in memory.</summary>
public sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}

/// <summary>Weights files for generator tests, as SeqGen.targets hands them to the compiler (base64 text).</summary>
public static class WeightsFiles
{
    /// <summary>The tensors of [Lstm(3)] over InputSize = 2 with one output, filled with distinct small values.</summary>
    public static List<WeightTensor> Lstm3Over2() => new()
    {
        Tensor("rnn.weight_ih_l0", 12, 2),
        Tensor("rnn.weight_hh_l0", 12, 3),
        Tensor("rnn.bias_ih_l0", 12),
        Tensor("rnn.bias_hh_l0", 12),
        Tensor("head.weight", 1, 3),
        Tensor("head.bias", 1),
    };

    public static WeightTensor Tensor(string name, params int[] shape)
    {
        int length = shape.Aggregate(1, (a, b) => a * b);
        double[] values = Enumerable.Range(0, length).Select(i => (name.Length + i) / 64.0 - 0.25).ToArray();
        return new WeightTensor(name, shape, values);
    }

    public static byte[] Bytes(IReadOnlyList<WeightTensor> tensors, SafetensorsDType dtype = SafetensorsDType.F32)
    {
        using var stream = new MemoryStream();
        SafetensorsWriter.Write(stream, tensors, dtype: dtype);
        return stream.ToArray();
    }

    /// <summary>The .base64 item SeqGen.targets would pass for <paramref name="fileName"/>.</summary>
    public static AdditionalText Text(string fileName, byte[] bytes) =>
        new InMemoryAdditionalText("/project/obj/seqgen/" + fileName + ".base64", Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks));

    /// <summary>Runs the generator over <paramref name="source"/> with the given additional files.</summary>
    public static GeneratorRun Run(string source, params AdditionalText[] files)
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver().AddAdditionalTexts(files.ToImmutableArray());
        return GeneratorHarness.Run(driver, GeneratorHarness.CreateCompilation(source));
    }
}
