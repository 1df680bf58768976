using System;
using System.Numerics;

namespace SeqGen;

/// <summary>
/// Copies the examples of a mini-batch side by side, <see cref="BatchedRecurrentGradients{T}.Lanes"/> at
/// a time, for a model's ComputeBatchGradients (which takes contiguous sequences). The buffers are
/// per thread, so <see cref="DataParallel{T}"/>'s workers each have their own, and are kept: after
/// the first batch of a given size, gathering allocates nothing.
/// </summary>
internal static class BatchGather<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Group = BatchedRecurrentGradients<T>.Lanes;

    [ThreadStatic] private static T[]? s_inputs;
    [ThreadStatic] private static T[]? s_targets;
    [ThreadStatic] private static int[]? s_classes;

    public static double Regression(IBatchedRegressionModel<T> model, RegressionDataset<T> data, ReadOnlySpan<int> indices)
    {
        int inputLength = data.InputLength, targetLength = data.TargetLength;
        Span<T> inputs = Buffer(ref s_inputs, Group * inputLength);
        Span<T> targets = Buffer(ref s_targets, Group * targetLength);
        double loss = 0;
        for (int first = 0; first < indices.Length; first += Group)
        {
            int count = Math.Min(Group, indices.Length - first);
            for (int n = 0; n < count; n++)
            {
                data.Input(indices[first + n]).CopyTo(inputs.Slice(n * inputLength, inputLength));
                data.Target(indices[first + n]).CopyTo(targets.Slice(n * targetLength, targetLength));
            }
            loss += double.CreateChecked(model.ComputeBatchGradients(inputs.Slice(0, count * inputLength), targets.Slice(0, count * targetLength), count));
        }
        return loss;
    }

    public static double Classification(IBatchedClassifierModel<T> model, ClassificationDataset<T> data, ReadOnlySpan<int> indices)
    {
        int inputLength = data.InputLength, targetLength = data.TargetLength;
        Span<T> inputs = Buffer(ref s_inputs, Group * inputLength);
        Span<int> targets = Buffer(ref s_classes, Group * targetLength);
        double loss = 0;
        for (int first = 0; first < indices.Length; first += Group)
        {
            int count = Math.Min(Group, indices.Length - first);
            for (int n = 0; n < count; n++)
            {
                data.Input(indices[first + n]).CopyTo(inputs.Slice(n * inputLength, inputLength));
                data.Target(indices[first + n]).CopyTo(targets.Slice(n * targetLength, targetLength));
            }
            loss += double.CreateChecked(model.ComputeBatchGradients(inputs.Slice(0, count * inputLength), targets.Slice(0, count * targetLength), count));
        }
        return loss;
    }

    private static Span<TElement> Buffer<TElement>(ref TElement[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = new TElement[length];
        }
        return buffer.AsSpan(0, length);
    }
}
