using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit.Cells;

/// <summary>Vanilla RNN: h' = act(W_ih x + b_ih + W_hh h + b_hh), act tanh or relu.</summary>
internal sealed class RnnEmitter : CellEmitter
{
    public RnnEmitter(LayerDescriptor layer, string element, string? halfWeights = null) : base(layer, element, halfWeights) { }

    private string Relu => Layer.Relu ? "true" : "false";

    public override void EmitForwardStep(IndentedWriter w)
    {
        w.Comment("pre-activation: b_ih + b_hh + W_ih x_t + W_hh h_{t-1}");
        w.Line($"{Names.Kernels}.Add<{T}>(biasIh, biasHh, gates);");
        w.Line($"{WeightProduct}(weightIh, {GateWidth}, x, gates);");
        w.Line($"{WeightProduct}(weightHh, {GateWidth}, hPrev, gates);");
        w.Comment(Layer.Relu ? "h_t = max(0, pre)" : "h_t = tanh(pre)");
        w.Line($"{Names.RnnCell}.Forward<{T}>(gates, h, relu: {Relu});");
    }

    public override void EmitBackwardStep(IndentedWriter w)
    {
        w.Comment("gradient on the pre-activation, from h_t");
        w.Line($"{Names.RnnCell}.Backward<{T}>(h, dh, dPre, relu: {Relu});");
        EmitSharedBackwardTail(w);
    }
}
