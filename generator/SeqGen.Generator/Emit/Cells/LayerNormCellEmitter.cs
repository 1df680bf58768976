using SeqGen.Generator.Model;
using SeqGen.Generator.Validation;

namespace SeqGen.Generator.Emit.Cells;

/// <summary>
/// What layer-normalized cells share: the LN parameter and gradient spans (lnGammaIh, lnBetaIh,
/// lnGammaHh, lnBetaHh and, for an LSTM, lnGammaCell, lnBetaCell), the per-step cache <c>norms</c>
/// (x_hat of LN_ih [G], of LN_hh [G], of LN_c [H], then the rstd of each), and the normalized products:
/// gates = LN_ih(W_ih x_t), and LN_hh(W_hh h_{t-1}) either added to gates or written apart.
/// They never use the fused small-H step kernels.
/// </summary>
internal abstract class LayerNormCellEmitter : CellEmitter
{
    protected LayerNormCellEmitter(LayerDescriptor layer, string element) : base(layer, element) { }

    /// <summary>Index in <c>norms</c> of the first rstd (LN_ih's; then LN_hh's, then LN_c's).</summary>
    protected int RstdIndex => 2 * GateWidth + (Layer.HasCellState ? H : 0);

    protected string NormIh => $"norms.Slice(0, {GateWidth})";

    protected string NormHh => $"norms.Slice({GateWidth}, {GateWidth})";

    public override void EmitParameterSpans(IndentedWriter w, DirectionWeights weights) => EmitSpans(w, weights, "_parameters", Names.ReadOnlySpan, "ln");

    public override void EmitGradientSpans(IndentedWriter w, DirectionWeights weights) => EmitSpans(w, weights, "_gradients", Names.Span, "gradLn");

    private void EmitSpans(IndentedWriter w, DirectionWeights weights, string source, string span, string prefix)
    {
        var o = LayerNormWeights.Offsets(Layer, weights);
        w.Line($"{span}<{T}> {prefix}GammaIh = {source}.AsSpan({o.GammaIh}, {GateWidth});");
        w.Line($"{span}<{T}> {prefix}BetaIh = {source}.AsSpan({o.BetaIh}, {GateWidth});");
        w.Line($"{span}<{T}> {prefix}GammaHh = {source}.AsSpan({o.GammaHh}, {GateWidth});");
        w.Line($"{span}<{T}> {prefix}BetaHh = {source}.AsSpan({o.BetaHh}, {GateWidth});");
        if (Layer.HasCellState)
        {
            w.Line($"{span}<{T}> {prefix}GammaCell = {source}.AsSpan({o.GammaCell}, {H});");
            w.Line($"{span}<{T}> {prefix}BetaCell = {source}.AsSpan({o.BetaCell}, {H});");
        }
    }

    public override void EmitCacheDeclaration(IndentedWriter w, string field, string span) =>
        w.Line($"{span}<{T}> layerNormCache = {field};");

    public override void EmitCacheSlice(IndentedWriter w, string span) =>
        w.Line($"{span}<{T}> norms = layerNormCache.Slice(s * {Layer.LayerNormCacheWidth}, {Layer.LayerNormCacheWidth});");

    public override void EmitStepCache(IndentedWriter w) =>
        w.Line($"{Names.Span}<{T}> norms = _scratchLayerNorm.AsSpan(0, {Layer.LayerNormCacheWidth});");

    /// <summary>gates = LN_ih(W_ih x_t), keeping x_hat and rstd in norms.</summary>
    protected void EmitNormalizedInputProduct(IndentedWriter w)
    {
        w.Comment("gates = LN_ih(W_ih x_t): the product, normalized in place (x_hat and rstd kept)");
        w.Line("gates.Clear();");
        w.Line($"{Names.Kernels}.AccumulateColumns<{T}>(weightIh, {GateWidth}, x, gates);");
        w.Line($"norms[{RstdIndex}] = {Names.LayerNorm}.Forward<{T}>(gates, lnGammaIh, lnBetaIh, {NormIh}, gates);");
    }

    /// <summary>LN_hh(W_hh h_{t-1}) from <paramref name="product"/> into <paramref name="destination"/> (added when <paramref name="accumulate"/>).</summary>
    protected void EmitNormalizedRecurrentProduct(IndentedWriter w, string product, string destination, bool accumulate)
    {
        w.Comment(accumulate ? "gates += LN_hh(W_hh h_{t-1})" : $"{destination} = LN_hh(W_hh h_{{t-1}})");
        w.Line($"{product}.Clear();");
        w.Line($"{Names.Kernels}.AccumulateColumns<{T}>(weightHh, {GateWidth}, hPrev, {product});");
        w.Line($"norms[{RstdIndex + 1}] = {Names.LayerNorm}.Forward<{T}>({product}, lnGammaHh, lnBetaHh, {NormHh}, {destination}{(accumulate ? ", accumulate: true" : "")});");
    }

    /// <summary>
    /// From dPre (gradient on LN_ih's output) and dPreRecurrent (on LN_hh's): back through both LayerNorms,
    /// the weight gradients, the gradient into the layer below, and W_hh^T dPreRecurrent added to <paramref name="carried"/>.
    /// </summary>
    protected void EmitProductsBackward(IndentedWriter w, string carried)
    {
        w.Comment("back through LN_ih and LN_hh: dPre and dPreRecurrent become the gradients on W_ih x_t and W_hh h_{t-1}");
        w.Line($"{Names.LayerNorm}.Backward<{T}>({NormIh}, norms[{RstdIndex}], lnGammaIh, gradLnGammaIh, gradLnBetaIh, dPre);");
        w.Line($"{Names.LayerNorm}.Backward<{T}>({NormHh}, norms[{RstdIndex + 1}], lnGammaHh, gradLnGammaHh, gradLnBetaHh, dPreRecurrent);");
        w.Comment("weight gradients: dW_ih += dPre x_t^T, dW_hh += dPreRecurrent h_{t-1}^T");
        w.Line($"{Names.Kernels}.AccumulateOuterProduct<{T}>(gradWeightIh, {GateWidth}, x, dPre);");
        w.Line($"{Names.Kernels}.AccumulateOuterProduct<{T}>(gradWeightHh, {GateWidth}, hPrev, dPreRecurrent);");
        EmitInputGradient(w);
        w.Comment($"gradient carried to step t-1: {carried} += W_hh^T dPreRecurrent");
        w.Line($"{Names.Kernels}.AccumulateRowDots<{T}>(weightHh, {GateWidth}, dPreRecurrent, {carried});");
    }
}
