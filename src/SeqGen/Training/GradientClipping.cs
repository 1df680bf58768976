using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace SeqGen;

/// <summary>Gradient clipping, as PyTorch's <c>clip_grad_norm_</c> (without its epsilon).</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales <paramref name="gradients"/> by maxNorm/||g|| when their global L2 norm exceeds
    /// <paramref name="maxNorm"/>, and returns the norm before clipping.
    /// </summary>
    public static T ClipByGlobalNorm<T>(Span<T> gradients, T maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(maxNorm > T.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, $"maxNorm must be above 0, but is {maxNorm}.");
        }
        T norm = TensorPrimitives.Norm<T>(gradients);
        if (norm > maxNorm)
        {
            TensorPrimitives.Multiply<T>(gradients, maxNorm / norm, gradients);
        }
        return norm;
    }
}
