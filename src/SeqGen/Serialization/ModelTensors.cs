using System;
using System.Collections.Generic;
using System.Numerics;

namespace SeqGen;

/// <summary>Matches a file's tensors (PyTorch names) to a model's parameter table, checking everything before any value is used.</summary>
internal static class ModelTensors
{
    /// <summary>
    /// Returns each parameter's values in the model's precision, in table order; throws one
    /// <see cref="WeightsFormatException"/> for missing or extra tensors, another shape, or a value
    /// that is not finite in <typeparamref name="T"/> (a NaN, an infinity, or an F64 beyond float's range).
    /// </summary>
    public static T[][] Match<T>(IReadOnlyList<ParameterInfo> table, string modelName, IReadOnlyList<WeightTensor> tensors)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = new (string, string)[table.Count];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = (table[i].Name, table[i].ToString());
        }
        Dictionary<string, WeightTensor> byName = TensorSetCheck.ByName(expected, tensors, $"model {modelName}");

        var result = new T[table.Count][];
        for (int i = 0; i < result.Length; i++)
        {
            ParameterInfo p = table[i];
            WeightTensor t = byName[p.Name];
            if (!WeightTensor.SameShape(t.Shape, p.Shape))
            {
                throw new WeightsFormatException(
                    $"Tensor '{p.Name}' has shape {WeightTensor.FormatShape(t.Shape)} in the file, but model {modelName} expects {WeightTensor.FormatShape(p.Shape)}.")
                { TensorName = p.Name };
            }
            result[i] = Narrow<T>(t);
        }
        return result;
    }

    private static T[] Narrow<T>(WeightTensor tensor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<double> source = tensor.Values;
        var values = new T[source.Length];
        for (int j = 0; j < values.Length; j++)
        {
            values[j] = T.CreateTruncating(source[j]);
            if (!T.IsFinite(values[j]))
            {
                throw new WeightsFormatException(
                    $"Tensor '{tensor.Name}' element [{j}] is {source[j]}, which is {values[j]} in {typeof(T).Name}; weights must be finite.")
                { TensorName = tensor.Name };
            }
        }
        return values;
    }
}
