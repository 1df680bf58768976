using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>
/// Where one layer direction's recurrent state (hidden, or LSTM cell) comes from and goes to, as
/// span expressions: the state a chunk starts from, the state it ends in (null: not kept), the
/// buffer that receives the gradient on the starting state, and the gradient arriving on the
/// final state (null: none, the backward pass starts from zero).
/// </summary>
internal sealed record LayerStateSlots(string Start, string? End, string StartGradient, string? EndGradient)
{
    public static LayerStateSlots For(ModelDescriptor model, LayerDescriptor layer, int direction, bool cell)
    {
        string state = cell ? "Cell" : "Hidden";
        int h = cell ? layer.HiddenSize : layer.StateWidth;
        if (layer.IsDecoder)
        {
            // the decoder starts from the top encoder layer's final state, [forward ; reverse]
            int top = cell ? model.TopLayer.CellStateOffset : model.TopLayer.StateOffset;
            return new LayerStateSlots($"_final{state}.AsSpan({top}, {h})", null, $"_decoderInitial{state}Gradient.AsSpan(0, {h})", null);
        }
        int offset = cell ? Names.CellStateOffset(layer, direction) : Names.StateOffset(layer, direction);
        // an encoder-decoder's top layer hands its final state to the decoder, whose gradient flows back
        string? endGradient = model.IsEncoderDecoder && layer.Index == model.Layers.Count - 1
            ? $"_decoderInitial{state}Gradient.AsSpan({direction * h}, {h})"
            : null;
        return new LayerStateSlots($"_carry{state}.AsSpan({offset}, {h})", $"_final{state}.AsSpan({offset}, {h})", $"_initial{state}Gradient.AsSpan({offset}, {h})", endGradient);
    }
}
