using System.Linq;

namespace SeqGen.Generator.Model;

/// <summary>
/// The bytes the runtime's <c>BatchedLstmGradients</c> allocates for a model with
/// ComputeBatchGradients, on its first call: per layer, the h and c histories, the gate cache and
/// the output gradient of <see cref="Lanes"/> sequences (each lane's block padded by
/// <see cref="LanePadding"/> elements) and the packed copy of W_ih and W_hh; then the lanes' dh,
/// dc, outputs and output gradients. It mirrors the runtime's constructor; a test compares the two.
/// </summary>
internal static class BatchWorkspace
{
    /// <summary>BatchedLstmGradients.Lanes.</summary>
    public const int Lanes = 8;

    /// <summary>BatchedLstmGradients' padding between lanes, in elements.</summary>
    public const int LanePadding = 16;

    public static long Bytes(ModelDescriptor m)
    {
        int element = m.IsDouble ? 8 : 4;
        // LaneProducts packs gate rows in blocks of two 256-bit vectors
        int packBlock = 2 * 32 / element;
        long values = 0;
        foreach (LayerDescriptor layer in m.Layers)
        {
            long h = layer.HiddenSize, gates = 4 * h;
            values += Lanes * (2 * ((m.Steps + 1) * h + LanePadding) + (m.Steps * gates + LanePadding) + (m.Steps * h + LanePadding));
            values += gates % packBlock == 0 ? gates * (layer.InputWidth + h) : 0;
        }
        values += 2L * Lanes * m.Layers.Max(l => l.HiddenSize) + 2L * Lanes * m.OutputLength;
        return values * element;
    }
}
