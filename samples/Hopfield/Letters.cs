using System;
using System.Collections.Generic;
using System.Text;

namespace SeqGen.Samples.HopfieldLetters;

/// <summary>The stored bitmaps, drawn as text, and conversion between text and bipolar patterns.</summary>
public static class Letters
{
    /// <summary>Four letters whose Hebbian sum keeps each of them a fixed point (an O instead of the H would not be: it overlaps X and L too much).</summary>
    public static readonly IReadOnlyDictionary<char, string[]> Bitmaps = new Dictionary<char, string[]>
    {
        ['T'] = new[]
        {
            "########",
            "########",
            "...##...",
            "...##...",
            "...##...",
            "...##...",
            "...##...",
            "...##...",
        },
        ['X'] = new[]
        {
            "##....##",
            ".##..##.",
            "..####..",
            "...##...",
            "...##...",
            "..####..",
            ".##..##.",
            "##....##",
        },
        ['H'] = new[]
        {
            "##....##",
            "##....##",
            "##....##",
            "########",
            "########",
            "##....##",
            "##....##",
            "##....##",
        },
        ['L'] = new[]
        {
            "##......",
            "##......",
            "##......",
            "##......",
            "##......",
            "##......",
            "########",
            "########",
        },
    };

    public static sbyte[] ToPattern(string[] rows)
    {
        var pattern = new sbyte[LetterMemory.Size];
        for (int r = 0; r < 8; r++)
        {
            for (int c = 0; c < 8; c++)
            {
                pattern[8 * r + c] = rows[r][c] == '#' ? (sbyte)1 : (sbyte)-1;
            }
        }
        return pattern;
    }

    /// <summary>The pattern as 8 rows of '#' (+1) and '.' (-1).</summary>
    public static string[] ToRows(ReadOnlySpan<sbyte> pattern)
    {
        var rows = new string[8];
        var row = new StringBuilder(8);
        for (int r = 0; r < 8; r++)
        {
            row.Clear();
            for (int c = 0; c < 8; c++)
            {
                row.Append(pattern[8 * r + c] > 0 ? '#' : '.');
            }
            rows[r] = row.ToString();
        }
        return rows;
    }
}
