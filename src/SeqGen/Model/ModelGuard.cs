using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace SeqGen;

/// <summary>
/// Argument checks that generated models call before touching any state, so that a bad call
/// throws a message naming what was wrong and leaves the model as it was.
/// </summary>
public static class ModelGuard
{
    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    /// <remarks>Inlined, with the throw in a helper: a streaming step calls it twice per step.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Length(int actual, int expected, string argument, string layout)
    {
        if (actual != expected)
        {
            ThrowLength(actual, expected, argument, layout);
        }
    }

    [DoesNotReturn]
    private static void ThrowLength(int actual, int expected, string argument, string layout) =>
        throw new ArgumentException($"{argument} has length {actual}, but this model expects {expected} ({layout}).", argument);

    /// <summary>Throws if any value is NaN or infinite.</summary>
    public static void Finite<T>(ReadOnlySpan<T> values, string argument)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    $"{argument}[{i}] is {values[i]}, but inputs must be finite (ValidateInputs is on).", argument);
            }
        }
    }

    /// <summary>Throws unless every class id is in [0, classes).</summary>
    public static void ClassIds(ReadOnlySpan<int> targets, int classes, string argument)
    {
        for (int i = 0; i < targets.Length; i++)
        {
            if ((uint)targets[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(argument,
                    $"{argument}[{i}] is {targets[i]}, but class ids must be in [0, {classes - 1}].");
            }
        }
    }

    /// <summary>Throws unless a batch of <paramref name="count"/> sequences (at least one) has exactly count inputs and count targets of the given lengths.</summary>
    public static void Batch(int count, int inputs, int inputLength, int targets, int targetLength, string targetLayout) =>
        Batch(count, inputs, inputLength, targets, targetLength, targetLayout, "targets");

    /// <summary>The same, naming the second array <paramref name="targetArgument"/> (outputs, for ForwardBatch).</summary>
    public static void Batch(int count, int inputs, int inputLength, int targets, int targetLength, string targetLayout, string targetArgument)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"count is {count}, but a batch needs at least one sequence.");
        }
        if (inputs != (long)count * inputLength)
        {
            throw new ArgumentException($"inputs has length {inputs}, but {count} sequences need {(long)count * inputLength} ([count][Steps][InputSize]).", nameof(inputs));
        }
        if (targets != (long)count * targetLength)
        {
            throw new ArgumentException($"{targetArgument} has length {targets}, but {count} sequences need {(long)count * targetLength} ({targetLayout}).", targetArgument);
        }
    }

    /// <summary>Throws unless a sequence's real length is in [1, steps].</summary>
    public static void SequenceLength(int length, int steps, string argument)
    {
        if (length < 1 || length > steps)
        {
            throw new ArgumentOutOfRangeException(argument,
                $"{argument} is {length}, but a sequence of this model has 1 to {steps} real steps.");
        }
    }

    /// <summary>Throws unless a sampling temperature is positive and finite.</summary>
    public static void Temperature<T>(T temperature, string argument)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(temperature > T.Zero) || !T.IsFinite(temperature))
        {
            throw new ArgumentOutOfRangeException(argument,
                $"{argument} is {temperature}, but a sampling temperature must be positive and finite (use Forward for the argmax).");
        }
    }

    /// <summary>The exception for a parameter name the model does not have.</summary>
    public static ArgumentException UnknownParameter(string? name, IReadOnlyList<ParameterInfo> table)
    {
        var names = new string[table.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = table[i].Name;
        }
        return new ArgumentException(
            $"This model has no parameter named '{name}'. Valid names: {string.Join(", ", names)}.", nameof(name));
    }
}
