using System;
using System.Globalization;
using System.Threading;
using SeqGen.Samples.HopfieldLetters;

// A Hopfield memory of four 8x8 letters recalls one from a corrupted copy.
Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;

// optional arguments: letter, pixels to flip, seed (defaults X, 10, 3)
LetterRecallResult result = LetterRecall.Run(
    args.Length > 0 ? args[0][0] : 'X',
    args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10,
    args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 3);
Console.WriteLine($"Stored {string.Join(", ", Letters.Bitmaps.Keys)} in a {LetterMemory.Size}-unit Hopfield memory (Hebbian weights, zero diagonal).");
Console.WriteLine($"Every stored letter is a fixed point: {(result.EveryLetterIsAFixedPoint ? "yes" : "no")}");
Console.WriteLine($"Recalling '{result.Letter}' with {result.Flipped} of 64 pixels flipped; asynchronous sweeps in unit order:");
Console.WriteLine();

const int Columns = 11;
Console.WriteLine(string.Concat(FrameTitles(result)).TrimEnd());
for (int row = 0; row < 8; row++)
{
    var line = new System.Text.StringBuilder();
    foreach (string[] frame in result.Frames)
    {
        line.Append(frame[row].PadRight(Columns));
    }
    Console.WriteLine(line.ToString().TrimEnd());
}
Console.WriteLine();
Console.WriteLine($"energy: {string.Join(" -> ", result.Energies.ConvertAll(e => e.ToString("F2")))}");
Console.WriteLine($"Recall: {result.Recall.Iterations} sweeps (the last one changed nothing), converged: {result.Recall.Converged}");
Console.WriteLine(result.Recovered ? $"Recovered '{result.Letter}' exactly." : $"Did not recover '{result.Letter}'.");
return result.Recovered ? 0 : 1;

static string[] FrameTitles(LetterRecallResult result)
{
    var titles = new string[result.Frames.Count];
    for (int i = 0; i < titles.Length; i++)
    {
        titles[i] = (i == 0 ? "corrupted" : $"sweep {i}").PadRight(Columns);
    }
    return titles;
}
