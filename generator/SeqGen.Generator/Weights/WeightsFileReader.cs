using System;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Weights;

/// <summary>
/// Reads weights files from <c>AdditionalFiles</c>. A generator sees additional files only as text
/// (the compiler decodes them, and rejects binary content), and may not open files itself (RS1035),
/// so a binary <c>.safetensors</c> reaches it as <c>name.safetensors.base64</c>: the file's bytes in
/// base64, written by the SeqGen.targets MSBuild step (or by hand). A raw <c>.safetensors</c> item is
/// recognised by name only and reported as unreadable, never decoded as text.
/// </summary>
internal static class WeightsFileReader
{
    public const string Extension = ".safetensors";
    public const string TextExtension = ".safetensors.base64";

    public static bool IsCandidate(string path) =>
        path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) || path.EndsWith(TextExtension, StringComparison.OrdinalIgnoreCase);

    /// <summary>The file name a <c>Weights</c> argument matches: the base64 form answers to the binary file's name.</summary>
    public static string MatchName(string path)
    {
        string name = Path.GetFileName(path);
        return name.EndsWith(TextExtension, StringComparison.OrdinalIgnoreCase)
            ? name.Substring(0, name.Length - ".base64".Length)
            : name;
    }

    public static WeightsFile Read(AdditionalText text, CancellationToken cancellationToken)
    {
        string name = MatchName(text.Path);
        if (!text.Path.EndsWith(TextExtension, StringComparison.OrdinalIgnoreCase))
        {
            return new WeightsFile(name, "it is a binary file, which a source generator cannot read; build with SeqGen.targets (imported by the SeqGen package), which passes it to the generator as base64", EquatableArray<WeightsTensor>.Empty);
        }
        SourceText? source = text.GetText(cancellationToken);
        if (source is null)
        {
            return new WeightsFile(name, "the compiler could not read it", EquatableArray<WeightsTensor>.Empty);
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(source.ToString());
        }
        catch (FormatException)
        {
            return new WeightsFile(name, "its .base64 form is not valid base64", EquatableArray<WeightsTensor>.Empty);
        }
        try
        {
            return new WeightsFile(name, null, SafetensorsParser.Parse(bytes).ToEquatableArray());
        }
        catch (FormatException e)
        {
            return new WeightsFile(name, e.Message, EquatableArray<WeightsTensor>.Empty);
        }
    }

    /// <summary>The file a declaration's <c>Weights</c> names, by file name (first match; the base64 form preferred).</summary>
    public static WeightsLookup Find(StringArgument requested, EquatableArray<WeightsFile> files)
    {
        string wanted = Path.GetFileName(requested.Value.Replace('\\', '/'));
        WeightsFile? file = files.Where(f => string.Equals(f.FileName, wanted, StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f.Error is null ? 0 : 1)
            .FirstOrDefault();
        return new WeightsLookup(requested, file);
    }
}
