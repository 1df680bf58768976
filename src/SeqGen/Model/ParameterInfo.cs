using System;
using System.Collections.Generic;

namespace SeqGen;

/// <summary>One named parameter tensor of a model, in PyTorch <c>state_dict</c> naming and shape.</summary>
public sealed class ParameterInfo
{
    private readonly int[] _shape;

    /// <summary>Describes a tensor <paramref name="name"/> of the given shape.</summary>
    public ParameterInfo(string name, params int[] shape)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        _shape = (int[])shape.Clone();
        int length = 1;
        foreach (int d in _shape)
        {
            length = checked(length * d);
        }
        Length = length;
    }

    /// <summary>The PyTorch <c>state_dict</c> name, e.g. <c>rnn.weight_ih_l0</c>.</summary>
    public string Name { get; }

    /// <summary>The PyTorch shape, e.g. [4*H, input] for an LSTM's <c>weight_ih</c>.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{string.Join(", ", _shape)}]";
}
