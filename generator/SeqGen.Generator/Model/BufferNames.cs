namespace SeqGen.Generator.Model;

/// <summary>
/// The names of a model's buffers (generated fields), shared by <see cref="WorkspacePlan"/>,
/// which sizes them, and the emitters, which use them.
/// </summary>
internal static class BufferNames
{
    public static string Direction(int direction) => direction == 0 ? "Forward" : "Reverse";

    /// <summary>Prefix of one layer and direction's members: <c>Layer0Forward</c>.</summary>
    public static string LayerDirection(int layer, int direction) => $"Layer{layer}{Direction(direction)}";

    public static string Field(string name) => "_" + char.ToLowerInvariant(name[0]) + name.Substring(1);

    public static string HiddenHistory(int layer, int direction) => Field(LayerDirection(layer, direction) + "Hidden");

    public static string CellHistory(int layer, int direction) => Field(LayerDirection(layer, direction) + "Cell");

    public static string GateCache(int layer, int direction) => Field(LayerDirection(layer, direction) + "Gates");

    public static string RecurrentNCache(int layer, int direction) => Field(LayerDirection(layer, direction) + "RecurrentN");

    public static string LayerOutput(int layer) => $"_layer{layer}Output";

    public static string LayerOutputGradient(int layer) => $"_layer{layer}OutputGradient";
}
