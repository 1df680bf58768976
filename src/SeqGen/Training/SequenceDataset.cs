using System;
using System.Numerics;

namespace SeqGen;

/// <summary>
/// Training examples for a fixed-size model: N inputs stored flat as [N][InputLength] (each input
/// is the model's [Steps][InputSize] buffer; pad shorter sequences with
/// <see cref="Data.SequencePadding"/>). The subclasses add the targets:
/// <see cref="RegressionDataset{T}"/> (real values) and <see cref="ClassificationDataset{T}"/> (class ids).
/// The arrays are used as given, not copied.
/// </summary>
public abstract class SequenceDataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _inputs;

    /// <summary>Checks the inputs' shape; <paramref name="targetCount"/> is the targets array's length, which must be N x <paramref name="targetLength"/>.</summary>
    private protected SequenceDataset(T[] inputs, int inputLength, int targetCount, int targetLength)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputLength), inputLength, $"inputLength must be at least 1, but is {inputLength}.");
        }
        if (targetLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(targetLength), targetLength, $"targetLength must be at least 1, but is {targetLength}.");
        }
        if (inputs.Length == 0)
        {
            throw new ArgumentException("inputs is empty: a dataset needs at least one example.", nameof(inputs));
        }
        if (inputs.Length % inputLength != 0)
        {
            throw new ArgumentException(
                $"inputs has length {inputs.Length}, which is not a whole number of inputs of length {inputLength}.", nameof(inputs));
        }
        int count = inputs.Length / inputLength;
        if (targetCount != (long)count * targetLength)
        {
            throw new ArgumentException(
                $"targets has length {targetCount}, but {count} examples with {targetLength} targets each need {(long)count * targetLength}.", "targets");
        }
        _inputs = inputs;
        InputLength = inputLength;
        TargetLength = targetLength;
        Count = count;
    }

    /// <summary>Number of examples.</summary>
    public int Count { get; }

    /// <summary>Length of one input ([Steps][InputSize]).</summary>
    public int InputLength { get; }

    /// <summary>Number of targets per example.</summary>
    public int TargetLength { get; }

    /// <summary>The input of example <paramref name="index"/>.</summary>
    public ReadOnlySpan<T> Input(int index) => _inputs.AsSpan(checked(index * InputLength), InputLength);
}
