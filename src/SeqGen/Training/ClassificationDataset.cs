using System;
using System.Numerics;

namespace SeqGen;

/// <summary>Examples for an <see cref="IClassifierModel{T}"/>: inputs [N][InputLength] and class ids [N][OutputSteps].</summary>
public sealed class ClassificationDataset<T> : SequenceDataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _targets;

    /// <summary>Wraps <paramref name="inputs"/> ([N][inputLength]) and <paramref name="targets"/> ([N][targetLength] class ids); the arrays are not copied.</summary>
    /// <exception cref="ArgumentException">Empty inputs, or lengths that do not make N whole examples with matching targets.</exception>
    public ClassificationDataset(T[] inputs, int inputLength, int[] targets, int targetLength = 1)
        : base(inputs, inputLength, (targets ?? throw new ArgumentNullException(nameof(targets))).Length, targetLength)
    {
        _targets = targets;
    }

    /// <summary>The class ids of example <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> Target(int index) => _targets.AsSpan(checked(index * TargetLength), TargetLength);
}
