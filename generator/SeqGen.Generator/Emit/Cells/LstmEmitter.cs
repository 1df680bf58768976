using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit.Cells;

/// <summary>LSTM: [i f g o] = W_ih x + b_ih + W_hh h + b_hh; c' = f*c + i*g (clipped to +-CellClip if set); h' = o*tanh(c').</summary>
internal sealed class LstmEmitter : CellEmitter
{
    public LstmEmitter(LayerDescriptor layer, string element, string? halfWeights = null, bool gateBlocks = false) : base(layer, element, halfWeights, gateBlocks) { }

    /// <summary>Whether a step is one call of the fused kernel (LstmStep): no coupled gates, peepholes, clip or 16-bit weights.</summary>
    private bool FusedStep => !Layer.CoupledGates && !Layer.Peephole && !Layer.IsCellClipped && !HalfWeights;

    /// <summary>The cell clip as a literal.</summary>
    private string Clip => Names.Literal(Layer.CellClip);

    public override void EmitForwardStep(IndentedWriter w)
    {
        string target = Layer.IsProjected ? "projected" : "h";
        if (Layer.CoupledGates)
        {
            w.Comment("gate pre-activations f, g, o: b_ih + b_hh + W_ih x_t + W_hh h_{t-1}");
            w.Line($"{Names.Kernels}.Add<{T}>(biasIh, biasHh, gates);");
            w.Line($"{WeightProduct}(weightIh, {GateWidth}, x, gates);");
            w.Line($"{WeightProduct}(weightHh, {GateWidth}, hPrev, gates);");
            w.Comment("coupled gates: c_t = f*c_{t-1} + (1-f)*g; o*tanh(c_t)");
            w.Line($"{Names.LstmCell}.ForwardCoupled<{T}>(gates, cPrev, c, {target});");
        }
        else if (Layer.Peephole)
        {
            w.Comment("gate pre-activations without the peephole terms: b_ih + b_hh + W_ih x_t + W_hh h_{t-1}");
            w.Line($"{Names.Kernels}.Add<{T}>(biasIh, biasHh, gates);");
            w.Line($"{WeightProduct}(weightIh, {GateWidth}, x, gates);");
            w.Line($"{WeightProduct}(weightHh, {GateWidth}, hPrev, gates);");
            w.Comment("i, f see c_{t-1} and o sees c_t through the peepholes; c_t = f*c_{t-1} + i*g; o*tanh(c_t)");
            w.Line($"{Names.LstmCell}.ForwardPeephole<{T}>(gates, peephole, cPrev, c, {target});");
        }
        else if (Layer.IsCellClipped)
        {
            w.Comment("gate pre-activations: b_ih + b_hh + W_ih x_t + W_hh h_{t-1}");
            w.Line($"{Names.Kernels}.Add<{T}>(biasIh, biasHh, gates);");
            w.Line($"{WeightProduct}(weightIh, {GateWidth}, x, gates);");
            w.Line($"{WeightProduct}(weightHh, {GateWidth}, hPrev, gates);");
            w.Comment($"c_t = clip(f*c_{{t-1}} + i*g, -{Clip}, {Clip}); {target} = o*tanh(c_t)");
            w.Line($"{Names.LstmCell}.Forward<{T}>(gates, cPrev, c, {target}, ({T}){Clip});");
        }
        else if (GateBlocks)
        {
            w.Comment($"gates i, f, g, o = act(b_ih + b_hh + W_ih x_t + W_hh h_{{t-1}}) 16 units at a time, the weights read as bfloat16 gate blocks; c_t = f*c_{{t-1}} + i*g; h = o*tanh(c_t)");
            w.Line($"{Names.BFloat16GateBlocks}.LstmStep(weightIh, weightHh, biasIh, biasHh, x, h, c, gates);");
        }
        else if (HalfWeights)
        {
            w.Comment("gate pre-activations i, f, g, o: b_ih + b_hh + W_ih x_t + W_hh h_{t-1}, the weights read in half precision");
            w.Line($"{Names.Kernels}.Add<{T}>(biasIh, biasHh, gates);");
            w.Line($"{WeightProduct}(weightIh, {GateWidth}, x, gates);");
            w.Line($"{WeightProduct}(weightHh, {GateWidth}, hPrev, gates);");
            w.Comment($"c_t = f*c_{{t-1}} + i*g; {target} = o*tanh(c_t)");
            w.Line($"{Names.LstmCell}.Forward<{T}>(gates, cPrev, c, {target});");
        }
        else
        {
            w.Comment($"gates i, f, g, o = act(b_ih + b_hh + W_ih x_t + W_hh h_{{t-1}}); c_t = f*c_{{t-1}} + i*g; {target} = o*tanh(c_t)");
            w.Line($"{Names.LstmStep}.Forward<{T}>(weightIh, weightHh, biasIh, biasHh, x, hPrev, cPrev, gates, c, {target});");
        }
        if (Layer.IsProjected)
        {
            w.Comment("h_t = W_hr projected (hPrev has been read in full above, so h may overwrite it)");
            w.Line("h.Clear();");
            w.Line($"{Names.Kernels}.AccumulateColumns<{T}>(weightHr, {Layer.ProjectionSize}, projected, h);");
        }
    }

    /// <summary>A fused step without projection has a whole-sequence kernel (the projection runs between steps).</summary>
    public override bool EmitForwardSequence(IndentedWriter w, string output)
    {
        if (!FusedStep || Layer.IsProjected)
        {
            return false;
        }
        w.Comment("every step: gates i, f, g, o = act(b_ih + b_hh + W_ih x_t + W_hh h_{t-1}); c_t = f*c_{t-1} + i*g; h_t = o*tanh(c_t)");
        w.Line($"{Names.LstmStep}.ForwardSequence<{T}>(weightIh, weightHh, biasIh, biasHh, input, {Layer.InputWidth}, length, gates, c, h, {output});");
        return true;
    }

    public override void EmitBackwardStep(IndentedWriter w)
    {
        string dOutput = "dh";
        if (Layer.IsProjected)
        {
            w.Comment("through h_t = W_hr projected: dW_hr += dh projected^T, dProjected = W_hr^T dh");
            w.Line($"{Names.Kernels}.AccumulateOuterProduct<{T}>(gradWeightHr, {Layer.ProjectionSize}, projected, dh);");
            w.Line("dProjected.Clear();");
            w.Line($"{Names.Kernels}.AccumulateRowDots<{T}>(weightHr, {Layer.ProjectionSize}, dh, dProjected);");
            dOutput = "dProjected";
        }
        w.Comment("gradient on the gate pre-activations; dc becomes the gradient on c_{t-1}");
        w.Line(Layer.CoupledGates ? $"{Names.LstmCell}.BackwardCoupled<{T}>(gates, cPrev, c, {dOutput}, dc, dPre);"
            : Layer.Peephole ? $"{Names.LstmCell}.BackwardPeephole<{T}>(gates, peephole, cPrev, c, {dOutput}, dc, dPre, gradPeephole);"
            : Layer.IsCellClipped ? $"{Names.LstmCell}.Backward<{T}>(gates, cPrev, c, {dOutput}, dc, dPre, ({T}){Clip});"
            : $"{Names.LstmCell}.Backward<{T}>(gates, cPrev, c, {dOutput}, dc, dPre);");
        EmitSharedBackwardTail(w);
    }
}
