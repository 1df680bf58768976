using System;
using System.IO;
using System.Text;

namespace SeqGen.Samples.CharacterModel;

/// <summary>
/// The bundled text: the first 300 KB (up to a blank line) of Tiny Shakespeare, a concatenation of
/// Shakespeare's plays (public domain), embedded in this assembly; and its character vocabulary.
/// </summary>
public static class Corpus
{
    /// <summary>Every character of Tiny Shakespeare, in class-id order (the bundled slice uses 62 of them).</summary>
    public const string Alphabet = "\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Number of classes; the model's InputSize and OutputSize (a compile-time constant).</summary>
    public const int Size = 65;

    /// <summary>The bundled text.</summary>
    public static string Text()
    {
        using Stream stream = typeof(Corpus).Assembly.GetManifestResourceStream("CharacterModel.shakespeare.txt")
            ?? throw new InvalidOperationException("the embedded resource CharacterModel.shakespeare.txt is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>The class id of every character; throws for a character outside <see cref="Alphabet"/>.</summary>
    public static int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new int[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            ids[i] = Alphabet.IndexOf(text[i], StringComparison.Ordinal);
            if (ids[i] < 0)
            {
                throw new ArgumentException($"character {(int)text[i]} at {i} is not in the alphabet", nameof(text));
            }
        }
        return ids;
    }
}
