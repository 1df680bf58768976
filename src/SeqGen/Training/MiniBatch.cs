using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace SeqGen;

/// <summary>
/// One mini-batch step: zero the gradients, run <c>ComputeGradients</c> on each of the B examples
/// (the model adds their gradients up; a model with <c>ComputeBatchGradients</c> runs them in
/// lockstep groups instead, <see cref="IBatchedRegressionModel{T}"/>), scale the sum by 1/B (the mean, as a
/// batched loss with reduction "mean" over the batch would give), clip by global norm if asked,
/// then one optimizer step. Allocates nothing. <see cref="Trainer{T}"/> is built on it; call it
/// directly for a loop of your own.
/// </summary>
public static class MiniBatch
{
    /// <summary>One step of a regression model over the examples <paramref name="indices"/> of <paramref name="data"/>; returns the summed loss of the batch (before the step).</summary>
    public static T Step<T>(IRegressionModel<T> model, IOptimizer<T> optimizer, RegressionDataset<T> data,
        ReadOnlySpan<int> indices, T? maxGradientNorm = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var source = new RegressionSource<T>(model, data);
        return Step(ref source, optimizer, indices, maxGradientNorm);
    }

    /// <summary>One step of a classifier over the examples <paramref name="indices"/> of <paramref name="data"/>; returns the summed loss of the batch (before the step).</summary>
    public static T Step<T>(IClassifierModel<T> model, IOptimizer<T> optimizer, ClassificationDataset<T> data,
        ReadOnlySpan<int> indices, T? maxGradientNorm = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var source = new ClassificationSource<T>(model, data);
        return Step(ref source, optimizer, indices, maxGradientNorm);
    }

    internal static T Step<T, TSource>(ref TSource source, IOptimizer<T> optimizer, ReadOnlySpan<int> indices, T? maxGradientNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSource : struct, IGradientSource<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (indices.IsEmpty)
        {
            throw new ArgumentException("indices is empty: a mini-batch needs at least one example.", nameof(indices));
        }
        ISequenceModel<T> model = source.Model;
        model.ZeroGradients();
        T loss = T.CreateChecked(source.ComputeGradients(indices));
        StepOnMeanGradient(model, optimizer, indices.Length, maxGradientNorm);
        return loss;
    }

    /// <summary>The end of every mini-batch step: the summed gradients of <paramref name="count"/> examples scaled to their mean, clipped if asked, then one optimizer step.</summary>
    internal static void StepOnMeanGradient<T>(ISequenceModel<T> model, IOptimizer<T> optimizer, int count, T? maxGradientNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> gradients = model.Gradients;
        if (count > 1)
        {
            TensorPrimitives.Multiply<T>(gradients, T.One / T.CreateChecked(count), gradients);
        }
        if (maxGradientNorm is T maxNorm)
        {
            GradientClipping.ClipByGlobalNorm(gradients, maxNorm);
        }
        optimizer.Step(model.Parameters, gradients);
    }

    /// <summary>The mean loss over <paramref name="indices"/>, without changing the parameters (the gradients it computes are zeroed again).</summary>
    internal static double MeanLoss<T, TSource>(ref TSource source, ReadOnlySpan<int> indices)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSource : struct, IGradientSource<T>
    {
        double sum = source.ComputeGradients(indices);
        source.Model.ZeroGradients();
        return sum / indices.Length;
    }
}
