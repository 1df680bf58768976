using System;
using System.Collections.Generic;

namespace SeqGen.Data;

/// <summary>
/// Fits a variable-length sequence of <c>len</c> steps, stored flat as [len][features], into a
/// model's fixed [steps][features] buffer, with the course's conventions:
/// <list type="bullet">
/// <item><description>inputs are padded at the FRONT (<see cref="PadFront{T}(ReadOnlySpan{T}, int, Span{T}, T)"/>): the zeros come first, so the
/// last real input sits at the last step, where a many-to-one model reads its result;</description></item>
/// <item><description>outputs (targets) are padded at the BACK (<see cref="PadBack{T}(ReadOnlySpan{T}, int, Span{T}, T)"/>): the real targets
/// start at step 0, aligned with the first outputs, and the padding follows.</description></item>
/// </list>
/// The number of steps is <c>destination.Length / features</c>. Works for any unmanaged element
/// type: float or double values, or int class ids (pad those with a class id of your choosing).
/// </summary>
public static class SequencePadding
{
    /// <summary>
    /// Copies <paramref name="sequence"/> ([len][features]) to the end of <paramref name="destination"/>
    /// ([steps][features]) and fills the steps before it with <paramref name="padding"/> (default: zero).
    /// Returns the number of padded steps (steps - len).
    /// </summary>
    /// <exception cref="ArgumentException">The sequence is longer than the destination, or a length is not a whole number of steps.</exception>
    public static int PadFront<T>(ReadOnlySpan<T> sequence, int features, Span<T> destination, T padding = default)
        where T : unmanaged
    {
        int padded = PaddedSteps(sequence.Length, features, destination.Length, nameof(sequence));
        int padLength = padded * features;
        destination[..padLength].Fill(padding);
        sequence.CopyTo(destination[padLength..]);
        return padded;
    }

    /// <summary>
    /// Copies <paramref name="sequence"/> ([len][features]) to the start of <paramref name="destination"/>
    /// ([steps][features]) and fills the steps after it with <paramref name="padding"/> (default: zero).
    /// Returns the number of padded steps (steps - len).
    /// </summary>
    /// <exception cref="ArgumentException">The sequence is longer than the destination, or a length is not a whole number of steps.</exception>
    public static int PadBack<T>(ReadOnlySpan<T> sequence, int features, Span<T> destination, T padding = default)
        where T : unmanaged
    {
        int padded = PaddedSteps(sequence.Length, features, destination.Length, nameof(sequence));
        sequence.CopyTo(destination);
        destination[sequence.Length..].Fill(padding);
        return padded;
    }

    /// <summary>
    /// <see cref="PadFront{T}(ReadOnlySpan{T}, int, Span{T}, T)"/> for a sequence given as rows, one
    /// array of <paramref name="features"/> values per step.
    /// </summary>
    /// <exception cref="ArgumentException">A row has the wrong number of values (the message names the row), or there are more rows than steps.</exception>
    public static int PadFront<T>(IReadOnlyList<T[]> rows, int features, Span<T> destination, T padding = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(rows);
        int padded = PaddedSteps(rows.Count * Math.Max(features, 0), features, destination.Length, nameof(rows));
        CheckRows(rows, features);
        destination[..(padded * features)].Fill(padding);
        CopyRows(rows, features, destination[(padded * features)..]);
        return padded;
    }

    /// <summary>
    /// <see cref="PadBack{T}(ReadOnlySpan{T}, int, Span{T}, T)"/> for a sequence given as rows, one
    /// array of <paramref name="features"/> values per step.
    /// </summary>
    /// <exception cref="ArgumentException">A row has the wrong number of values (the message names the row), or there are more rows than steps.</exception>
    public static int PadBack<T>(IReadOnlyList<T[]> rows, int features, Span<T> destination, T padding = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(rows);
        int padded = PaddedSteps(rows.Count * Math.Max(features, 0), features, destination.Length, nameof(rows));
        CheckRows(rows, features);
        CopyRows(rows, features, destination);
        destination[(rows.Count * features)..].Fill(padding);
        return padded;
    }

    private static int PaddedSteps(int sequenceLength, int features, int destinationLength, string argument)
    {
        if (features < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(features), features, $"features must be at least 1, but is {features}.");
        }
        if (destinationLength % features != 0)
        {
            throw new ArgumentException(
                $"destination has length {destinationLength}, which is not a whole number of steps of {features} features.", "destination");
        }
        if (sequenceLength % features != 0)
        {
            throw new ArgumentException(
                $"{argument} has length {sequenceLength}, which is not a whole number of steps of {features} features.", argument);
        }
        int steps = destinationLength / features, length = sequenceLength / features;
        if (length > steps)
        {
            throw new ArgumentException(
                $"{argument} has {length} steps, but the destination holds only {steps}; shorten the sequence or raise Steps.", argument);
        }
        return steps - length;
    }

    private static void CheckRows<T>(IReadOnlyList<T[]> rows, int features)
    {
        for (int r = 0; r < rows.Count; r++)
        {
            if (rows[r] is null || rows[r].Length != features)
            {
                string found = rows[r] is null ? "is null" : $"has {rows[r].Length} values";
                throw new ArgumentException($"rows[{r}] {found}, but every step must have {features} features.", nameof(rows));
            }
        }
    }

    private static void CopyRows<T>(IReadOnlyList<T[]> rows, int features, Span<T> destination)
    {
        for (int r = 0; r < rows.Count; r++)
        {
            rows[r].CopyTo(destination.Slice(r * features, features));
        }
    }
}
