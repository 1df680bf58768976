using System;
using System.Numerics;
using SeqGen.Numerics;

namespace SeqGen.Lanes;

/// <summary>A vanilla RNN layer in lockstep: pre = b_ih + b_hh + W_ih x + W_hh h for all lanes at once, then h = tanh(pre) or relu(pre) per lane.</summary>
internal sealed class RnnLaneLayer<T> : LaneLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _pre;     // [lane][Steps][H]: pre-activations, then their gradients
    private readonly T[] _packed;
    private readonly bool _relu;

    public RnnLaneLayer(RecurrentLayerLayout layout, int inputWidth, int steps) : base(layout, inputWidth, steps)
    {
        _pre = new T[Lanes * CacheStride(G)];
        _packed = new T[LaneProducts.PackedLength<T>(G, inputWidth, H)];
        _relu = layout.Cell == StackCell.RnnRelu;
    }

    public override void Pack(ReadOnlySpan<T> parameters)
    {
        if (_packed.Length > 0)
        {
            LaneProducts.PackGateWeights(WeightIh(parameters), WeightHh(parameters), G, _packed);
        }
    }

    public override void Forward(ReadOnlySpan<T> parameters, ReadOnlySpan<T> initialHidden, ReadOnlySpan<T> initialCell, ReadOnlySpan<T> below, int belowStride, int lanes)
    {
        int stateStride = StateStride, preStride = CacheStride(G);
        ReadOnlySpan<T> biasIh = parameters.Slice(Layout.BiasIh, G), biasHh = parameters.Slice(Layout.BiasHh, G);
        StartFrom(initialHidden, lanes);
        for (int t = 0; t < Steps; t++)
        {
            LaneProducts.GatePreActivations(WeightIh(parameters), WeightHh(parameters), _packed, biasIh, biasHh,
                below.Slice(TimeOf(t) * InputWidth), belowStride, Hidden.AsSpan(t * H), stateStride, _pre.AsSpan(t * G), preStride, lanes);
            for (int k = 0; k < lanes; k++)
            {
                RnnCell.Forward<T>(_pre.AsSpan(k * preStride + t * G, G), Hidden.AsSpan(k * stateStride + (t + 1) * H, H), _relu);
            }
        }
    }

    public override void Backward(ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> below, int belowStride, Span<T> dBelow, int dBelowStride, int lanes)
    {
        int stateStride = StateStride, preStride = CacheStride(G), outputStride = OutputStride;
        Span<T> dh = Dh.AsSpan(0, lanes * H);
        dh.Clear();
        for (int t = Steps - 1; t >= 0; t--)
        {
            for (int k = 0; k < lanes; k++)
            {
                Span<T> dhk = dh.Slice(k * H, H);
                LinearAlgebra.AddInPlace(dhk, OutputGradient.AsSpan(k * outputStride + t * H, H));
                // dPre = dh * act'(pre), from h_t, written over the pre-activation
                RnnCell.Backward<T>(Hidden.AsSpan(k * stateStride + (t + 1) * H, H), dhk, _pre.AsSpan(k * preStride + t * G, G), _relu);
            }
            AccumulateInputGradient(parameters, _pre.AsSpan(t * G), preStride, t, dBelow, dBelowStride, lanes);
            dh.Clear();
            LaneProducts.AccumulateRowDots(WeightHh(parameters), G, _pre.AsSpan(t * G), preStride, dh, H, lanes);
        }
        AccumulateSharedWeightGradients(gradients, below, belowStride, _pre, preStride, lanes);
    }
}
