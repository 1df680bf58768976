using System;
using System.Collections.Generic;

namespace SeqGen;

/// <summary>
/// Converts a model's tensors between PyTorch layout (SeqGen's own) and the Keras and ONNX
/// layouts named in <see cref="WeightLayout"/>. The conversion reorders gate blocks and transposes;
/// it never changes a value, except that saving to Keras adds an LSTM's or RNN's two PyTorch biases
/// into Keras's single bias. Supported: models whose parameters are <c>rnn.*</c> LSTM, GRU and RNN
/// layers (stacked, bidirectional, mixed) and the <c>head</c> linear layer; others throw
/// <see cref="NotSupportedException"/>. Activations and GRU variants are not in the tensors: the
/// model must be declared to match the source (see docs/weights.md).
/// </summary>
public static class WeightLayouts
{
    /// <summary>
    /// Converts <paramref name="tensors"/> in <paramref name="layout"/> into PyTorch tensors of
    /// <paramref name="table"/> (in table order). Missing, extra or misshapen tensors throw one
    /// <see cref="WeightsFormatException"/> naming them. PyTorch layout returns the input as it is.
    /// </summary>
    public static IReadOnlyList<WeightTensor> ToPyTorch(IReadOnlyList<ParameterInfo> table, WeightLayout layout, IReadOnlyList<WeightTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(tensors);
        if (layout == WeightLayout.PyTorch)
        {
            return tensors;
        }
        var structure = RecurrentStructure.Parse(table);
        List<LayoutTensorSpec> specs = LayoutMapping.Spec(structure, table, layout);
        var other = Validate(specs, layout, tensors);
        var torch = new double[table.Count][];
        for (int i = 0; i < torch.Length; i++)
        {
            torch[i] = new double[table[i].Length];
        }
        LayoutMapping.Map(structure, layout, torch, other, toTorch: true);
        var result = new WeightTensor[table.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = new WeightTensor(table[i].Name, table[i].Shape, torch[i]);
        }
        return result;
    }

    /// <summary>
    /// Converts PyTorch tensors of <paramref name="table"/> (each present once, with its shape, finite)
    /// into <paramref name="layout"/>'s tensors, e.g. to write a Keras- or ONNX-layout file with
    /// <see cref="SafetensorsWriter"/>. GRU biases go to Keras as [2, 3H] (<c>reset_after=True</c>).
    /// </summary>
    public static IReadOnlyList<WeightTensor> FromPyTorch(IReadOnlyList<ParameterInfo> table, WeightLayout layout, IReadOnlyList<WeightTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(tensors);
        double[][] torch = ModelTensors.Match<double>(table, "(the given parameter table)", tensors);
        if (layout == WeightLayout.PyTorch)
        {
            var same = new WeightTensor[table.Count];
            for (int i = 0; i < same.Length; i++)
            {
                same[i] = new WeightTensor(table[i].Name, table[i].Shape, torch[i]);
            }
            return same;
        }
        var structure = RecurrentStructure.Parse(table);
        List<LayoutTensorSpec> specs = LayoutMapping.Spec(structure, table, layout);
        var other = new Dictionary<string, (double[] Values, IReadOnlyList<int> Shape)>(StringComparer.Ordinal);
        foreach (LayoutTensorSpec spec in specs)
        {
            other[spec.Name] = (new double[Product(spec.Shape)], spec.Shape);
        }
        LayoutMapping.Map(structure, layout, torch, other, toTorch: false);
        var result = new WeightTensor[specs.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = new WeightTensor(specs[i].Name, specs[i].Shape, other[specs[i].Name].Values);
        }
        return result;
    }

    private static Dictionary<string, (double[] Values, IReadOnlyList<int> Shape)> Validate(
        List<LayoutTensorSpec> specs, WeightLayout layout, IReadOnlyList<WeightTensor> tensors)
    {
        var expected = new (string, string)[specs.Count];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = (specs[i].Name, $"{specs[i].Name} {WeightTensor.FormatShape(specs[i].Shape)}");
        }
        Dictionary<string, WeightTensor> byName = TensorSetCheck.ByName(expected, tensors, $"the model in {layout} layout (docs/weights.md names its tensors)");
        var result = new Dictionary<string, (double[] Values, IReadOnlyList<int> Shape)>(StringComparer.Ordinal);
        foreach (LayoutTensorSpec spec in specs)
        {
            WeightTensor t = byName[spec.Name];
            if (!WeightTensor.SameShape(t.Shape, spec.Shape) && (spec.Alternative is null || !WeightTensor.SameShape(t.Shape, spec.Alternative)))
            {
                throw new WeightsFormatException(
                    $"Tensor '{spec.Name}' has shape {WeightTensor.FormatShape(t.Shape)} in the file, but the model in {layout} layout expects " +
                    WeightTensor.FormatShape(spec.Shape) + (spec.Alternative is null ? "" : $" or {WeightTensor.FormatShape(spec.Alternative)}") + ".")
                { TensorName = spec.Name };
            }
            result[spec.Name] = (t.Values.ToArray(), t.Shape);
        }
        return result;
    }

    private static int Product(int[] shape)
    {
        int n = 1;
        foreach (int d in shape)
        {
            n *= d;
        }
        return n;
    }
}
