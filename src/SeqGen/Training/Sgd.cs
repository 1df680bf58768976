using System;
using System.Numerics;

namespace SeqGen;

/// <summary>
/// Stochastic gradient descent with optional momentum and weight decay, as PyTorch's
/// <c>torch.optim.SGD</c> (dampening 0): g' = g + wd*p; b = m*b + g' (b = g' on the first step);
/// p -= lr * (nesterov ? g' + m*b : b).
/// </summary>
public sealed class Sgd<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _momentumBuffer;
    private bool _started;

    /// <summary>Creates an optimizer for <paramref name="parameterCount"/> parameters.</summary>
    public Sgd(int parameterCount, double learningRate, double momentum = 0, double weightDecay = 0, bool nesterov = false)
    {
        OptimizerArguments.Check(parameterCount, learningRate, nameof(learningRate));
        OptimizerArguments.CheckRange(momentum, 0, 1, inclusiveUpper: false, nameof(momentum));
        OptimizerArguments.CheckRange(weightDecay, 0, double.MaxValue, inclusiveUpper: true, nameof(weightDecay));
        if (nesterov && momentum == 0)
        {
            throw new ArgumentException("Nesterov momentum needs a momentum above 0, but momentum is 0.", nameof(nesterov));
        }
        _momentumBuffer = new T[parameterCount];
        LearningRate = T.CreateChecked(learningRate);
        Momentum = T.CreateChecked(momentum);
        WeightDecay = T.CreateChecked(weightDecay);
        Nesterov = nesterov;
    }

    /// <summary>The step size; may be changed between steps (schedules).</summary>
    public T LearningRate { get; set; }

    /// <summary>The momentum factor.</summary>
    public T Momentum { get; }

    /// <summary>The L2 penalty factor.</summary>
    public T WeightDecay { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <summary>Number of parameters this optimizer updates.</summary>
    public int ParameterCount => _momentumBuffer.Length;

    /// <summary>Applies one update to <paramref name="parameters"/> from <paramref name="gradients"/>.</summary>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        OptimizerArguments.CheckSpans(ParameterCount, parameters.Length, gradients.Length);
        Span<T> buffer = _momentumBuffer;
        bool useMomentum = Momentum != T.Zero;
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradients[i] + WeightDecay * parameters[i];
            if (useMomentum)
            {
                buffer[i] = _started ? Momentum * buffer[i] + g : g;
                g = Nesterov ? g + Momentum * buffer[i] : buffer[i];
            }
            parameters[i] -= LearningRate * g;
        }
        _started = true;
    }

    /// <summary>Forgets the momentum.</summary>
    public void Reset()
    {
        Array.Clear(_momentumBuffer);
        _started = false;
    }
}
