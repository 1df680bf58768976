using System.Collections.Generic;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>
/// WeightStorage.Half: the half-precision copy of the LSTM and RNN layers' W_ih and W_hh that the
/// streaming Step reads, the flag that marks it stale whenever the parameters may have changed,
/// and the method that remakes it.
/// </summary>
internal static class HalfWeightsEmitter
{
    /// <summary>Where one layer's W_ih and W_hh sit in the half copy (same input-major layout as the parameters).</summary>
    public readonly record struct Slot(int WeightIh, int WeightHh);

    /// <summary>The layers' slots in stack order, and the copy's length.</summary>
    public static (Dictionary<int, Slot> Slots, int Length) Layout(ModelDescriptor m)
    {
        var slots = new Dictionary<int, Slot>();
        int offset = 0;
        foreach (LayerDescriptor layer in m.HalfWeightLayers)
        {
            int ih = offset;
            int hh = ih + layer.GateWidth * layer.InputWidth;
            slots[layer.Index] = new Slot(ih, hh);
            offset = hh + layer.GateWidth * layer.StateWidth;
        }
        return (slots, offset);
    }

    public static bool Uses(ModelDescriptor m, LayerDescriptor layer) => Layout(m).Slots.ContainsKey(layer.Index);

    public static void EmitFields(IndentedWriter w, ModelDescriptor m)
    {
        if (!m.HalfWeights)
        {
            return;
        }
        w.Comment("WeightStorage.Half: the LSTM and RNN layers' W_ih and W_hh in half precision, for Step; remade from _parameters when stale");
        w.Line($"private readonly global::System.Half[] _halfWeights = new global::System.Half[{Layout(m).Length}];");
        w.Line("private bool _halfWeightsStale = true;");
    }

    /// <summary>The statement that marks the copy stale, for every member that can change the parameters.</summary>
    public static void EmitMarkStale(IndentedWriter w, ModelDescriptor m)
    {
        if (m.HalfWeights)
        {
            w.Line("_halfWeightsStale = true; // Step remakes the half-precision weights");
        }
    }

    public static void EmitRefresh(IndentedWriter w, ModelDescriptor m)
    {
        if (!m.HalfWeights)
        {
            return;
        }
        w.Summary("Rounds the LSTM and RNN layers' W_ih and W_hh to half precision for Step (throws, changing nothing, if a weight is not finite).");
        using (w.Block("private void RefreshHalfWeights()"))
        {
            foreach (LayerDescriptor layer in m.HalfWeightLayers)
            {
                Slot slot = Layout(m).Slots[layer.Index];
                DirectionWeights weights = layer.Weights[0];
                w.Comment($"layer {layer.Index}: W_ih, then W_hh");
                w.Line($"{Names.HalfWeights}.Store(_parameters.AsSpan({weights.WeightIh}, {layer.GateWidth * layer.InputWidth}), _halfWeights.AsSpan({slot.WeightIh}, {layer.GateWidth * layer.InputWidth}));");
                w.Line($"{Names.HalfWeights}.Store(_parameters.AsSpan({weights.WeightHh}, {layer.GateWidth * layer.StateWidth}), _halfWeights.AsSpan({slot.WeightHh}, {layer.GateWidth * layer.StateWidth}));");
            }
            w.Line("_halfWeightsStale = false;");
        }
        w.Line();
    }
}
