using SeqGen.Generator.Model;

namespace SeqGen.Generator.Weights;

/// <summary>One tensor of a weights file: name, shape, and its values widened to double (exact for F16, BF16, F32, F64).</summary>
internal sealed record WeightsTensor(string Name, string DType, EquatableArray<int> Shape, EquatableArray<double> Values)
{
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

/// <summary>
/// A weights file read at build time from an <c>AdditionalFiles</c> item: its file name (as a
/// <c>Weights = "..."</c> argument names it) and either its tensors or why it could not be read.
/// Values only, so the pipeline caches it.
/// </summary>
internal sealed record WeightsFile(string FileName, string? Error, EquatableArray<WeightsTensor> Tensors);

/// <summary>The weights a model's declaration asks for and the file found for them (null: no AdditionalFiles item of that name).</summary>
internal sealed record WeightsLookup(StringArgument Requested, WeightsFile? File);

/// <summary>A validated model's embedded weights: the file's name and every parameter in the model's internal layout.</summary>
internal sealed record EmbeddedWeights(string FileName, EquatableArray<double> Values);
