using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit.Cells;

/// <summary>
/// Layer-normalized GRU (reset-after): a = LN_ih(W_ih x), b = LN_hh(W_hh h); r = sigmoid(a_r + b_r),
/// z = sigmoid(a_z + b_z), n = tanh(a_n + r*b_n), h' = (1-z)*n + z*h. No product biases; the
/// element-wise part is the plain reset-after GRU's with a and b in place of the biased products.
/// </summary>
internal sealed class LayerNormGruEmitter : LayerNormCellEmitter
{
    public LayerNormGruEmitter(LayerDescriptor layer, string element) : base(layer, element) { }

    public override void EmitForwardScratch(IndentedWriter w) =>
        w.Line($"{Span} recurrent = _scratchRecurrent.AsSpan(0, {GateWidth});");

    public override void EmitBackwardScratch(IndentedWriter w)
    {
        w.Line($"{Span} dhPrev = _scratchPreviousHiddenGradient.AsSpan(0, {H});");
        w.Line($"{Span} dPreRecurrent = _scratchRecurrentGateGradient.AsSpan(0, {GateWidth});");
    }

    public override void EmitForwardStep(IndentedWriter w)
    {
        EmitNormalizedInputProduct(w);
        EmitNormalizedRecurrentProduct(w, "recurrent", "recurrent", accumulate: false);
        w.Comment("r, z = sigmoid(a + b); n = tanh(a_n + r * b_n); h_t = (1-z)*n + z*h_{t-1}");
        w.Line($"{Names.GruCell}.ForwardResetAfter<{T}>(gates, recurrent, hPrev, h, recurrentN);");
    }

    public override void EmitBackwardStep(IndentedWriter w)
    {
        w.Comment("gradients on a (dPre) and b (dPreRecurrent); dhPrev = dh * z");
        w.Line($"{Names.GruCell}.BackwardResetAfter<{T}>(gates, recurrentN, hPrev, dh, dPre, dPreRecurrent, dhPrev);");
        EmitProductsBackward(w, "dhPrev");
        w.Line("dhPrev.CopyTo(dh);");
    }
}
