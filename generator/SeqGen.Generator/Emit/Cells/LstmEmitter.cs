using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit.Cells;

/// <summary>LSTM: [i f g o] = W_ih x + b_ih + W_hh h + b_hh; c' = f*c + i*g; h' = o*tanh(c').</summary>
internal sealed class LstmEmitter : CellEmitter
{
    public LstmEmitter(LayerDescriptor layer, string element) : base(layer, element) { }

    public override void EmitForwardStep(IndentedWriter w)
    {
        w.Comment("gates i, f, g, o = act(b_ih + b_hh + W_ih x_t + W_hh h_{t-1}); c_t = f*c_{t-1} + i*g; h_t = o*tanh(c_t)");
        w.Line($"{Names.LstmStep}.Forward<{T}>(weightIh, weightHh, biasIh, biasHh, x, hPrev, cPrev, gates, c, h);");
    }

    public override void EmitBackwardStep(IndentedWriter w)
    {
        w.Comment("gradient on the gate pre-activations; dc becomes the gradient on c_{t-1}");
        w.Line($"{Names.LstmCell}.Backward<{T}>(gates, cPrev, c, dh, dc, dPre);");
        EmitSharedBackwardTail(w);
    }
}
