using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using SeqGen.Numerics;

namespace SeqGen.Lanes;

/// <summary>
/// A GRU layer (reset after the recurrent product, as PyTorch) in lockstep. r multiplies the n part
/// of W_hh h + b_hh, so the two products stay apart: W_ih x + b_ih into the gate cache and
/// W_hh h + b_hh into a per-lane scratch, each for all lanes at once; then each lane's cell.
/// </summary>
internal sealed class GruLaneLayer<T> : LaneLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _gates;          // [lane][Steps][3H]: W_ih x + b_ih, then r, z, n, then the gradient on the input pre-activations
    private readonly T[] _recurrentN;     // [lane][Steps][H]: W_hn h + b_hn, then the gradient on it (r * dn)
    private readonly T[] _recurrent;      // [lane][3H]: this step's W_hh h + b_hh
    private readonly T[] _dPreRecurrent;  // [lane][3H]: this step's gradient on W_hh h + b_hh
    private readonly T[] _dhPrev;         // [lane][H]
    private readonly T[] _packedInput;    // W_ih packed (empty if the rows do not pack)
    private readonly T[] _packedRecurrent;

    public GruLaneLayer(RecurrentLayerLayout layout, int inputWidth, int steps) : base(layout, inputWidth, steps)
    {
        _gates = new T[Lanes * CacheStride(G)];
        _recurrentN = new T[Lanes * CacheStride(H)];
        _recurrent = new T[Lanes * G];
        _dPreRecurrent = new T[Lanes * G];
        _dhPrev = new T[Lanes * H];
        _packedInput = new T[LaneProducts.PackedLength<T>(G, inputWidth, 0)];
        _packedRecurrent = new T[LaneProducts.PackedLength<T>(G, 0, H)];
    }

    public override void Pack(ReadOnlySpan<T> parameters)
    {
        if (_packedInput.Length > 0)
        {
            LaneProducts.PackGateWeights(WeightIh(parameters), ReadOnlySpan<T>.Empty, G, _packedInput);
            LaneProducts.PackGateWeights(ReadOnlySpan<T>.Empty, WeightHh(parameters), G, _packedRecurrent);
        }
    }

    public override void Forward(ReadOnlySpan<T> parameters, ReadOnlySpan<T> initialHidden, ReadOnlySpan<T> initialCell, ReadOnlySpan<T> below, int belowStride, int lanes)
    {
        int stateStride = StateStride, gateStride = CacheStride(G), nStride = CacheStride(H);
        ReadOnlySpan<T> biasIh = parameters.Slice(Layout.BiasIh, G), biasHh = BiasHh(parameters);
        StartFrom(initialHidden, lanes);
        // step order (t is the step): a reverse direction's step t reads the input at time Steps-1-t
        for (int t = 0; t < Steps; t++)
        {
            // every lane's W_ih x_t + b_ih, then its W_hh h_{t-1} + b_hh: one pass over each matrix
            LaneProducts.GatePreActivations(G, WeightIh(parameters), ReadOnlySpan<T>.Empty, _packedInput, biasIh, default,
                below.Slice(TimeOf(t) * InputWidth), belowStride, ReadOnlySpan<T>.Empty, 0, _gates.AsSpan(t * G), gateStride, lanes);
            LaneProducts.GatePreActivations(G, ReadOnlySpan<T>.Empty, WeightHh(parameters), _packedRecurrent, default, biasHh,
                ReadOnlySpan<T>.Empty, 0, Hidden.AsSpan(t * H), stateStride, _recurrent, G, lanes);
            for (int k = 0; k < lanes; k++)
            {
                int state = k * stateStride + t * H;
                Span<T> gates = _gates.AsSpan(k * gateStride + t * G, G), recurrent = _recurrent.AsSpan(k * G, G), recurrentN = _recurrentN.AsSpan(k * nStride + t * H, H);
                // r, z = sigmoid(in + rec); n = tanh(in_n + r * rec_n); h_t = (1-z)*n + z*h_{t-1}; rec_n kept
                if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && H % 8 == 0)
                {
                    // the one-sequence step's vector cell loop: it takes r, z with both parts summed and rec_n apart
                    LinearAlgebra.AddInPlace(gates.Slice(0, 2 * H), recurrent.Slice(0, 2 * H));
                    recurrent.Slice(2 * H, H).CopyTo(recurrentN);
                    GruCell.ForwardResetAfterSingle(H, ref FloatSpan.Ref<T>(gates), ref FloatSpan.Ref<T>(recurrentN),
                        ref FloatSpan.Ref<T>(Hidden.AsSpan(state, H)), ref FloatSpan.Ref<T>(Hidden.AsSpan(state + H, H)));
                }
                else
                {
                    GruCell.ForwardResetAfter(gates, recurrent, Hidden.AsSpan(state, H), Hidden.AsSpan(state + H, H), recurrentN);
                }
            }
        }
    }

    public override void Backward(ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> below, int belowStride, Span<T> dBelow, int dBelowStride, int lanes)
    {
        int stateStride = StateStride, gateStride = CacheStride(G), nStride = CacheStride(H), outputStride = OutputStride;
        Span<T> dh = Dh.AsSpan(0, lanes * H), dhPrev = _dhPrev.AsSpan(0, lanes * H);
        dh.Clear();
        for (int t = Steps - 1; t >= 0; t--)
        {
            for (int k = 0; k < lanes; k++)
            {
                Span<T> dhk = dh.Slice(k * H, H);
                Span<T> gatesAndGradient = _gates.AsSpan(k * gateStride + t * G, G);
                Span<T> recurrentN = _recurrentN.AsSpan(k * nStride + t * H, H);
                Span<T> dPreRecurrent = _dPreRecurrent.AsSpan(k * G, G);
                LinearAlgebra.AddInPlace(dhk, OutputGradient.AsSpan(k * outputStride + t * H, H));
                // gradients on both pre-activations (the input one over the gates); dhPrev = dh * z
                GruCell.BackwardResetAfter(gatesAndGradient, recurrentN, Hidden.AsSpan(k * stateStride + t * H, H), dhk,
                    gatesAndGradient, dPreRecurrent, dhPrev.Slice(k * H, H));
                // the recurrent n part r * dn, the one part that differs from the input gradient, kept for W_hn's gradient
                dPreRecurrent.Slice(2 * H, H).CopyTo(recurrentN);
            }
            AccumulateInputGradient(parameters, _gates.AsSpan(t * G), gateStride, t, dBelow, dBelowStride, lanes);
            // gradient carried to step t-1: dh = dh*z + W_hh^T dPreRecurrent, every lane in one pass
            LaneProducts.AccumulateRowDots(WeightHh(parameters), G, _dPreRecurrent, G, dhPrev, H, lanes);
            dhPrev.CopyTo(dh);
        }
        AccumulateWeightGradients(gradients, below, belowStride, lanes);
    }

    /// <summary>Per lane: dW_ih += X^T dPre; dW_hh's r, z columns take dPre, its n columns r * dn; the biases likewise.</summary>
    private void AccumulateWeightGradients(Span<T> gradients, ReadOnlySpan<T> below, int belowStride, int lanes)
    {
        int gateStride = CacheStride(G), nStride = CacheStride(H);
        Span<T> gradWeightIh = gradients.Slice(Layout.WeightIh, G * InputWidth);
        Span<T> gradWeightHh = gradients.Slice(Layout.WeightHh, G * H);
        for (int k = 0; k < lanes; k++)
        {
            ReadOnlySpan<T> dPre = _gates.AsSpan(k * gateStride, Steps * G);
            ReadOnlySpan<T> dRecurrentN = _recurrentN.AsSpan(k * nStride, Steps * H);
            ReadOnlySpan<T> previous = Hidden.AsSpan(k * StateStride, Steps * H);
            StepGradients.AccumulateWeights(gradWeightIh, below.Slice(k * belowStride, Steps * InputWidth), InputWidth, dPre, G, Steps, reverseInputs: Reverse);
            StepGradients.AccumulateWeights(gradWeightHh, G, previous, H, dPre, G, 2 * H, Steps, reverseInputs: false);
            StepGradients.AccumulateWeights(gradWeightHh.Slice(2 * H), G, previous, H, dRecurrentN, H, H, Steps, reverseInputs: false);
            StepGradients.AccumulateBias(gradients.Slice(Layout.BiasIh, G), dPre, Steps);
            if (HasBiasHh)
            {
                Span<T> gradBiasHh = gradients.Slice(Layout.BiasHh, G);
                StepGradients.AccumulateBias(gradBiasHh.Slice(0, 2 * H), dPre, G, Steps);
                StepGradients.AccumulateBias(gradBiasHh.Slice(2 * H, H), dRecurrentN, H, Steps);
            }
        }
    }
}
