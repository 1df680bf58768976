using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit.Cells;

/// <summary>
/// Layer-normalized LSTM (PyTorch's LayerNormLSTMCell, custom_lstms.py): gates = LN_ih(W_ih x) + LN_hh(W_hh h);
/// c' = LN_c(f*c + i*g); h' = o*tanh(c'). No product biases.
/// </summary>
internal sealed class LayerNormLstmEmitter : LayerNormCellEmitter
{
    public LayerNormLstmEmitter(LayerDescriptor layer, string element) : base(layer, element) { }

    public override void EmitForwardScratch(IndentedWriter w) =>
        w.Line($"{Span} product = _scratchLayerNormProduct.AsSpan(0, {GateWidth});");

    public override void EmitBackwardScratch(IndentedWriter w) =>
        w.Line($"{Span} dPreRecurrent = _scratchLayerNormGradient.AsSpan(0, {GateWidth});");

    public override void EmitForwardStep(IndentedWriter w)
    {
        EmitNormalizedInputProduct(w);
        EmitNormalizedRecurrentProduct(w, "product", "gates", accumulate: true);
        w.Comment("activations; c_t = LN_c(f*c_{t-1} + i*g) (x_hat and rstd kept); h_t = o*tanh(c_t)");
        w.Line($"norms[{RstdIndex + 2}] = {Names.LayerNormLstmCell}.Forward<{T}>(gates, cPrev, lnGammaCell, lnBetaCell, norms.Slice({2 * GateWidth}, {H}), c, h);");
    }

    public override void EmitBackwardStep(IndentedWriter w)
    {
        w.Comment("gradient on the gate pre-activations through h_t and LN_c; dc becomes the gradient on c_{t-1}");
        w.Line($"{Names.LayerNormLstmCell}.Backward<{T}>(gates, cPrev, c, norms.Slice({2 * GateWidth}, {H}), norms[{RstdIndex + 2}], lnGammaCell, gradLnGammaCell, gradLnBetaCell, dh, dc, dPre);");
        w.Comment("the gate pre-activations are LN_ih(...) + LN_hh(...): both receive dPre");
        w.Line("dPre.CopyTo(dPreRecurrent);");
        w.Line("dh.Clear();");
        EmitProductsBackward(w, "dh");
    }
}
