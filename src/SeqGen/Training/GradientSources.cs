using System;
using System.Numerics;

namespace SeqGen;

/// <summary>A model paired with its examples: what the training loop needs, the same for regression and classification.</summary>
internal interface IGradientSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    ISequenceModel<T> Model { get; }

    SequenceDataset<T> Data { get; }

    /// <summary>Forward and backward on example <paramref name="index"/>: adds into the gradients, returns its loss.</summary>
    T ComputeGradients(int index);

    /// <summary>
    /// Forward and backward on the examples <paramref name="indices"/>: adds their gradients into the
    /// model's, returns their summed loss, summed in double (a validation set's loss can be a long sum).
    /// A model with lockstep batches gets them (<see cref="BatchGather{T}"/>); any other, one example at a time.
    /// </summary>
    double ComputeGradients(ReadOnlySpan<int> indices);
}

/// <summary>An <see cref="IRegressionModel{T}"/> on a <see cref="RegressionDataset{T}"/>.</summary>
internal readonly struct RegressionSource<T>(IRegressionModel<T> model, RegressionDataset<T> data) : IGradientSource<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public ISequenceModel<T> Model => model;

    public SequenceDataset<T> Data => data;

    public T ComputeGradients(int index) => model.ComputeGradients(data.Input(index), data.Target(index));

    public double ComputeGradients(ReadOnlySpan<int> indices)
    {
        if (model is IBatchedRegressionModel<T> batched && indices.Length > 1)
        {
            return BatchGather<T>.Regression(batched, data, indices);
        }
        return GradientSource.OneAtATime<T, RegressionSource<T>>(this, indices);
    }
}

/// <summary>An <see cref="IClassifierModel{T}"/> on a <see cref="ClassificationDataset{T}"/>.</summary>
internal readonly struct ClassificationSource<T>(IClassifierModel<T> model, ClassificationDataset<T> data) : IGradientSource<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public ISequenceModel<T> Model => model;

    public SequenceDataset<T> Data => data;

    public T ComputeGradients(int index) => model.ComputeGradients(data.Input(index), data.Target(index));

    public double ComputeGradients(ReadOnlySpan<int> indices)
    {
        if (model is IBatchedClassifierModel<T> batched && indices.Length > 1)
        {
            return BatchGather<T>.Classification(batched, data, indices);
        }
        return GradientSource.OneAtATime<T, ClassificationSource<T>>(this, indices);
    }
}

/// <summary>What the sources share.</summary>
internal static class GradientSource
{
    /// <summary>ComputeGradients on each example in turn, the losses summed in double.</summary>
    public static double OneAtATime<T, TSource>(TSource source, ReadOnlySpan<int> indices)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSource : struct, IGradientSource<T>
    {
        double loss = 0;
        foreach (int index in indices)
        {
            loss += double.CreateChecked(source.ComputeGradients(index));
        }
        return loss;
    }
}
