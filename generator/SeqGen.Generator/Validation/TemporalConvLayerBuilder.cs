using System;
using System.Collections.Generic;
using System.Linq;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Validation;

/// <summary>
/// Lays out a <c>[TemporalConv]</c> layer's tensors in PyTorch <c>state_dict</c> order
/// (<c>conv_l{k}.input.weight</c> [C, in, 1], <c>.bias</c>, then per block <c>blocks.{j}.dilated</c>
/// [2C, C, k] and <c>blocks.{j}.residual</c> [C, C, 1], weight before bias) and describes the layer.
/// </summary>
internal static class TemporalConvLayerBuilder
{
    /// <param name="add">Adds a tensor (name, rows, columns, depth; columns 0 for a vector) and returns it with its offset.</param>
    public static LayerDescriptor Build(int index, TemporalConvDeclaration declaration, int inputWidth, int stateOffset, Func<string, int, int, int, TensorDescriptor> add)
    {
        int c = declaration.Channels.Value, k = declaration.Kernel.Value;
        string prefix = $"conv_l{index}";
        int inputWeight = add($"{prefix}.input.weight", c, inputWidth, 1).Offset;
        int inputBias = add($"{prefix}.input.bias", c, 0, 0).Offset;
        var blocks = new List<TemporalConvBlock>();
        EquatableArray<int> dilations = declaration.Dilations!.Values;
        for (int j = 0; j < dilations.Count; j++)
        {
            string block = $"{prefix}.blocks.{j}";
            int dilatedWeight = add($"{block}.dilated.weight", 2 * c, c, k).Offset;
            int dilatedBias = add($"{block}.dilated.bias", 2 * c, 0, 0).Offset;
            int residualWeight = add($"{block}.residual.weight", c, c, 1).Offset;
            int residualBias = add($"{block}.residual.bias", c, 0, 0).Offset;
            blocks.Add(new TemporalConvBlock(dilations[j], dilatedWeight, dilatedBias, residualWeight, residualBias));
        }
        var conv = new TemporalConvDescriptor(c, k, inputWidth, inputWeight, inputBias, blocks.ToEquatableArray());
        return new LayerDescriptor(
            index, CellKind.Rnn, c, inputWidth, Directions: 1, Relu: false, ResetBefore: false,
            StateOffset: stateOffset, CellStateOffset: -1, Weights: Enumerable.Empty<DirectionWeights>().ToEquatableArray(),
            Kind: LayerKind.TemporalConv, TemporalConv: conv);
    }
}
