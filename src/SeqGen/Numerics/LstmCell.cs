using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// The element-wise part of PyTorch's LSTM cell (gate order i, f, g, o):
/// c' = f*c + i*g, h' = o*tanh(c'). The matrix products stay in generated code.
/// </summary>
public static class LstmCell
{
    /// <summary>
    /// Turns the gate pre-activations in <paramref name="gates"/> [4H] into activations
    /// (sigmoid i, f, o; tanh g) in place and computes the new cell and hidden state.
    /// </summary>
    public static void Forward<T>(Span<T> gates, ReadOnlySpan<T> previousCell, Span<T> cell, Span<T> hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Forward(gates, previousCell, cell, hidden, T.PositiveInfinity);

    /// <summary>
    /// The same with cell clipping, as TensorFlow's LSTMCell(cell_clip): c' = clip(f*c + i*g, -clip, +clip).
    /// An infinite <paramref name="clip"/> (the overload without it) leaves every value as it is, bit for bit.
    /// </summary>
    public static void Forward<T>(Span<T> gates, ReadOnlySpan<T> previousCell, Span<T> cell, Span<T> hidden, T clip)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = hidden.Length;
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && h % 8 == 0 && T.IsPositiveInfinity(clip))
        {
            if (gates.Length != 4 * h || previousCell.Length != h || cell.Length != h)
            {
                throw new ArgumentException($"An LSTM cell of H = {h} needs gates of {4 * h} and cell states of {h}; got {gates.Length}, {previousCell.Length} and {cell.Length}.");
            }
            ForwardSingle(h, ref FloatSpan.Ref<T>(gates), ref FloatSpan.Ref(previousCell), ref FloatSpan.Ref<T>(cell), ref FloatSpan.Ref<T>(hidden));
            return;
        }
        Span<T> inputAndForget = gates.Slice(0, 2 * h);
        Span<T> g = gates.Slice(2 * h, h);
        Span<T> o = gates.Slice(3 * h, h);
        Activations.Sigmoid<T>(inputAndForget, inputAndForget);
        Activations.Tanh<T>(g, g);
        Activations.Sigmoid<T>(o, o);
        for (int j = 0; j < h; j++)
        {
            cell[j] = T.Clamp(gates[h + j] * previousCell[j] + gates[j] * g[j], -clip, clip);
        }
        Activations.Tanh<T>(cell, hidden);
        TensorPrimitives.Multiply<T>(hidden, o, hidden);
    }

    /// <summary>
    /// The single-precision forward, 8 units at a time (H a multiple of 8, lengths checked by the
    /// caller). <paramref name="cell"/> may be <paramref name="previousCell"/>: each block reads c
    /// before writing c'.
    /// </summary>
    internal static void ForwardSingle(int h, ref float gates, ref float previousCell, ref float cell, ref float hidden) =>
        ForwardBlocks(h, ref gates, ref previousCell, ref cell, ref hidden, ref ActivationConstants.Values);

    // Not inlined, and the coefficients come in as a parameter: where the JIT can see that they are a
    // static field it keeps them all in registers and spills (BenchmarkDotNet, H = 32: 230 ns with
    // ref ActivationConstants.Values inside the loop, 152 ns for a copy taking it as a parameter).
    // Two passes, because tanh(c') waits on every other activation of its block: the first pass has
    // four independent activations per block, the second one per block, so more blocks overlap
    // (same copy: H = 32, 152 -> 131 ns, H = 64, 268 -> 250 ns; but H = 8, 35 -> 39 ns).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardBlocks(int h, ref float gates, ref float previousCell, ref float cell, ref float hidden, ref ActivationConstants k)
    {
        for (int u = 0; u < h; u += 8)
        {
            nuint i0 = (nuint)u, f0 = (nuint)(h + u), g0 = (nuint)(2 * h + u), o0 = (nuint)(3 * h + u);
            Vector256<float> i = Activations.Sigmoid(Vector256.LoadUnsafe(ref gates, i0), ref k);
            Vector256<float> g = Activations.Tanh(Vector256.LoadUnsafe(ref gates, g0), ref k);
            Vector256<float> f = Activations.Sigmoid(Vector256.LoadUnsafe(ref gates, f0), ref k);
            i.StoreUnsafe(ref gates, i0);
            f.StoreUnsafe(ref gates, f0);
            g.StoreUnsafe(ref gates, g0);
            Activations.Sigmoid(Vector256.LoadUnsafe(ref gates, o0), ref k).StoreUnsafe(ref gates, o0);
            LinearAlgebra.MultiplyAdd(f, Vector256.LoadUnsafe(ref previousCell, i0), i * g).StoreUnsafe(ref cell, i0);
        }
        for (int u = 0; u < h; u += 8)
        {
            nuint i0 = (nuint)u, o0 = (nuint)(3 * h + u);
            (Vector256.LoadUnsafe(ref gates, o0) * Activations.Tanh(Vector256.LoadUnsafe(ref cell, i0), ref k)).StoreUnsafe(ref hidden, i0);
        }
    }

    /// <summary>
    /// Backward through one step. In single precision with H a multiple of 8 (and no clipping) it
    /// recomputes tanh(c') with the vector tanh the forward used; otherwise with the exact T.Tanh, so
    /// the two paths differ by the vector tanh's error (3.5e-7 at most). <paramref name="dHidden"/> is the total gradient on h';
    /// <paramref name="dCell"/> enters as the gradient on c' from the next step and leaves as the
    /// gradient on c. <paramref name="dPre"/> [4H] receives the gradient on the gate pre-activations.
    /// </summary>
    public static void Backward<T>(
        ReadOnlySpan<T> gates, ReadOnlySpan<T> previousCell, ReadOnlySpan<T> cell,
        ReadOnlySpan<T> dHidden, Span<T> dCell, Span<T> dPre)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Backward(gates, previousCell, cell, dHidden, dCell, dPre, T.PositiveInfinity);

    /// <summary>
    /// The same for a clipped cell: where c' was clipped (|c'| reached <paramref name="clip"/>) no gradient
    /// passes to f*c + i*g.
    /// </summary>
    public static void Backward<T>(
        ReadOnlySpan<T> gates, ReadOnlySpan<T> previousCell, ReadOnlySpan<T> cell,
        ReadOnlySpan<T> dHidden, Span<T> dCell, Span<T> dPre, T clip)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = cell.Length;
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && h % 8 == 0 && T.IsPositiveInfinity(clip))
        {
            if (gates.Length != 4 * h || previousCell.Length != h || dHidden.Length != h || dCell.Length != h || dPre.Length != 4 * h)
            {
                throw new ArgumentException($"An LSTM cell of H = {h} needs gates and dPre of {4 * h} and states of {h}; got {gates.Length}, {dPre.Length}, {previousCell.Length}, {dHidden.Length} and {dCell.Length}.");
            }
            BackwardSingle(h, ref FloatSpan.Ref(gates), ref FloatSpan.Ref(previousCell), ref FloatSpan.Ref(cell), ref FloatSpan.Ref(dHidden), ref FloatSpan.Ref<T>(dCell), ref FloatSpan.Ref<T>(dPre), ref ActivationConstants.Values);
            return;
        }
        for (int j = 0; j < h; j++)
        {
            T i = gates[j], f = gates[h + j], g = gates[2 * h + j], o = gates[3 * h + j];
            T tanhC = T.Tanh(cell[j]);
            // written so that a NaN cell still propagates NaN rather than counting as clipped
            T dc = !(T.Abs(cell[j]) >= clip) ? dCell[j] + dHidden[j] * o * (T.One - tanhC * tanhC) : T.Zero;
            dPre[j] = dc * g * i * (T.One - i);
            dPre[h + j] = dc * previousCell[j] * f * (T.One - f);
            dPre[2 * h + j] = dc * i * (T.One - g * g);
            dPre[3 * h + j] = dHidden[j] * tanhC * o * (T.One - o);
            dCell[j] = dc * f;
        }
    }

    /// <summary>
    /// The single-precision backward of 8 units at a time (H a multiple of 8, lengths checked by the
    /// caller), with the vector tanh the forward used. <paramref name="dPre"/> may be
    /// <paramref name="gates"/> (the generated backward writes it there): each block reads its gates
    /// before writing.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BackwardSingle(int h, ref float gates, ref float previousCell, ref float cell, ref float dHidden, ref float dCell, ref float dPre, ref ActivationConstants k)
    {
        Vector256<float> one = Vector256<float>.One;
        for (int u = 0; u < h; u += 8)
        {
            nuint i0 = (nuint)u, f0 = (nuint)(h + u), g0 = (nuint)(2 * h + u), o0 = (nuint)(3 * h + u);
            Vector256<float> i = Vector256.LoadUnsafe(ref gates, i0), f = Vector256.LoadUnsafe(ref gates, f0);
            Vector256<float> g = Vector256.LoadUnsafe(ref gates, g0), o = Vector256.LoadUnsafe(ref gates, o0);
            Vector256<float> tanhC = Activations.Tanh(Vector256.LoadUnsafe(ref cell, i0), ref k);
            Vector256<float> dh = Vector256.LoadUnsafe(ref dHidden, i0);
            Vector256<float> dc = LinearAlgebra.MultiplyAdd(dh * o, one - tanhC * tanhC, Vector256.LoadUnsafe(ref dCell, i0));
            (dc * g * i * (one - i)).StoreUnsafe(ref dPre, i0);
            (dc * Vector256.LoadUnsafe(ref previousCell, i0) * f * (one - f)).StoreUnsafe(ref dPre, f0);
            (dc * i * (one - g * g)).StoreUnsafe(ref dPre, g0);
            (dh * tanhC * o * (one - o)).StoreUnsafe(ref dPre, o0);
            (dc * f).StoreUnsafe(ref dCell, i0);
        }
    }

    /// <summary>
    /// Forward with peepholes: <paramref name="gates"/> [4H] enters as the pre-activations without the
    /// peephole terms and leaves as the activations; <paramref name="peephole"/> [3H] holds p_i, p_f, p_o.
    /// </summary>
    public static void ForwardPeephole<T>(Span<T> gates, ReadOnlySpan<T> peephole, ReadOnlySpan<T> previousCell, Span<T> cell, Span<T> hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = hidden.Length;
        for (int j = 0; j < h; j++)
        {
            T i = Activations.Sigmoid(gates[j] + peephole[j] * previousCell[j]);
            T f = Activations.Sigmoid(gates[h + j] + peephole[h + j] * previousCell[j]);
            T g = T.Tanh(gates[2 * h + j]);
            T c = f * previousCell[j] + i * g;
            T o = Activations.Sigmoid(gates[3 * h + j] + peephole[2 * h + j] * c);
            gates[j] = i;
            gates[h + j] = f;
            gates[2 * h + j] = g;
            gates[3 * h + j] = o;
            cell[j] = c;
            hidden[j] = o * T.Tanh(c);
        }
    }

    /// <summary>
    /// Backward with peepholes, as <c>Backward</c>, and adds the gradient on the peephole
    /// weights to <paramref name="dPeephole"/>; the gradient left in <paramref name="dCell"/> includes
    /// the paths through p_i and p_f.
    /// </summary>
    public static void BackwardPeephole<T>(
        ReadOnlySpan<T> gates, ReadOnlySpan<T> peephole, ReadOnlySpan<T> previousCell, ReadOnlySpan<T> cell,
        ReadOnlySpan<T> dHidden, Span<T> dCell, Span<T> dPre, Span<T> dPeephole)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = cell.Length;
        for (int j = 0; j < h; j++)
        {
            T i = gates[j], f = gates[h + j], g = gates[2 * h + j], o = gates[3 * h + j];
            T tanhC = T.Tanh(cell[j]);
            T dPreO = dHidden[j] * tanhC * o * (T.One - o);
            T dc = dCell[j] + dHidden[j] * o * (T.One - tanhC * tanhC) + dPreO * peephole[2 * h + j];
            T dPreI = dc * g * i * (T.One - i);
            T dPreF = dc * previousCell[j] * f * (T.One - f);
            dPre[j] = dPreI;
            dPre[h + j] = dPreF;
            dPre[2 * h + j] = dc * i * (T.One - g * g);
            dPre[3 * h + j] = dPreO;
            dPeephole[j] += dPreI * previousCell[j];
            dPeephole[h + j] += dPreF * previousCell[j];
            dPeephole[2 * h + j] += dPreO * cell[j];
            dCell[j] = dc * f + dPreI * peephole[j] + dPreF * peephole[h + j];
        }
    }

    /// <summary>
    /// Forward with coupled input and forget gates: <paramref name="gates"/> [3H] enters as the
    /// pre-activations f, g, o and leaves as their activations; c' = f*c + (1-f)*g, h' = o*tanh(c').
    /// </summary>
    public static void ForwardCoupled<T>(Span<T> gates, ReadOnlySpan<T> previousCell, Span<T> cell, Span<T> hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = hidden.Length;
        for (int j = 0; j < h; j++)
        {
            T f = Activations.Sigmoid(gates[j]);
            T g = T.Tanh(gates[h + j]);
            T o = Activations.Sigmoid(gates[2 * h + j]);
            gates[j] = f;
            gates[h + j] = g;
            gates[2 * h + j] = o;
            T c = f * previousCell[j] + (T.One - f) * g;
            cell[j] = c;
            hidden[j] = o * T.Tanh(c);
        }
    }

    /// <summary>Backward of <see cref="ForwardCoupled{T}"/>; <paramref name="dCell"/> leaves as the gradient on c.</summary>
    public static void BackwardCoupled<T>(
        ReadOnlySpan<T> gates, ReadOnlySpan<T> previousCell, ReadOnlySpan<T> cell,
        ReadOnlySpan<T> dHidden, Span<T> dCell, Span<T> dPre)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = cell.Length;
        for (int j = 0; j < h; j++)
        {
            T f = gates[j], g = gates[h + j], o = gates[2 * h + j];
            T tanhC = T.Tanh(cell[j]);
            T dc = dCell[j] + dHidden[j] * o * (T.One - tanhC * tanhC);
            dPre[j] = dc * (previousCell[j] - g) * f * (T.One - f);
            dPre[h + j] = dc * (T.One - f) * (T.One - g * g);
            dPre[2 * h + j] = dHidden[j] * tanhC * o * (T.One - o);
            dCell[j] = dc * f;
        }
    }
}
