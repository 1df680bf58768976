using System;
using System.Numerics;

namespace SeqGen;

/// <summary>
/// An optimizer that updates a flat parameter vector from its gradients: what
/// <see cref="Trainer{T}"/> needs from <see cref="Sgd{T}"/> and <see cref="Adam{T}"/>.
/// </summary>
public interface IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Number of parameters this optimizer updates.</summary>
    int ParameterCount { get; }

    /// <summary>The step size; may be changed between steps (schedules).</summary>
    T LearningRate { get; set; }

    /// <summary>Applies one update to <paramref name="parameters"/> from <paramref name="gradients"/>.</summary>
    void Step(Span<T> parameters, ReadOnlySpan<T> gradients);

    /// <summary>Forgets the optimizer's state (moments, momentum, step count).</summary>
    void Reset();
}
