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
}

/// <summary>An <see cref="IRegressionModel{T}"/> on a <see cref="RegressionDataset{T}"/>.</summary>
internal readonly struct RegressionSource<T>(IRegressionModel<T> model, RegressionDataset<T> data) : IGradientSource<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public ISequenceModel<T> Model => model;

    public SequenceDataset<T> Data => data;

    public T ComputeGradients(int index) => model.ComputeGradients(data.Input(index), data.Target(index));
}

/// <summary>An <see cref="IClassifierModel{T}"/> on a <see cref="ClassificationDataset{T}"/>.</summary>
internal readonly struct ClassificationSource<T>(IClassifierModel<T> model, ClassificationDataset<T> data) : IGradientSource<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public ISequenceModel<T> Model => model;

    public SequenceDataset<T> Data => data;

    public T ComputeGradients(int index) => model.ComputeGradients(data.Input(index), data.Target(index));
}
