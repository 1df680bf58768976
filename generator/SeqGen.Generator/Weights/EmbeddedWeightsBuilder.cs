using System.Collections.Generic;
using System.Linq;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Weights;

/// <summary>
/// Matches a weights file against a model's parameter table and, when every tensor is there with
/// its shape, converts the file into the model's flat parameter vector: its element type, and
/// matrices input-major (transposed from PyTorch's [rows, columns]), as the generated code stores them;
/// vectors and 3-D convolution weights as they are.
/// </summary>
internal static class EmbeddedWeightsBuilder
{
    /// <summary>A problem with the file: a descriptor ID and its message arguments.</summary>
    public sealed record Problem(string Id, string[] Arguments);

    public static EmbeddedWeights? Build(ModelDescriptor model, WeightsFile file, List<Problem> problems)
    {
        Dictionary<string, WeightsTensor> byName = file.Tensors.ToDictionary(t => t.Name, t => t);
        var values = new double[model.ParameterCount];
        int before = problems.Count;
        foreach (TensorDescriptor tensor in model.Tensors)
        {
            string shape = $"[{tensor.ShapeText}]";
            if (!byName.TryGetValue(tensor.Name, out WeightsTensor? found))
            {
                problems.Add(new Problem("SEQ0403", new[] { file.FileName, tensor.Name, shape }));
                continue;
            }
            bool shapeMatches = tensor.Is3D
                ? found.Shape.Count == 3 && found.Shape[0] == tensor.Rows && found.Shape[1] == tensor.Columns && found.Shape[2] == tensor.Depth
                : tensor.IsMatrix
                ? found.Shape.Count == 2 && found.Shape[0] == tensor.Rows && found.Shape[1] == tensor.Columns
                : found.Shape.Count == 1 && found.Shape[0] == tensor.Rows;
            if (!shapeMatches)
            {
                problems.Add(new Problem("SEQ0405", new[] { file.FileName, tensor.Name, found.ShapeText, shape }));
                continue;
            }
            for (int i = 0; i < tensor.Length; i++)
            {
                double value = model.IsDouble ? found.Values[i] : (float)found.Values[i];
                if (double.IsNaN(value) || double.IsInfinity(value))
                {
                    problems.Add(new Problem("SEQ0402", new[] { file.FileName, $"tensor '{tensor.Name}' holds a NaN or infinite value in {model.ElementType} at index {i}" }));
                    break;
                }
                int target = tensor.IsMatrix
                    ? tensor.Offset + (i % tensor.Columns) * tensor.Rows + i / tensor.Columns
                    : tensor.Offset + i;
                values[target] = value;
            }
        }
        var known = new HashSet<string>(model.Tensors.Select(t => t.Name));
        foreach (WeightsTensor extra in file.Tensors.Where(t => !known.Contains(t.Name)))
        {
            problems.Add(new Problem("SEQ0404", new[] { file.FileName, extra.Name }));
        }
        return problems.Count == before ? new EmbeddedWeights(file.FileName, values.ToEquatableArray()) : null;
    }
}
