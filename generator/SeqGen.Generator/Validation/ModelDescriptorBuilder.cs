using System.Collections.Generic;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Validation;

/// <summary>
/// Expands a valid declaration into layers and lays out the flat parameter vector in PyTorch
/// <c>state_dict</c> order: per layer, per direction, weight_ih, weight_hh, bias_ih, bias_hh;
/// then head.weight and head.bias.
/// </summary>
internal static class ModelDescriptorBuilder
{
    public static ModelDescriptor Build(ModelDeclaration d)
    {
        var layers = new List<LayerDescriptor>();
        var tensors = new List<TensorDescriptor>();
        int offset = 0, stateOffset = 0, cellStateOffset = 0, width = d.InputSize.Value;

        TensorDescriptor Add(string name, int rows, int columns)
        {
            var tensor = new TensorDescriptor(name, rows, columns, offset);
            tensors.Add(tensor);
            offset += tensor.Length;
            return tensor;
        }

        foreach (CellDeclaration cell in d.Cells)
        {
            int directions = cell.Bidirectional.Value != 0 ? 2 : 1;
            int h = cell.HiddenSize.Value;
            for (int repeat = 0; repeat < cell.Layers.Value; repeat++)
            {
                int k = layers.Count;
                int gates = cell.Kind switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 };
                var weights = new List<DirectionWeights>();
                for (int direction = 0; direction < directions; direction++)
                {
                    string suffix = direction == 0 ? $"_l{k}" : $"_l{k}_reverse";
                    weights.Add(new DirectionWeights(
                        Add("rnn.weight_ih" + suffix, gates * h, width).Offset,
                        Add("rnn.weight_hh" + suffix, gates * h, h).Offset,
                        Add("rnn.bias_ih" + suffix, gates * h, 0).Offset,
                        Add("rnn.bias_hh" + suffix, gates * h, 0).Offset));
                }
                bool hasCell = cell.Kind == CellKind.Lstm;
                layers.Add(new LayerDescriptor(
                    k, cell.Kind, h, width, directions,
                    Relu: cell.Kind == CellKind.Rnn && cell.Activation.Value == 1,
                    ResetBefore: cell.Kind == CellKind.Gru && cell.Variant.Value == 1,
                    StateOffset: stateOffset,
                    CellStateOffset: hasCell ? cellStateOffset : -1,
                    weights.ToEquatableArray()));
                stateOffset += directions * h;
                if (hasCell)
                {
                    cellStateOffset += directions * h;
                }
                width = directions * h;
            }
        }
        int headWeight = Add("head.weight", d.OutputSize.Value, width).Offset;
        int headBias = Add("head.bias", d.OutputSize.Value, 0).Offset;

        return new ModelDescriptor(
            d.Type,
            (TopologyKind)d.Topology.Value,
            (LossFunction)d.Loss.Value,
            IsDouble: d.Precision.Value == 1,
            d.InputSize.Value,
            d.Steps.Value,
            d.OutputSize.Value,
            d.TruncatedBptt.IsSet ? d.TruncatedBptt.Value : 0,
            layers.ToEquatableArray(),
            tensors.ToEquatableArray(),
            headWeight,
            headBias,
            offset,
            stateOffset,
            cellStateOffset);
    }
}
