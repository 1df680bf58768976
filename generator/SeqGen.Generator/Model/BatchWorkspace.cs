using System.Linq;

namespace SeqGen.Generator.Model;

/// <summary>
/// The bytes the runtime's <c>BatchedRecurrentGradients</c> allocates for a model with
/// ComputeBatchGradients, on its first call. Per layer (<c>LaneLayer</c> and its cell's subclass),
/// for <see cref="Lanes"/> sequences, each lane's per-step buffers padded by
/// <see cref="LanePadding"/> elements: h's history, the output gradient and dh; then an LSTM's
/// c history, gate cache and dc; an RNN's pre-activation cache; a GRU's gate and recurrent-n
/// caches, its per-lane recurrent product, its gradient and dhPrev; and the packed
/// weights; for two directions, both of those and their concatenated output and its gradient
/// (<c>LaneLayerGroup</c>). Last, the lanes' outputs and their gradients, and a ManyToOne head's
/// features and theirs. It mirrors the runtime's constructors; a
/// test compares the two.
/// </summary>
internal static class BatchWorkspace
{
    /// <summary>LaneLayer.Lanes.</summary>
    public const int Lanes = 8;

    /// <summary>LaneLayer.LanePadding, in elements.</summary>
    public const int LanePadding = 16;

    public static long Bytes(ModelDescriptor m)
    {
        int element = m.IsDouble ? 8 : 4;
        long values = 0;
        long steps = m.Steps;
        long Cache(long width) => Lanes * (steps * width + LanePadding);
        foreach (LayerDescriptor layer in m.Layers)
        {
            long h = layer.HiddenSize, g = layer.GateWidth;
            long history = Lanes * ((steps + 1) * h + LanePadding);
            long direction = history + Cache(h) + Lanes * h + layer.Cell switch
            {
                CellKind.Lstm => history + Cache(g) + Lanes * h + Packed(m, g, layer.InputWidth + h),
                CellKind.Gru => Cache(g) + Cache(h) + 2 * Lanes * g + Lanes * h + Packed(m, g, layer.InputWidth) + Packed(m, g, h),
                _ => Cache(g) + Packed(m, g, layer.InputWidth + h),
            };
            // LaneLayerGroup: two directions' outputs side by side, and the gradient on them
            values += layer.Directions * direction + (layer.Directions == 2 ? 2 * Cache(2 * h) : 0);
        }
        values += 2L * Lanes * m.OutputLength;
        // a ManyToOne head's features (the final states) and their gradient
        values += m.Topology == TopologyKind.ManyToOne ? 2L * Lanes * m.TopLayer.OutputWidth : 0;
        return values * element;
    }

    /// <summary>LaneProducts.PackedLength: gate rows in blocks of two 256-bit vectors, else nothing packed.</summary>
    private static long Packed(ModelDescriptor m, long rows, long columns) =>
        rows % (2 * 32 / (m.IsDouble ? 8 : 4)) == 0 ? rows * columns : 0;
}
