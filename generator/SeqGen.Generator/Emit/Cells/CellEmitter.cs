using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit.Cells;

/// <summary>
/// Emits the statements of one time step of one cell kind, forward and backward.
/// <see cref="LayerEmitter"/> owns the loop over time and declares the step's operands as locals
/// with fixed names; a cell emitter only uses them (or, for inference, may replace the whole loop
/// with one call of a whole-sequence kernel: <see cref="EmitForwardSequence"/>):
/// forward: x, hPrev, h, cPrev, c, gates, recurrent, recurrentN, resetHidden and the weights
/// weightIh, weightHh, biasIh, biasHh; backward additionally dh (in: total gradient on h_t, out: on
/// h_{t-1}), dc, dx, dPre, dPreRecurrent, dhPrev, dResetHidden and the gradient spans gradWeightIh,
/// gradWeightHh, gradBiasIh, gradBiasHh.
/// </summary>
internal abstract class CellEmitter
{
    protected CellEmitter(LayerDescriptor layer, string element, string? halfWeights = null, bool gateBlocks = false)
    {
        Layer = layer;
        T = element;
        _halfWeightKernels = halfWeights;
        GateBlocks = gateBlocks;
    }

    private readonly string? _halfWeightKernels;

    /// <summary>Whether weightIh and weightHh are 16-bit spans (a WeightStorage.Half or BFloat16 Step): the products then go through their kernels.</summary>
    protected bool HalfWeights => _halfWeightKernels is not null;

    /// <summary>Whether they are bfloat16 gate blocks, so that the whole step is one BFloat16GateBlocks call (which needs only the gates scratch).</summary>
    public bool GateBlocks { get; }

    /// <summary>The y += W x kernel for weightIh and weightHh: float or double weights, or the 16-bit copy.</summary>
    protected string WeightProduct => _halfWeightKernels is { } kernels ? $"{kernels}.AccumulateColumns" : $"{Names.Kernels}.AccumulateColumns<{T}>";

    protected LayerDescriptor Layer { get; }

    /// <summary>The element type (float or double), for explicit generic arguments.</summary>
    protected string T { get; }

    protected int H => Layer.HiddenSize;

    protected string Span => $"{Names.Span}<{T}>";

    /// <summary>Gate rows per input: the stride of the input-major weight matrices.</summary>
    protected int GateWidth => Layer.GateWidth;


    /// <summary>Declares the scratch spans this cell's forward step uses beyond the shared operands.</summary>
    public virtual void EmitForwardScratch(IndentedWriter w)
    {
    }

    /// <summary>Declares the scratch spans this cell's backward step uses beyond the shared operands.</summary>
    public virtual void EmitBackwardScratch(IndentedWriter w)
    {
    }

    /// <summary>Declares the spans of the cell's own parameters beyond the shared weights (LayerNorm's).</summary>
    public virtual void EmitParameterSpans(IndentedWriter w, DirectionWeights weights)
    {
    }

    /// <summary>Declares the gradient spans of the cell's own parameters.</summary>
    public virtual void EmitGradientSpans(IndentedWriter w, DirectionWeights weights)
    {
    }

    /// <summary>Declares the cell's own per-direction cache (before the loop over steps), as Span or ReadOnlySpan.</summary>
    public virtual void EmitCacheDeclaration(IndentedWriter w, string field, string span)
    {
    }

    /// <summary>Declares step s's slice of the cell's own cache (inside the loop).</summary>
    public virtual void EmitCacheSlice(IndentedWriter w, string span)
    {
    }

    /// <summary>Declares the streaming step's scratch in place of the cell's own cache slice.</summary>
    public virtual void EmitStepCache(IndentedWriter w)
    {
    }

    public abstract void EmitForwardStep(IndentedWriter w);

    /// <summary>
    /// Emits one call that runs <c>length</c> steps over <c>input</c> with the state h (and c) in
    /// place and writes every step's h to <paramref name="output"/> (<c>default</c>: nowhere), if this
    /// cell has such a kernel, and says whether it did; otherwise inference loops over
    /// <see cref="EmitForwardStep"/>.
    /// </summary>
    public virtual bool EmitForwardSequence(IndentedWriter w, string output) => false;

