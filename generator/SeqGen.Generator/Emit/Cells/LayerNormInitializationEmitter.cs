using SeqGen.Generator.Model;
using SeqGen.Generator.Validation;

namespace SeqGen.Generator.Emit.Cells;

/// <summary>After a layer's uniform draw: its LayerNorm weights set to 1 and biases to 0, as nn.LayerNorm starts.</summary>
internal static class LayerNormInitializationEmitter
{
    public static void Emit(IndentedWriter w, LayerDescriptor layer, string t)
    {
        if (!layer.LayerNorm)
        {
            return;
        }
        w.Comment($"{layer.Title}'s LayerNorms start as nn.LayerNorm does: weight 1, bias 0");
        foreach (DirectionWeights weights in layer.Weights)
        {
            var o = LayerNormWeights.Offsets(layer, weights);
            int g = layer.GateWidth, h = layer.HiddenSize;
            w.Line($"_parameters.AsSpan({o.GammaIh}, {g}).Fill(({t})1);");
            w.Line($"_parameters.AsSpan({o.BetaIh}, {g}).Clear();");
            w.Line($"_parameters.AsSpan({o.GammaHh}, {g}).Fill(({t})1);");
            w.Line($"_parameters.AsSpan({o.BetaHh}, {g}).Clear();");
            if (layer.HasCellState)
            {
                w.Line($"_parameters.AsSpan({o.GammaCell}, {h}).Fill(({t})1);");
                w.Line($"_parameters.AsSpan({o.BetaCell}, {h}).Clear();");
            }
        }
    }
}
