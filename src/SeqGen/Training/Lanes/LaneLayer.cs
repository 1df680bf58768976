using System;
using System.Numerics;
using SeqGen.Numerics;

namespace SeqGen.Lanes;

/// <summary>
/// One layer of a <see cref="BatchedRecurrentGradients{T}"/> stack for <see cref="Lanes"/>
/// sequences in lockstep: its per-lane buffers and its forward and backward through time. The
/// subclasses are the cells (<see cref="LstmLaneLayer{T}"/>, <see cref="GruLaneLayer{T}"/>,
/// <see cref="RnnLaneLayer{T}"/>); this base holds what every cell has: h's history, the gradient
/// on the layer's outputs and dh.
/// </summary>
/// <remarks>
/// <para>A reverse direction (<see cref="RecurrentLayerLayout.Reverse"/>) walks the sequence from
/// its last step to its first: its step s reads the input at time <see cref="TimeOf"/>(s), and its
/// histories, caches and <see cref="OutputGradient"/> are in step order.</para>
/// Lane k's block of a per-lane buffer starts <see cref="LanePadding"/> elements after lane k-1's
/// end. Unpadded, the lanes' blocks at LSTM 16->128 are a multiple of 4 KB apart, so the four
/// lanes a kernel reads at once fall in the same L1 sets.
/// </remarks>
internal abstract class LaneLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public const int Lanes = 8;
    public const int LanePadding = 16;

    protected LaneLayer(RecurrentLayerLayout layout, int inputWidth, int steps)
    {
        Layout = layout;
        InputWidth = inputWidth;
        Steps = steps;
        H = layout.HiddenSize;
        G = layout.GateWidth;
        Hidden = new T[Lanes * StateStride];
        OutputGradient = new T[Lanes * OutputStride];
        Dh = new T[Lanes * H];
    }

    /// <summary>Whether the layer has its own b_hh; without it (Keras's single bias) b_hh is zero and not trained.</summary>
    protected bool HasBiasHh => Layout.BiasHh >= 0;

    /// <summary>b_hh, or empty (no such bias) for a single-bias layer.</summary>
    protected ReadOnlySpan<T> BiasHh(ReadOnlySpan<T> parameters) => HasBiasHh ? parameters.Slice(Layout.BiasHh, G) : default;

    public RecurrentLayerLayout Layout { get; }

    public bool Reverse => Layout.Reverse;

    /// <summary>The input time step s reads: s, or Steps - 1 - s in a reverse direction.</summary>
    public int TimeOf(int s) => Layout.Reverse ? Steps - 1 - s : s;

    public int InputWidth { get; }

    public int Steps { get; }

    public int H { get; }

    /// <summary>Gate rows.</summary>
    public int G { get; }

    /// <summary>[lane][Steps + 1][H] (+ padding): row 0 the initial state, row t + 1 the output at step t.</summary>
    public T[] Hidden { get; }

    /// <summary>[lane][Steps][H] (+ padding), in step order: the gradient on the layer's outputs, written by the layer above or the head.</summary>
    public T[] OutputGradient { get; }

    /// <summary>[lane][H]: the gradient on h carried from step t to step t - 1.</summary>
    protected T[] Dh { get; }

    public int StateStride => (Steps + 1) * H + LanePadding;

    public int OutputStride => Steps * H + LanePadding;

    /// <summary>Elements from one lane's per-step cache of <paramref name="width"/> values to the next's.</summary>
    protected int CacheStride(int width) => Steps * width + LanePadding;

    /// <summary>Packs the weights for the lockstep products; called once per batch, the weights being fixed for it.</summary>
    public abstract void Pack(ReadOnlySpan<T> parameters);

    /// <summary>
    /// Every step for <paramref name="lanes"/> sequences. Lane k's input at time t is
    /// below[k * belowStride + t * InputWidth ..][..InputWidth].
    /// </summary>
    public abstract void Forward(ReadOnlySpan<T> parameters, ReadOnlySpan<T> initialHidden, ReadOnlySpan<T> initialCell, ReadOnlySpan<T> below, int belowStride, int lanes);

    /// <summary>
    /// Backpropagation through every step, last to first, from <see cref="OutputGradient"/>; adds the
    /// parameter gradients, and the gradient on the input into <paramref name="dBelow"/> (laid out
    /// like the input, rows of InputWidth <paramref name="dBelowStride"/> apart per lane) unless it is empty.
    /// </summary>
    public abstract void Backward(ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> below, int belowStride, Span<T> dBelow, int dBelowStride, int lanes);

    protected ReadOnlySpan<T> WeightIh(ReadOnlySpan<T> parameters) => parameters.Slice(Layout.WeightIh, G * InputWidth);

    protected ReadOnlySpan<T> WeightHh(ReadOnlySpan<T> parameters) => parameters.Slice(Layout.WeightHh, G * H);

    /// <summary>Row 0 of every lane's h history: the initial state.</summary>
    protected void StartFrom(ReadOnlySpan<T> initialHidden, int lanes)
    {
        for (int k = 0; k < lanes; k++)
        {
            initialHidden.Slice(Layout.StateOffset, H).CopyTo(Hidden.AsSpan(k * StateStride, H));
        }
    }

    /// <summary>dx += W_ih^T dPre for step s of every lane, into the layer below's output gradient at that step's time (nothing for layer 0).</summary>
    protected void AccumulateInputGradient(ReadOnlySpan<T> parameters, ReadOnlySpan<T> dPre, int dPreStride, int s, Span<T> dBelow, int dBelowStride, int lanes)
    {
        if (!dBelow.IsEmpty)
        {
            LaneProducts.AccumulateRowDots(WeightIh(parameters), G, dPre, dPreStride, dBelow.Slice(TimeOf(s) * InputWidth), dBelowStride, lanes);
        }
    }

    /// <summary>The layer for <paramref name="layout"/>'s cell.</summary>
    public static LaneLayer<T> For(RecurrentLayerLayout layout, int inputWidth, int steps) => layout.Cell switch
    {
        StackCell.Lstm => new LstmLaneLayer<T>(layout, inputWidth, steps),
        StackCell.Gru => new GruLaneLayer<T>(layout, inputWidth, steps),
        _ => new RnnLaneLayer<T>(layout, inputWidth, steps),
    };
}