    /// <summary>
    /// Whether the backward step leaves its gate gradient in the gate cache instead of adding the
    /// weight and bias gradients itself (cells whose input and recurrent products share one gate
    /// gradient: <see cref="EmitSharedBackwardTail"/>); <see cref="LayerEmitter"/> then adds them
    /// for the whole chunk after the loop. A fact of the layer, so the workspace plan sees it too.
    /// </summary>
    public bool DefersWeightGradients => Layer.DefersWeightGradients;

    /// <summary>
    /// After the backward loop of a cell that <see cref="DefersWeightGradients"/>: dW_ih += X^T dPre,
    /// dW_hh += H_prev^T dPre and the biases, once for the chunk. A reverse direction's step s read
    /// the input at time length-1-s.
    /// </summary>
    public virtual void EmitChunkWeightGradients(IndentedWriter w, bool reverse)
    {
        w.Comment(reverse
            ? "the chunk's parameter gradients, as products over its steps (step s read the input at time length-1-s): dW_ih += X^T dPre, dW_hh += H_prev^T dPre, db += sum dPre"
            : "the chunk's parameter gradients, as products over its steps: dW_ih += X^T dPre, dW_hh += H_prev^T dPre, db += sum dPre");
        w.Line($"{Names.StepGradients}.AccumulateWeights<{T}>(gradWeightIh, input, {Layer.InputWidth}, gateCache, {GateWidth}, length, reverseInputs: {(reverse ? "true" : "false")});");
        w.Line($"{Names.StepGradients}.AccumulateWeights<{T}>(gradWeightHh, hidden, {Layer.StateWidth}, gateCache, {GateWidth}, length, reverseInputs: false);");
        w.Line($"{Names.StepGradients}.AccumulateBias<{T}>(gradBiasIh, gateCache, length);");
        if (!Layer.SingleBias)
        {
            w.Line($"{Names.StepGradients}.AccumulateBias<{T}>(gradBiasHh, gateCache, length);");
        }
    }

    public abstract void EmitBackwardStep(IndentedWriter w);

    /// <param name="halfWeights">For a 16-bit WeightStorage Step, the kernels class (LSTM and RNN cells, and GRU cells in gate blocks).</param>
    /// <param name="gateBlocks">Whether that copy is in bfloat16 gate blocks (ModelDescriptor.UsesGateBlocks).</param>
    public static CellEmitter For(LayerDescriptor layer, string element, string? halfWeights = null, bool gateBlocks = false) => layer.Cell switch
    {
        CellKind.Lstm when layer.LayerNorm => new LayerNormLstmEmitter(layer, element),
        CellKind.Gru when layer.LayerNorm => new LayerNormGruEmitter(layer, element),
        CellKind.Lstm => new LstmEmitter(layer, element, halfWeights, gateBlocks),
        CellKind.Gru when layer.ResetBefore => new GruResetBeforeEmitter(layer, element),
        CellKind.Gru => new GruResetAfterEmitter(layer, element, gateBlocks),
        _ => new RnnEmitter(layer, element, halfWeights),
    };

    /// <summary>
    /// dx_t += W_ih^T dPre, the gradient into the layer below; not for a decoder, whose inputs are
    /// the previous targets, so nothing needs their gradient.
    /// </summary>
    protected void EmitInputGradient(IndentedWriter w)
    {
        if (Layer.IsDecoder)
        {
            return;
        }
        w.Comment("gradient into the layer below: dx_t += W_ih^T dPre");
        w.Line($"{Names.Kernels}.AccumulateRowDots<{T}>(weightIh, {GateWidth}, dPre, dx);");
    }

    /// <summary>
    /// The backward tail shared by cells whose input and recurrent pre-activations get the same
    /// gradient (LSTM, RNN): the gate gradient kept for the chunk's parameter gradients, the
    /// gradient into the layer below, and the gradient carried to step t-1.
    /// </summary>
    protected void EmitSharedBackwardTail(IndentedWriter w)
    {
        EmitInputGradient(w);
        w.Comment("gradient carried to step t-1: dh = W_hh^T dPre");
        w.Line("dh.Clear();");
        w.Line($"{Names.Kernels}.AccumulateRowDots<{T}>(weightHh, {GateWidth}, dPre, dh);");
    }
}
