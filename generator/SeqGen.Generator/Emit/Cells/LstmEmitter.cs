using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit.Cells;

/// <summary>LSTM: [i f g o] = W_ih x + b_ih + W_hh h + b_hh; c' = f*c + i*g; h' = o*tanh(c').</summary>
internal sealed class LstmEmitter : CellEmitter
{
    public LstmEmitter(LayerDescriptor layer, string element) : base(layer, element) { }

    public override void EmitForwardStep(IndentedWriter w)
    {
        if (!Layer.IsProjected)
        {
            w.Comment("gates i, f, g, o = act(b_ih + b_hh + W_ih x_t + W_hh h_{t-1}); c_t = f*c_{t-1} + i*g; h_t = o*tanh(c_t)");
            w.Line($"{Names.LstmStep}.Forward<{T}>(weightIh, weightHh, biasIh, biasHh, x, hPrev, cPrev, gates, c, h);");
            return;
        }
        w.Comment("gates i, f, g, o = act(b_ih + b_hh + W_ih x_t + W_hh h_{t-1}); c_t = f*c_{t-1} + i*g; projected = o*tanh(c_t)");
        w.Line($"{Names.LstmStep}.Forward<{T}>(weightIh, weightHh, biasIh, biasHh, x, hPrev, cPrev, gates, c, projected);");
        w.Comment("h_t = W_hr projected (hPrev has been read in full above, so h may overwrite it)");
        w.Line("h.Clear();");
        w.Line($"{Names.Kernels}.AccumulateColumns<{T}>(weightHr, {Layer.ProjectionSize}, projected, h);");
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
        w.Line($"{Names.LstmCell}.Backward<{T}>(gates, cPrev, c, {dOutput}, dc, dPre);");
        EmitSharedBackwardTail(w);
    }
}
