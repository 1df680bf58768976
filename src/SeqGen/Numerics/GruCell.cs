using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// The element-wise part of PyTorch's GRU cell (gate order r, z, n; h' = (1-z)*n + z*h),
/// in both variants. The matrix products stay in generated code.
/// </summary>
public static class GruCell
{
    /// <summary>
    /// Reset-after variant. <paramref name="gates"/> [3H] enters as W_ih x + b_ih and leaves as
    /// the activations r, z, n; <paramref name="recurrent"/> [3H] is W_hh h + b_hh.
    /// <paramref name="recurrentN"/> [H] keeps (W_hn h + b_hn) for the backward pass.
    /// </summary>
    public static void ForwardResetAfter<T>(
        Span<T> gates, ReadOnlySpan<T> recurrent, ReadOnlySpan<T> previousHidden, Span<T> hidden, Span<T> recurrentN)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = hidden.Length;
        Span<T> rz = gates.Slice(0, 2 * h);
        TensorPrimitives.Add<T>(rz, recurrent.Slice(0, 2 * h), rz);
        Activations.Sigmoid<T>(rz, rz);
        recurrent.Slice(2 * h, h).CopyTo(recurrentN);
        Span<T> n = gates.Slice(2 * h, h);
        for (int j = 0; j < h; j++)
        {
            n[j] += gates[j] * recurrentN[j];
        }
        Activations.Tanh<T>(n, n);
        for (int j = 0; j < h; j++)
        {
            hidden[j] = n[j] + gates[h + j] * (previousHidden[j] - n[j]);
        }
    }

    /// <summary>
    /// The single-precision reset-after forward of 8 units at a time (H a multiple of 8, lengths
    /// checked by the caller). <paramref name="gates"/> enters as the pre-activations (r and z with
    /// both parts, n with its input part) and leaves as r, z, n; <paramref name="recurrentN"/> holds
    /// W_hn h + b_hn. <paramref name="hidden"/> may be <paramref name="previousHidden"/>.
    /// </summary>
    internal static void ForwardResetAfterSingle(int h, ref float gates, ref float recurrentN, ref float previousHidden, ref float hidden) =>
        ForwardResetAfterBlocks(h, ref gates, ref recurrentN, ref previousHidden, ref hidden, ref ActivationConstants.Values);

    // Not inlined, with the coefficients as a parameter, for the reason given at LstmCell.ForwardBlocks.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardResetAfterBlocks(int h, ref float gates, ref float recurrentN, ref float previousHidden, ref float hidden, ref ActivationConstants k)
    {
        for (int u = 0; u < h; u += 8)
        {
            nuint r0 = (nuint)u, z0 = (nuint)(h + u), n0 = (nuint)(2 * h + u);
            Vector256<float> r = Activations.Sigmoid(Vector256.LoadUnsafe(ref gates, r0), ref k);
            Vector256<float> z = Activations.Sigmoid(Vector256.LoadUnsafe(ref gates, z0), ref k);
            Vector256<float> n = Activations.Tanh(LinearAlgebra.MultiplyAdd(r, Vector256.LoadUnsafe(ref recurrentN, r0), Vector256.LoadUnsafe(ref gates, n0)), ref k);
            r.StoreUnsafe(ref gates, r0);
            z.StoreUnsafe(ref gates, z0);
            n.StoreUnsafe(ref gates, n0);
            // h' = (1 - z) * n + z * h = n + z * (h - n)
            LinearAlgebra.MultiplyAdd(z, Vector256.LoadUnsafe(ref previousHidden, r0) - n, n).StoreUnsafe(ref hidden, r0);
        }
    }

    /// <summary>
    /// Reset-after backward. From the total gradient <paramref name="dHidden"/> on h', writes the
    /// gradient on the input pre-activations (<paramref name="dPreInput"/> [3H]), on the recurrent
    /// pre-activations W_hh h + b_hh (<paramref name="dPreRecurrent"/> [3H]) and the direct part of
    /// the gradient on h (<paramref name="dPreviousHidden"/> = dh' * z; the caller adds W_hh^T dPreRecurrent).
    /// </summary>
    public static void BackwardResetAfter<T>(
        ReadOnlySpan<T> gates, ReadOnlySpan<T> recurrentN, ReadOnlySpan<T> previousHidden, ReadOnlySpan<T> dHidden,
        Span<T> dPreInput, Span<T> dPreRecurrent, Span<T> dPreviousHidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = dHidden.Length;
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && h % 8 == 0)
        {
            if (gates.Length != 3 * h || recurrentN.Length != h || previousHidden.Length != h || dPreInput.Length != 3 * h
                || dPreRecurrent.Length != 3 * h || dPreviousHidden.Length != h)
            {
                throw new ArgumentException(
                    $"A GRU cell of H = {h} needs gates and gate gradients of {3 * h} and states of {h}; got gates {gates.Length}, " +
                    $"recurrent n {recurrentN.Length}, h {previousHidden.Length}, gradients {dPreInput.Length}, {dPreRecurrent.Length} and {dPreviousHidden.Length}.");
            }
            BackwardResetAfterSingle(h, ref FloatSpan.Ref(gates), ref FloatSpan.Ref(recurrentN), ref FloatSpan.Ref(previousHidden), ref FloatSpan.Ref(dHidden),
                ref FloatSpan.Ref<T>(dPreInput), ref FloatSpan.Ref<T>(dPreRecurrent), ref FloatSpan.Ref<T>(dPreviousHidden));
            return;
        }
        for (int j = 0; j < h; j++)
        {
            T r = gates[j], z = gates[h + j], n = gates[2 * h + j], dh = dHidden[j];
            T dn = dh * (T.One - z) * (T.One - n * n);
            T dz = dh * (previousHidden[j] - n) * z * (T.One - z);
            T dr = dn * recurrentN[j] * r * (T.One - r);
            dPreInput[j] = dr;
            dPreInput[h + j] = dz;
            dPreInput[2 * h + j] = dn;
            dPreRecurrent[j] = dr;
            dPreRecurrent[h + j] = dz;
            dPreRecurrent[2 * h + j] = dn * r;
            dPreviousHidden[j] = dh * z;
        }
    }

    /// <summary>
    /// The single-precision reset-after backward, 8 units at a time (H a multiple of 8, lengths
    /// checked by the caller). <paramref name="dPreInput"/> may be <paramref name="gates"/> (the
    /// generated backward writes it there): each block reads its gates before writing.
    /// </summary>
    private static void BackwardResetAfterSingle(int h, ref float gates, ref float recurrentN, ref float previousHidden, ref float dHidden,
        ref float dPreInput, ref float dPreRecurrent, ref float dPreviousHidden)
    {
        Vector256<float> one = Vector256<float>.One;
        for (int u = 0; u < h; u += 8)
        {
            nuint r0 = (nuint)u, z0 = (nuint)(h + u), n0 = (nuint)(2 * h + u);
            Vector256<float> r = Vector256.LoadUnsafe(ref gates, r0), z = Vector256.LoadUnsafe(ref gates, z0), n = Vector256.LoadUnsafe(ref gates, n0);
            Vector256<float> dh = Vector256.LoadUnsafe(ref dHidden, r0);
            Vector256<float> dn = dh * (one - z) * (one - n * n);
            Vector256<float> dz = dh * (Vector256.LoadUnsafe(ref previousHidden, r0) - n) * z * (one - z);
            Vector256<float> dr = dn * Vector256.LoadUnsafe(ref recurrentN, r0) * r * (one - r);
            dr.StoreUnsafe(ref dPreInput, r0);
            dz.StoreUnsafe(ref dPreInput, z0);
            dn.StoreUnsafe(ref dPreInput, n0);
            dr.StoreUnsafe(ref dPreRecurrent, r0);
            dz.StoreUnsafe(ref dPreRecurrent, z0);
            (dn * r).StoreUnsafe(ref dPreRecurrent, n0);
            (dh * z).StoreUnsafe(ref dPreviousHidden, r0);
        }
    }

    /// <summary>
    /// Reset-before variant, first half: <paramref name="gates"/> [3H] holds the full r and z
    /// pre-activations and W_in x + b_in + b_hn; applies sigmoid to r, z and writes r*h into
    /// <paramref name="resetHidden"/> for the caller's W_hn (r*h) product.
    /// </summary>
    public static void ForwardResetBeforeGates<T>(Span<T> gates, ReadOnlySpan<T> previousHidden, Span<T> resetHidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = resetHidden.Length;
        Span<T> rz = gates.Slice(0, 2 * h);
        Activations.Sigmoid<T>(rz, rz);
        TensorPrimitives.Multiply<T>(gates.Slice(0, h), previousHidden, resetHidden);
    }

    /// <summary>
    /// Reset-before variant, second half: n = tanh(gates_n) in place (the caller has added
    /// W_hn (r*h)), then h' = (1-z)*n + z*h.
    /// </summary>
    public static void ForwardResetBeforeOutput<T>(Span<T> gates, ReadOnlySpan<T> previousHidden, Span<T> hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = hidden.Length;
        Span<T> n = gates.Slice(2 * h, h);
        Activations.Tanh<T>(n, n);
        for (int j = 0; j < h; j++)
        {
            hidden[j] = n[j] + gates[h + j] * (previousHidden[j] - n[j]);
        }
    }

    /// <summary>
    /// Reset-before backward, first half: the gradients on the z and n pre-activations into
    /// <paramref name="dPre"/> [3H] and dh' * z into <paramref name="dPreviousHidden"/>. The caller then
    /// forms d(r*h) = W_hn^T dPre_n.
    /// </summary>
    public static void BackwardResetBeforeOutput<T>(
        ReadOnlySpan<T> gates, ReadOnlySpan<T> previousHidden, ReadOnlySpan<T> dHidden, Span<T> dPre, Span<T> dPreviousHidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = dHidden.Length;
        for (int j = 0; j < h; j++)
        {
            T z = gates[h + j], n = gates[2 * h + j], dh = dHidden[j];
            dPre[h + j] = dh * (previousHidden[j] - n) * z * (T.One - z);
            dPre[2 * h + j] = dh * (T.One - z) * (T.One - n * n);
            dPreviousHidden[j] = dh * z;
        }
    }

    /// <summary>
    /// Reset-before backward, second half: from d(r*h) in <paramref name="dResetHidden"/>, the
    /// gradient on the r pre-activation into <paramref name="dPre"/> and d(r*h)*r added to
    /// <paramref name="dPreviousHidden"/>; <paramref name="resetHidden"/> receives r*h for dW_hn.
    /// </summary>
    public static void BackwardResetBeforeGates<T>(
        ReadOnlySpan<T> gates, ReadOnlySpan<T> previousHidden, ReadOnlySpan<T> dResetHidden,
        Span<T> dPre, Span<T> dPreviousHidden, Span<T> resetHidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = dResetHidden.Length;
        for (int j = 0; j < h; j++)
        {
            T r = gates[j];
            dPre[j] = dResetHidden[j] * previousHidden[j] * r * (T.One - r);
            dPreviousHidden[j] += dResetHidden[j] * r;
            resetHidden[j] = r * previousHidden[j];
        }
    }
}
