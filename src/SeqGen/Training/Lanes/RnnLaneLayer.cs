using System;
using System.Numerics;
using SeqGen.Numerics;

namespace SeqGen.Lanes;

/// <summary>A vanilla RNN layer in lockstep: pre = b_ih + b_hh + W_ih x + W_hh h for all lanes at once, then h = tanh(pre) or relu(pre) per lane.</summary>
internal sealed class RnnLaneLayer<T> : SharedGateLaneLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly bool _relu;

    public RnnLaneLayer(RecurrentLayerLayout layout, int inputWidth, int steps) : base(layout, inputWidth, steps) =>
        _relu = layout.Cell == StackCell.RnnRelu;

    public override void Forward(ReadOnlySpan<T> parameters, ReadOnlySpan<T> initialHidden, ReadOnlySpan<T> initialCell, ReadOnlySpan<T> below, int belowStride, int lanes)
    {
        StartFrom(initialHidden, lanes);
        // step order: a reverse direction's step s reads the input at time Steps-1-s
        for (int s = 0; s < Steps; s++)
        {
            GatePreActivations(parameters, below, belowStride, s, lanes);
            for (int k = 0; k < lanes; k++)
            {
                RnnCell.Forward<T>(Gates.AsSpan(k * GateStride + s * G, G), Hidden.AsSpan(k * StateStride + (s + 1) * H, H), _relu);
            }
        }
    }

    public override void Backward(ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> below, int belowStride, Span<T> dBelow, int dBelowStride, int lanes)
    {
        Span<T> dh = Dh.AsSpan(0, lanes * H);
        dh.Clear();
        for (int s = Steps - 1; s >= 0; s--)
        {
            for (int k = 0; k < lanes; k++)
            {
                Span<T> dhk = dh.Slice(k * H, H);
                LinearAlgebra.AddInPlace(dhk, OutputGradient.AsSpan(k * OutputStride + s * H, H));
                // dPre = dh * act'(pre), from h_s, written over the pre-activation
                RnnCell.Backward<T>(Hidden.AsSpan(k * StateStride + (s + 1) * H, H), dhk, Gates.AsSpan(k * GateStride + s * G, G), _relu);
            }
            PropagateGateGradient(parameters, s, dBelow, dBelowStride, lanes);
        }
        AccumulateWeightGradients(gradients, below, belowStride, lanes);
    }
}
