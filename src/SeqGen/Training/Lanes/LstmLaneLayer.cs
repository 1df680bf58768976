using System;
using System.Numerics;
using SeqGen.Numerics;

namespace SeqGen.Lanes;

/// <summary>An LSTM layer in lockstep: [i f g o] = b_ih + b_hh + W_ih x + W_hh h for all lanes at once, then each lane's cell.</summary>
internal sealed class LstmLaneLayer<T> : LaneLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _cell;    // [lane][Steps + 1][H], like Hidden
    private readonly T[] _gates;   // [lane][Steps][4H]: activations, then their gradients
    private readonly T[] _dc;      // [lane][H]
    private readonly T[] _packed;  // LaneProducts' packed W_ih and W_hh (empty if the rows do not pack)

    public LstmLaneLayer(RecurrentLayerLayout layout, int inputWidth, int steps) : base(layout, inputWidth, steps)
    {
        _cell = new T[Lanes * StateStride];
        _gates = new T[Lanes * CacheStride(G)];
        _dc = new T[Lanes * H];
        _packed = new T[LaneProducts.PackedLength<T>(G, inputWidth, H)];
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
        int stateStride = StateStride, gateStride = CacheStride(G);
        ReadOnlySpan<T> biasIh = parameters.Slice(Layout.BiasIh, G), biasHh = parameters.Slice(Layout.BiasHh, G);
        StartFrom(initialHidden, lanes);
        for (int k = 0; k < lanes; k++)
        {
            initialCell.Slice(Layout.CellStateOffset, H).CopyTo(_cell.AsSpan(k * stateStride, H));
        }
        for (int t = 0; t < Steps; t++)
        {
            // gates of every lane: b_ih + b_hh + W_ih x_t + W_hh h_{t-1}, one pass over the weights
            LaneProducts.GatePreActivations(WeightIh(parameters), WeightHh(parameters), _packed, biasIh, biasHh,
                below.Slice(TimeOf(t) * InputWidth), belowStride, Hidden.AsSpan(t * H), stateStride, _gates.AsSpan(t * G), gateStride, lanes);
            for (int k = 0; k < lanes; k++)
            {
                int state = k * stateStride + t * H;
                // activations in place; c_t = f*c_{t-1} + i*g; h_t = o*tanh(c_t)
                LstmCell.Forward(_gates.AsSpan(k * gateStride + t * G, G), _cell.AsSpan(state, H), _cell.AsSpan(state + H, H), Hidden.AsSpan(state + H, H));
            }
        }
    }

    public override void Backward(ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> below, int belowStride, Span<T> dBelow, int dBelowStride, int lanes)
    {
        int stateStride = StateStride, gateStride = CacheStride(G), outputStride = OutputStride;
        Span<T> dh = Dh.AsSpan(0, lanes * H), dc = _dc.AsSpan(0, lanes * H);
        dh.Clear();
        dc.Clear();
        for (int t = Steps - 1; t >= 0; t--)
        {
            for (int k = 0; k < lanes; k++)
            {
                Span<T> dhk = dh.Slice(k * H, H);
                int state = k * stateStride + t * H;
                Span<T> gatesAndGradient = _gates.AsSpan(k * gateStride + t * G, G);
                // total gradient on h_t: from above plus what step t+1 carried back
                LinearAlgebra.AddInPlace(dhk, OutputGradient.AsSpan(k * outputStride + t * H, H));
                // gradient on the gate pre-activations, written over the gates; dc becomes the gradient on c_{t-1}
                LstmCell.Backward(gatesAndGradient, _cell.AsSpan(state, H), _cell.AsSpan(state + H, H), dhk, dc.Slice(k * H, H), gatesAndGradient);
            }
            AccumulateInputGradient(parameters, _gates.AsSpan(t * G), gateStride, t, dBelow, dBelowStride, lanes);
            // gradient carried to step t-1: dh = W_hh^T dPre, every lane in one pass
            dh.Clear();
            LaneProducts.AccumulateRowDots(WeightHh(parameters), G, _gates.AsSpan(t * G), gateStride, dh, H, lanes);
        }
        AccumulateSharedWeightGradients(gradients, below, belowStride, _gates, gateStride, lanes);
    }
}
