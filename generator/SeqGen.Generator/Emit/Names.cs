using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>The names of generated members, in one place so that emitters agree on them.</summary>
internal static class Names
{
    public const string Kernels = "global::SeqGen.Numerics.LinearAlgebra";
    public const string AlignedBuffer = "global::SeqGen.Numerics.AlignedBuffer";
    public const string HalfWeights = "global::SeqGen.Numerics.HalfWeights";
    public const string BFloat16GateBlocks = "global::SeqGen.Numerics.BFloat16GateBlocks";
    public const string BFloat16Weights = "global::SeqGen.Numerics.BFloat16Weights";
    public const string StepGradients = "global::SeqGen.Numerics.StepGradients";
    public const string LstmCell = "global::SeqGen.Numerics.LstmCell";
    public const string LstmStep = "global::SeqGen.Numerics.LstmStep";
    public const string GruCell = "global::SeqGen.Numerics.GruCell";
    public const string GruStep = "global::SeqGen.Numerics.GruStep";
    public const string RnnCell = "global::SeqGen.Numerics.RnnCell";
    public const string LayerNorm = "global::SeqGen.Numerics.LayerNorm";
    public const string LayerNormLstmCell = "global::SeqGen.Numerics.LayerNormLstmCell";
    public const string Losses = "global::SeqGen.Numerics.Losses";
    public const string Attention = "global::SeqGen.Numerics.Attention";
    public const string Decoding = "global::SeqGen.Numerics.Decoding";
    public const string Merge = "global::SeqGen.Numerics.BidirectionalMerge";
    public const string Guard = "global::SeqGen.ModelGuard";
    public const string Random = "global::SeqGen.Numerics.SeededRandom";
    public const string ParameterInfo = "global::SeqGen.ParameterInfo";
    public const string Span = "global::System.Span";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan";

    /// <summary>Offset of a layer direction's slice in the [layers*directions][H] state vectors.</summary>
    public static int StateOffset(LayerDescriptor layer, int direction) => layer.StateOffset + direction * layer.StateWidth;

    public static int CellStateOffset(LayerDescriptor layer, int direction) => layer.CellStateOffset + direction * layer.HiddenSize;

    /// <summary>A double literal that round-trips.</summary>
    public static string Literal(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
