using System;
using System.Numerics;
using SeqGen.Numerics;

namespace SeqGen.Lanes;

/// <summary>An LSTM layer in lockstep: [i f g o] = b_ih + b_hh + W_ih x + W_hh h for all lanes at once, then each lane's cell.</summary>
internal sealed class LstmLaneLayer<T> : SharedGateLaneLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _cell;    // [lane][Steps + 1][H], like Hidden
    private readonly T[] _dc;      // [lane][H]

    public LstmLaneLayer(RecurrentLayerLayout layout, int inputWidth, int steps) : base(layout, inputWidth, steps)
    {
        _cell = new T[Lanes * StateStride];
        _dc = new T[Lanes * H];
    }

    public override void Forward(ReadOnlySpan<T> parameters, ReadOnlySpan<T> initialHidden, ReadOnlySpan<T> initialCell, ReadOnlySpan<T> below, int belowStride, int lanes)
    {
        StartFrom(initialHidden, lanes);
        for (int k = 0; k < lanes; k++)
        {
            initialCell.Slice(Layout.CellStateOffset, H).CopyTo(_cell.AsSpan(k * StateStride, H));
        }
        // step order: a reverse direction's step s reads the input at time Steps-1-s
        for (int s = 0; s < Steps; s++)
        {
            GatePreActivations(parameters, below, belowStride, s, lanes);
            for (int k = 0; k < lanes; k++)
            {
                int state = k * StateStride + s * H;
                // activations in place; c_s = f*c_{s-1} + i*g; h_s = o*tanh(c_s)
                LstmCell.Forward(Gates.AsSpan(k * GateStride + s * G, G), _cell.AsSpan(state, H), _cell.AsSpan(state + H, H), Hidden.AsSpan(state + H, H));
            }
        }
    }

    public override void Backward(ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> below, int belowStride, Span<T> dBelow, int dBelowStride, int lanes)
    {
        Span<T> dh = Dh.AsSpan(0, lanes * H), dc = _dc.AsSpan(0, lanes * H);
        dh.Clear();
        dc.Clear();
        for (int s = Steps - 1; s >= 0; s--)
        {
            for (int k = 0; k < lanes; k++)
            {
                Span<T> dhk = dh.Slice(k * H, H);
                int state = k * StateStride + s * H;
                Span<T> gatesAndGradient = Gates.AsSpan(k * GateStride + s * G, G);
                // total gradient on h_s: from above plus what step s+1 carried back
                LinearAlgebra.AddInPlace(dhk, OutputGradient.AsSpan(k * OutputStride + s * H, H));
                // gradient on the gate pre-activations, written over the gates; dc becomes the gradient on c_{s-1}
                LstmCell.Backward(gatesAndGradient, _cell.AsSpan(state, H), _cell.AsSpan(state + H, H), dhk, dc.Slice(k * H, H), gatesAndGradient);
            }
            PropagateGateGradient(parameters, s, dBelow, dBelowStride, lanes);
        }
        AccumulateWeightGradients(gradients, below, belowStride, lanes);
    }
}
