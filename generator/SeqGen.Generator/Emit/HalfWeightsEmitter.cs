using System.Collections.Generic;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>
/// WeightStorage.Half and BFloat16: the 16-bit copy of the LSTM and RNN layers' (and with BFloat16 some GRU layers') W_ih and W_hh that the
/// streaming Step reads, the flag that marks it stale whenever the parameters may have changed,
/// and the method that remakes it.
/// </summary>
internal static class HalfWeightsEmitter
{
    /// <summary>Where one layer's W_ih and W_hh sit in the 16-bit copy (each in its kernels' layout: input-major for Half, row or gate blocks for BFloat16).</summary>
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

    /// <summary>The copy's element type: IEEE half, or bfloat16 bits in a ushort.</summary>
    public static string ElementType(ModelDescriptor m) => m.WeightStorage == WeightStorageKind.BFloat16 ? "ushort" : "global::System.Half";

    /// <summary>The runtime class that stores and multiplies the copy.</summary>
    public static string Kernels(ModelDescriptor m) => m.WeightStorage == WeightStorageKind.BFloat16 ? Names.BFloat16Weights : Names.HalfWeights;

    public static void EmitFields(IndentedWriter w, ModelDescriptor m)
    {
        if (!m.HasSixteenBitWeights)
        {
            return;
        }
        w.Comment(m.WeightStorage == WeightStorageKind.BFloat16
            ? "WeightStorage.BFloat16: the recurrent layers' W_ih and W_hh as bfloat16 bits, in blocks of 16 outputs, for Step; remade from _parameters when stale"
            : "WeightStorage.Half: the LSTM and RNN layers' W_ih and W_hh in half precision, for Step; remade from _parameters when stale");
        w.Line($"private readonly {Names.AlignedBuffer}<{ElementType(m)}> _halfWeights = {Names.AlignedBuffer}<{ElementType(m)}>.Allocate({Layout(m).Length});");
        w.Line("private bool _halfWeightsStale = true;");
    }

    /// <summary>The statement that marks the copy stale, for every member that can change the parameters.</summary>
    public static void EmitMarkStale(IndentedWriter w, ModelDescriptor m)
    {
        if (m.HasSixteenBitWeights)
        {
            w.Line("_halfWeightsStale = true; // Step remakes the half-precision weights");
        }
    }

    public static void EmitRefresh(IndentedWriter w, ModelDescriptor m)
    {
        if (!m.HasSixteenBitWeights)
        {
            return;
        }
        w.Summary($"Rounds the 16-bit layers' W_ih and W_hh to {(m.WeightStorage == WeightStorageKind.BFloat16 ? "bfloat16" : "half precision")} for Step (throws, changing nothing, if a weight is not finite).");
        using (w.Block("private void RefreshHalfWeights()"))
        {
            foreach (LayerDescriptor layer in m.HalfWeightLayers)
            {
                Slot slot = Layout(m).Slots[layer.Index];
                DirectionWeights weights = layer.Weights[0];
                // the bfloat16 kernels take the copy's shape: rows for row blocks, gates and units for gate blocks
                (string kernels, string shape) = m.UsesGateBlocks(layer) ? (Names.BFloat16GateBlocks, $", {layer.GateCount}, {layer.HiddenSize}")
                    : m.WeightStorage == WeightStorageKind.BFloat16 ? (Kernels(m), $", {layer.GateWidth}")
                    : (Kernels(m), "");
                w.Comment($"layer {layer.Index}: W_ih, then W_hh{(m.UsesGateBlocks(layer) ? ", in gate blocks of 16 units" : "")}");
                w.Line($"{kernels}.Store(_parameters.AsSpan({weights.WeightIh}, {layer.GateWidth * layer.InputWidth}){shape}, _halfWeights.AsSpan({slot.WeightIh}, {layer.GateWidth * layer.InputWidth}));");
                w.Line($"{kernels}.Store(_parameters.AsSpan({weights.WeightHh}, {layer.GateWidth * layer.StateWidth}){shape}, _halfWeights.AsSpan({slot.WeightHh}, {layer.GateWidth * layer.StateWidth}));");
            }
            w.Line("_halfWeightsStale = false;");
        }
        w.Line();
    }
}
