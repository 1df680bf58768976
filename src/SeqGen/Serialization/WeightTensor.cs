using System;
using System.Collections.Generic;

namespace SeqGen;

/// <summary>One named tensor of a weights file: its shape and its values, row-major, widened to double.</summary>
public sealed class WeightTensor
{
    private readonly int[] _shape;
    private readonly double[] _values;

    /// <summary>Creates a tensor; <paramref name="values"/> is copied and must hold the product of <paramref name="shape"/> elements.</summary>
    public WeightTensor(string name, IReadOnlyList<int> shape, ReadOnlySpan<double> values)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        ArgumentNullException.ThrowIfNull(shape);
        _shape = new int[shape.Count];
        long length = 1;
        for (int i = 0; i < _shape.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(shape[i], nameof(shape));
            _shape[i] = shape[i];
            length = checked(length * shape[i]);
        }
        if (length != values.Length)
        {
            throw new ArgumentException(
                $"Tensor '{name}' of shape {FormatShape(_shape)} needs {length} values, but {values.Length} were given.", nameof(values));
        }
        _values = values.ToArray();
    }

    /// <summary>The tensor's name in its file (e.g. <c>rnn.weight_ih_l0</c>).</summary>
    public string Name { get; }

    /// <summary>The shape, outermost dimension first.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Number of elements.</summary>
    public int Length => _values.Length;

    /// <summary>The values, row-major.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {FormatShape(_shape)}";

    /// <summary>Formats a shape as <c>[20, 3]</c>, as messages print it.</summary>
    public static string FormatShape(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";

    internal static bool SameShape(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        for (int i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }
        return true;
    }
}
