using System;
using System.Numerics;

namespace SeqGen.Lanes;

/// <summary>
/// One layer of the stack in lockstep: one direction, or a forward and a reverse direction whose
/// outputs are concatenated, [forward ; reverse] at each time step (PyTorch's bidirectional
/// output). It presents the layer to the layer above and to the head in time order: its output,
/// the gradient on it, and the final states a ManyToOne head reads.
/// </summary>
internal sealed class LaneLayerGroup<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LaneLayer<T>[] _directions;
    private readonly T[] _concat;           // two directions: [lane][Steps][2H] (+ padding), time order
    private readonly T[] _concatGradient;   // two directions: the gradient on _concat

    public LaneLayerGroup(ReadOnlySpan<RecurrentLayerLayout> directions, int inputWidth, int steps)
    {
        _directions = new LaneLayer<T>[directions.Length];
        for (int d = 0; d < directions.Length; d++)
        {
            _directions[d] = LaneLayer<T>.For(directions[d], inputWidth, steps);
        }
        H = directions[0].HiddenSize;
        Width = directions.Length * H;
        Steps = steps;
        bool both = directions.Length == 2;
        _concat = both ? new T[LaneLayer<T>.Lanes * (steps * Width + LaneLayer<T>.LanePadding)] : [];
        _concatGradient = both ? new T[_concat.Length] : [];
    }

    public int H { get; }

    /// <summary>The output's width per step: H, or 2H for two directions.</summary>
    public int Width { get; }

    public int Steps { get; }

    private bool Bidirectional => _directions.Length == 2;

    /// <summary>Elements from one lane's output (and output gradient) to the next's.</summary>
    public int OutputStride => Bidirectional ? Steps * Width + LaneLayer<T>.LanePadding : _directions[0].StateStride;

    /// <summary>Lane 0's output at time 0; time t of lane k is Width values at k * OutputStride + t * Width.</summary>
    public ReadOnlySpan<T> Output => Bidirectional ? _concat : _directions[0].Hidden.AsSpan(H);

    /// <summary>The gradient on <see cref="Output"/>, in time order (stride <see cref="OutputGradientStride"/>), written by the layer above or the head.</summary>
    public Span<T> OutputGradient => Bidirectional ? _concatGradient : _directions[0].OutputGradient;

    public int OutputGradientStride => Bidirectional ? OutputStride : _directions[0].OutputStride;

    public void Pack(ReadOnlySpan<T> parameters)
    {
        foreach (LaneLayer<T> direction in _directions)
        {
            direction.Pack(parameters);
        }
    }

    public void Forward(ReadOnlySpan<T> parameters, ReadOnlySpan<T> initialHidden, ReadOnlySpan<T> initialCell, ReadOnlySpan<T> below, int belowStride, int lanes)
    {
        foreach (LaneLayer<T> direction in _directions)
        {
            direction.Forward(parameters, initialHidden, initialCell, below, belowStride, lanes);
        }
        if (!Bidirectional)
        {
            return;
        }
        // [forward h at time t ; reverse h at time t], the reverse one made by its step Steps-1-t
        LaneLayer<T> forward = _directions[0], reverse = _directions[1];
        for (int k = 0; k < lanes; k++)
        {
            for (int t = 0; t < Steps; t++)
            {
                Span<T> row = _concat.AsSpan(k * OutputStride + t * Width, Width);
                forward.Hidden.AsSpan(k * forward.StateStride + (t + 1) * H, H).CopyTo(row);
                reverse.Hidden.AsSpan(k * reverse.StateStride + (Steps - t) * H, H).CopyTo(row.Slice(H));
            }
        }
    }

    /// <summary>Sends <see cref="OutputGradient"/> to the directions (in their step order), then runs their backward passes, which both add into <paramref name="dBelow"/>.</summary>
    public void Backward(ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> below, int belowStride, Span<T> dBelow, int dBelowStride, int lanes)
    {
        if (Bidirectional)
        {
            LaneLayer<T> forward = _directions[0], reverse = _directions[1];
            for (int k = 0; k < lanes; k++)
            {
                for (int t = 0; t < Steps; t++)
                {
                    ReadOnlySpan<T> row = _concatGradient.AsSpan(k * OutputStride + t * Width, Width);
                    row.Slice(0, H).CopyTo(forward.OutputGradient.AsSpan(k * forward.OutputStride + t * H, H));
                    row.Slice(H, H).CopyTo(reverse.OutputGradient.AsSpan(k * reverse.OutputStride + (Steps - 1 - t) * H, H));
                }
            }
        }
        foreach (LaneLayer<T> direction in _directions)
        {
            direction.Backward(parameters, gradients, below, belowStride, dBelow, dBelowStride, lanes);
        }
    }

    /// <summary>
    /// What a ManyToOne head reads of lane k: the forward direction's state after the last step and
    /// the reverse direction's after its last step (time 0), side by side.
    /// </summary>
    public void CopyFinalStates(int k, Span<T> features)
    {
        for (int d = 0; d < _directions.Length; d++)
        {
            LaneLayer<T> direction = _directions[d];
            direction.Hidden.AsSpan(k * direction.StateStride + Steps * H, H).CopyTo(features.Slice(d * H, H));
        }
    }

    /// <summary>Adds the gradient on lane k's final states to <see cref="OutputGradient"/>: the forward part at time Steps-1, the reverse part at time 0.</summary>
    public void AddFinalStateGradient(int k, ReadOnlySpan<T> dFeatures)
    {
        Span<T> gradient = OutputGradient;
        int stride = OutputGradientStride;
        Numerics.LinearAlgebra.AddInPlace(gradient.Slice(k * stride + (Steps - 1) * Width, H), dFeatures.Slice(0, H));
        if (Bidirectional)
        {
            Numerics.LinearAlgebra.AddInPlace(gradient.Slice(k * stride + H, H), dFeatures.Slice(H, H));
        }
    }
}
