using System;
using System.Globalization;
using SeqGen;

// Prints what a model from the SeqGen package computes, for PackageTests to compare with the
// same model built from the repository's sources: the parameter count, then the streaming
// prediction for each of 12 inputs (round-trip format).
var model = new EmbeddedSine();
Console.WriteLine($"parameters {EmbeddedSine.ParameterCount}");
float[] x = new float[1];
float[] y = new float[1];
for (int i = 0; i < 12; i++)
{
    x[0] = MathF.Sin(i / 3f);
    model.Step(x, y);
    Console.WriteLine(y[0].ToString("R", CultureInfo.InvariantCulture));
}

/// <summary>The model of samples/EmbeddedInference, its weights built in.</summary>
[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 40, OutputSize = 1, Weights = "sine.safetensors")]
[Lstm(12)]
public partial class EmbeddedSine { }
