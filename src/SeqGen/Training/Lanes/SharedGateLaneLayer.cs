using System;
using System.Numerics;
using SeqGen.Numerics;

namespace SeqGen.Lanes;

/// <summary>
/// The cells whose input and recurrent products add into one gate vector and share one gate
/// gradient (LSTM, RNN): both products run as one packed lockstep pass, and the weight and bias
/// gradients all come from the gate gradients kept in the gate cache.
/// </summary>
internal abstract class SharedGateLaneLayer<T> : LaneLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _packed;  // LaneProducts' packed W_ih and W_hh (empty if the rows do not pack)

    protected SharedGateLaneLayer(RecurrentLayerLayout layout, int inputWidth, int steps) : base(layout, inputWidth, steps)
    {
        Gates = new T[Lanes * CacheStride(G)];
        _packed = new T[LaneProducts.PackedLength<T>(G, inputWidth, H)];
    }

    /// <summary>[lane][Steps][gate rows], in step order: what the cell keeps of the gates, then their gradients.</summary>
    protected T[] Gates { get; }

    protected int GateStride => CacheStride(G);

    public override void Pack(ReadOnlySpan<T> parameters)
    {
        if (_packed.Length > 0)
        {
            LaneProducts.PackGateWeights(WeightIh(parameters), WeightHh(parameters), G, _packed);
        }
    }

    /// <summary>Step s's gates of every lane: b_ih + b_hh + W_ih x + W_hh h_prev, one pass over the weights.</summary>
    protected void GatePreActivations(ReadOnlySpan<T> parameters, ReadOnlySpan<T> below, int belowStride, int s, int lanes) =>
        LaneProducts.GatePreActivations(G, WeightIh(parameters), WeightHh(parameters), _packed,
            parameters.Slice(Layout.BiasIh, G), BiasHh(parameters),
            below.Slice(TimeOf(s) * InputWidth), belowStride, Hidden.AsSpan(s * H), StateStride, Gates.AsSpan(s * G), GateStride, lanes);

    /// <summary>After a step's cell backward: the gradient into the layer below, and dh = W_hh^T dPre for step s-1, every lane in one pass each.</summary>
    protected void PropagateGateGradient(ReadOnlySpan<T> parameters, int s, Span<T> dBelow, int dBelowStride, int lanes)
    {
        AccumulateInputGradient(parameters, Gates.AsSpan(s * G), GateStride, s, dBelow, dBelowStride, lanes);
        Span<T> dh = Dh.AsSpan(0, lanes * H);
        dh.Clear();
        LaneProducts.AccumulateRowDots(WeightHh(parameters), G, Gates.AsSpan(s * G), GateStride, dh, H, lanes);
    }

    /// <summary>Per lane: dW_ih += X^T dPre, dW_hh += H_prev^T dPre and both biases += sum dPre, over the steps.</summary>
    protected void AccumulateWeightGradients(Span<T> gradients, ReadOnlySpan<T> below, int belowStride, int lanes)
    {
        Span<T> gradWeightIh = gradients.Slice(Layout.WeightIh, G * InputWidth);
        Span<T> gradWeightHh = gradients.Slice(Layout.WeightHh, G * H);
        for (int k = 0; k < lanes; k++)
        {
            ReadOnlySpan<T> dPre = Gates.AsSpan(k * GateStride, Steps * G);
            StepGradients.AccumulateWeights(gradWeightIh, below.Slice(k * belowStride, Steps * InputWidth), InputWidth, dPre, G, Steps, reverseInputs: Reverse);
            StepGradients.AccumulateWeights(gradWeightHh, Hidden.AsSpan(k * StateStride, Steps * H), H, dPre, G, Steps, reverseInputs: false);
            StepGradients.AccumulateBias(gradients.Slice(Layout.BiasIh, G), dPre, Steps);
            if (HasBiasHh)
            {
                StepGradients.AccumulateBias(gradients.Slice(Layout.BiasHh, G), dPre, Steps);
            }
        }
    }
}
