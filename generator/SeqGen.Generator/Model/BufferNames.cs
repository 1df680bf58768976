namespace SeqGen.Generator.Model;

/// <summary>
/// The names of a model's buffers (generated fields), shared by <see cref="WorkspacePlan"/>,
/// which sizes them, and the emitters, which use them.
/// </summary>
internal static class BufferNames
{
    public static string Direction(int direction) => direction == 0 ? "Forward" : "Reverse";

    /// <summary>Prefix of one layer and direction's members: <c>Layer0Forward</c>, <c>DecoderForward</c>.</summary>
    public static string LayerDirection(LayerDescriptor layer, int direction) => layer.Prefix + Direction(direction);

    public static string Field(string name) => "_" + char.ToLowerInvariant(name[0]) + name.Substring(1);

    public static string HiddenHistory(LayerDescriptor layer, int direction) => Field(LayerDirection(layer, direction) + "Hidden");

    public static string CellHistory(LayerDescriptor layer, int direction) => Field(LayerDirection(layer, direction) + "Cell");

    public static string GateCache(LayerDescriptor layer, int direction) => Field(LayerDirection(layer, direction) + "Gates");

    public static string RecurrentNCache(LayerDescriptor layer, int direction) => Field(LayerDirection(layer, direction) + "RecurrentN");

    /// <summary>A projected LSTM's o * tanh(c_t) per step, before the projection.</summary>
    public static string ProjectedCache(LayerDescriptor layer, int direction) => Field(LayerDirection(layer, direction) + "Projected");

    /// <summary>A layer-normalized cell's per-step x_hat and rstd of each LayerNorm (<see cref="LayerDescriptor.LayerNormCacheWidth"/>).</summary>
    public static string LayerNormCache(LayerDescriptor layer, int direction) => Field(LayerDirection(layer, direction) + "LayerNorm");

    public static string LayerOutput(LayerDescriptor layer) => Field(layer.Prefix + "Output");

    public static string LayerOutputGradient(LayerDescriptor layer) => Field(layer.Prefix + "OutputGradient");

    /// <summary>What the next layer or the head reads: the merged outputs of a merged layer, else its outputs.</summary>
    public static string LayerResult(LayerDescriptor layer) => layer.IsMerged ? Field(layer.Prefix + "Merged") : LayerOutput(layer);

    public static string LayerResultGradient(LayerDescriptor layer) => layer.IsMerged ? Field(layer.Prefix + "MergedGradient") : LayerOutputGradient(layer);
}
