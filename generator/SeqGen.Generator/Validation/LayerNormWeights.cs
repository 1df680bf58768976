using System;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Validation;

/// <summary>
/// The tensors of one direction of a layer-normalized cell, in <c>state_dict</c> order: weight_ih,
/// weight_hh (no biases: the LN biases play their role), then layernorm_ih.weight, .bias and
/// layernorm_hh.weight, .bias (each the gate width), and for an LSTM layernorm_c.weight, .bias (H):
/// the names of PyTorch's LayerNormLSTMCell (layernorm_i, _h, _c) in SeqGen's <c>_l{k}[_reverse]</c> scheme.
/// </summary>
internal static class LayerNormWeights
{
    public static DirectionWeights Add(string module, string suffix, CellKind kind, int gates, int h, int inputWidth, Func<string, int, int, TensorDescriptor> add)
    {
        int weightIh = add($"{module}.weight_ih{suffix}", gates * h, inputWidth).Offset;
        int weightHh = add($"{module}.weight_hh{suffix}", gates * h, h).Offset;
        int layerNorm = add($"{module}.layernorm_ih{suffix}.weight", gates * h, 0).Offset;
        add($"{module}.layernorm_ih{suffix}.bias", gates * h, 0);
        add($"{module}.layernorm_hh{suffix}.weight", gates * h, 0);
        add($"{module}.layernorm_hh{suffix}.bias", gates * h, 0);
        if (kind == CellKind.Lstm)
        {
            add($"{module}.layernorm_c{suffix}.weight", h, 0);
            add($"{module}.layernorm_c{suffix}.bias", h, 0);
        }
        return new DirectionWeights(weightIh, weightHh, BiasIh: -1, BiasHh: -1, LayerNorm: layerNorm);
    }

    /// <summary>Offsets inside one direction's LN block, from its start.</summary>
    public static (int GammaIh, int BetaIh, int GammaHh, int BetaHh, int GammaCell, int BetaCell) Offsets(LayerDescriptor layer, DirectionWeights weights)
    {
        int g = layer.GateWidth, start = weights.LayerNorm;
        return (start, start + g, start + 2 * g, start + 3 * g, start + 4 * g, start + 4 * g + layer.HiddenSize);
    }
}
