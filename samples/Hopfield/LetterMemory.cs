namespace SeqGen.Samples.HopfieldLetters;

/// <summary>An associative memory for 8x8 bitmaps: one unit per pixel, '#' = +1, '.' = -1.</summary>
[Hopfield(Size = 64, MaxIterations = 20)]
public partial class LetterMemory { }
