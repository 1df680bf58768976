using System;
using System.Numerics;

namespace SeqGen;

/// <summary>Examples for an <see cref="IRegressionModel{T}"/>: inputs [N][InputLength] and real-valued targets [N][OutputLength].</summary>
public sealed class RegressionDataset<T> : SequenceDataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _targets;

    /// <summary>Wraps <paramref name="inputs"/> ([N][inputLength]) and <paramref name="targets"/> ([N][targetLength]); the arrays are not copied.</summary>
    /// <exception cref="ArgumentException">Empty inputs, or lengths that do not make N whole examples with matching targets.</exception>
    public RegressionDataset(T[] inputs, int inputLength, T[] targets, int targetLength)
        : base(inputs, inputLength, (targets ?? throw new ArgumentNullException(nameof(targets))).Length, targetLength)
    {
        _targets = targets;
    }

    /// <summary>The targets of example <paramref name="index"/>.</summary>
    public ReadOnlySpan<T> Target(int index) => _targets.AsSpan(checked(index * TargetLength), TargetLength);
}
