using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit.Cells;

/// <summary>
/// GRU of Cho et al. (ONNX default): n = tanh(W_in x + b_in + W_hn (r*h) + b_hn). The rows of
/// W_hh split: r and z read h_{t-1}, n reads r*h_{t-1}.
/// </summary>
internal sealed class GruResetBeforeEmitter : CellEmitter
{
    public GruResetBeforeEmitter(LayerDescriptor layer, string element) : base(layer, element) { }

    // In input-major storage the r,z rows of W_hh are the first 2H of each 3H-wide input row and the
    // n rows the last H: both are addressed with stride 3H, the n part from offset 2H.
    private string NRows => $"weightHh.Slice({2 * H})";

    private string GradNRows => $"gradWeightHh.Slice({2 * H})";

    public override void EmitForwardScratch(IndentedWriter w) =>
        w.Line($"{Span} resetHidden = _scratchResetHidden.AsSpan(0, {H});");

    public override void EmitBackwardScratch(IndentedWriter w)
    {
        w.Line($"{Span} dhPrev = _scratchPreviousHiddenGradient.AsSpan(0, {H});");
        w.Line($"{Span} resetHidden = _scratchResetHidden.AsSpan(0, {H});");
        w.Line($"{Span} dResetHidden = _scratchResetHiddenGradient.AsSpan(0, {H});");
    }

    public override void EmitForwardStep(IndentedWriter w)
    {
        w.Comment("pre-activations r, z, n without the reset product: W_ih x_t + b_ih + b_hh");
        w.Line($"{Names.Kernels}.Add<{T}>(biasIh, biasHh, gates);");
        w.Line($"{Names.Kernels}.AccumulateColumns<{T}>(weightIh, {GateWidth}, x, gates);");
        w.Comment("r and z read h_{t-1}");
        w.Line($"{Names.Kernels}.AccumulateColumns<{T}>(weightHh, {GateWidth}, hPrev, gates.Slice(0, {2 * H}));");
        w.Comment("r, z activations; resetHidden = r * h_{t-1}");
        w.Line($"{Names.GruCell}.ForwardResetBeforeGates<{T}>(gates, hPrev, resetHidden);");
        w.Comment("n reads the reset hidden state: + W_hn (r * h_{t-1})");
        w.Line($"{Names.Kernels}.AccumulateColumns<{T}>({NRows}, {GateWidth}, resetHidden, gates.Slice({2 * H}, {H}));");
        w.Comment("n = tanh(...), h_t = (1-z)*n + z*h_{t-1}");
        w.Line($"{Names.GruCell}.ForwardResetBeforeOutput<{T}>(gates, hPrev, h);");
    }

    public override void EmitBackwardStep(IndentedWriter w)
    {
        w.Comment("gradients on the z and n pre-activations; dhPrev = dh * z");
        w.Line($"{Names.GruCell}.BackwardResetBeforeOutput<{T}>(gates, hPrev, dh, dPre, dhPrev);");
        w.Comment("gradient on the reset hidden state: W_hn^T dPre_n");
        w.Line("dResetHidden.Clear();");
        w.Line($"{Names.Kernels}.AccumulateRowDots<{T}>({NRows}, {GateWidth}, dPre.Slice({2 * H}, {H}), dResetHidden);");
        w.Comment("gradient on the r pre-activation; dhPrev += dResetHidden * r; resetHidden = r * h_{t-1}");
        w.Line($"{Names.GruCell}.BackwardResetBeforeGates<{T}>(gates, hPrev, dResetHidden, dPre, dhPrev, resetHidden);");
        w.Comment("parameter gradients: the r, z rows of W_hh saw h_{t-1}, the n rows saw r * h_{t-1}");
        w.Line($"{Names.Kernels}.AccumulateOuterProduct<{T}>(gradWeightIh, {GateWidth}, x, dPre);");
        w.Line($"{Names.Kernels}.AccumulateOuterProduct<{T}>(gradWeightHh, {GateWidth}, hPrev, dPre.Slice(0, {2 * H}));");
        w.Line($"{Names.Kernels}.AccumulateOuterProduct<{T}>({GradNRows}, {GateWidth}, resetHidden, dPre.Slice({2 * H}, {H}));");
        w.Line($"{Names.Kernels}.AddInPlace<{T}>(gradBiasIh, dPre);");
        w.Line($"{Names.Kernels}.AddInPlace<{T}>(gradBiasHh, dPre);");
        EmitInputGradient(w);
        w.Comment("gradient carried to step t-1: dh = dhPrev + W_h(r,z)^T dPre_(r,z)");
        w.Line($"{Names.Kernels}.AccumulateRowDots<{T}>(weightHh, {GateWidth}, dPre.Slice(0, {2 * H}), dhPrev);");
        w.Line("dhPrev.CopyTo(dh);");
    }
}
