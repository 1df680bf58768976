using System;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using System.Numerics;

namespace SeqGen;

/// <summary>
/// Adam, as PyTorch's <c>torch.optim.Adam</c> (amsgrad off): m = b1*m + (1-b1)*g;
/// v = b2*v + (1-b2)*g^2; p -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps).
/// </summary>
public sealed class Adam<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _m;
    private readonly T[] _v;
    private int _step;

    /// <summary>Creates an optimizer for <paramref name="parameterCount"/> parameters.</summary>
    public Adam(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0)
    {
        OptimizerArguments.Check(parameterCount, learningRate, nameof(learningRate));
        OptimizerArguments.CheckRange(beta1, 0, 1, inclusiveUpper: false, nameof(beta1));
        OptimizerArguments.CheckRange(beta2, 0, 1, inclusiveUpper: false, nameof(beta2));
        OptimizerArguments.CheckRange(epsilon, 0, double.MaxValue, inclusiveUpper: true, nameof(epsilon));
        OptimizerArguments.CheckRange(weightDecay, 0, double.MaxValue, inclusiveUpper: true, nameof(weightDecay));
        _m = new T[parameterCount];
        _v = new T[parameterCount];
        LearningRate = T.CreateChecked(learningRate);
        Beta1 = T.CreateChecked(beta1);
        Beta2 = T.CreateChecked(beta2);
        Epsilon = T.CreateChecked(epsilon);
        WeightDecay = T.CreateChecked(weightDecay);
    }

    /// <summary>The step size; may be changed between steps (schedules).</summary>
    public T LearningRate { get; set; }

    /// <summary>Decay of the first-moment estimate.</summary>
    public T Beta1 { get; }

    /// <summary>Decay of the second-moment estimate.</summary>
    public T Beta2 { get; }

    /// <summary>Added to the denominator for stability.</summary>
    public T Epsilon { get; }

    /// <summary>The L2 penalty factor (added to the gradient, as PyTorch's Adam, not AdamW).</summary>
    public T WeightDecay { get; }

    /// <summary>Steps taken so far.</summary>
    public int StepCount => _step;

    /// <summary>Number of parameters this optimizer updates.</summary>
    public int ParameterCount => _m.Length;

    /// <summary>Applies one update to <paramref name="parameters"/> from <paramref name="gradients"/>.</summary>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        OptimizerArguments.CheckSpans(ParameterCount, parameters.Length, gradients.Length);
        _step++;
        T one = T.One;
        T correction1 = one - T.Pow(Beta1, T.CreateChecked(_step));
        T correction2 = one - T.Pow(Beta2, T.CreateChecked(_step));
        T stepSize = LearningRate / correction1;
        T sqrtCorrection2 = T.Sqrt(correction2);
        Span<T> m = _m, v = _v;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported) // not for Half
        {
            i = StepVectors(parameters, gradients, stepSize, sqrtCorrection2);
        }
        for (; i < parameters.Length; i++)
        {
            T g = gradients[i] + WeightDecay * parameters[i];
            m[i] = Beta1 * m[i] + (one - Beta1) * g;
            v[i] = Beta2 * v[i] + (one - Beta2) * g * g;
            parameters[i] -= stepSize * m[i] / (T.Sqrt(v[i]) / sqrtCorrection2 + Epsilon);
        }
    }

    /// <summary>
    /// The same update, a vector of parameters at a time, with the same operations in the same order
    /// (so the same bits as the scalar loop): the scalar loop's square root and two divisions per
    /// parameter made Adam a tenth of an LSTM 1->32 training step. Returns how many it updated.
    /// </summary>
    private int StepVectors(Span<T> parameters, ReadOnlySpan<T> gradients, T stepSize, T sqrtCorrection2)
    {
        ref T p = ref MemoryMarshal.GetReference(parameters);
        ref T gs = ref MemoryMarshal.GetReference(gradients);
        ref T m = ref MemoryMarshal.GetArrayDataReference(_m);
        ref T v = ref MemoryMarshal.GetArrayDataReference(_v);
        Vector256<T> beta1 = Vector256.Create(Beta1), beta2 = Vector256.Create(Beta2);
        Vector256<T> rest1 = Vector256.Create(T.One - Beta1), rest2 = Vector256.Create(T.One - Beta2);
        Vector256<T> decay = Vector256.Create(WeightDecay), step = Vector256.Create(stepSize);
        Vector256<T> correction = Vector256.Create(sqrtCorrection2), epsilon = Vector256.Create(Epsilon);
        int width = Vector256<T>.Count, i = 0;
        for (; i + width <= parameters.Length; i += width)
        {
            nuint at = (nuint)i;
            Vector256<T> pi = Vector256.LoadUnsafe(ref p, at);
            Vector256<T> g = Vector256.LoadUnsafe(ref gs, at) + decay * pi;
            Vector256<T> mi = beta1 * Vector256.LoadUnsafe(ref m, at) + rest1 * g;
            Vector256<T> vi = beta2 * Vector256.LoadUnsafe(ref v, at) + rest2 * g * g;
            mi.StoreUnsafe(ref m, at);
            vi.StoreUnsafe(ref v, at);
            (pi - step * mi / (Vector256.Sqrt(vi) / correction + epsilon)).StoreUnsafe(ref p, at);
        }
        return i;
    }

    /// <summary>Forgets the moment estimates and the step count.</summary>
    public void Reset()
    {
        Array.Clear(_m);
        Array.Clear(_v);
        _step = 0;
    }
}
