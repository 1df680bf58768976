using System.Collections.Generic;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Validation;

/// <summary>
/// Expands a valid declaration into layers and lays out the flat parameter vector in PyTorch
/// <c>state_dict</c> order: per layer, per direction, weight_ih, weight_hh, bias_ih, bias_hh
/// (<c>rnn.*</c>, or <c>encoder.*</c> then <c>decoder.*</c> for an encoder-decoder); then the
/// attention's tensors, if any; then head.weight and head.bias.
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

        var topology = (TopologyKind)d.Topology.Value;
        string module = topology == TopologyKind.EncoderDecoder ? "encoder" : "rnn";
        foreach (CellDeclaration cell in d.Cells)
        {
            if (cell.AttentionLayer is { } attentionLayer)
            {
                // attention maps the sequence to one of the same width and carries no state
                var spec = AttentionLayerDescriptor.Build(layers.Count, width, cell.Layer, attentionLayer, Add);
                layers.Add(new LayerDescriptor(layers.Count, CellKind.Rnn, width, width, 1, false, false, stateOffset, -1,
                    EquatableArray<DirectionWeights>.Empty, Kind: cell.Layer, Attention: spec));
                continue;
            }
            if (cell.TemporalConv is { } conv)
            {
                layers.Add(TemporalConvLayerBuilder.Build(layers.Count, conv, width, stateOffset, (name, rows, columns, depth) =>
                {
                    var tensor = new TensorDescriptor(name, rows, columns, offset, depth);
                    tensors.Add(tensor);
                    offset += tensor.Length;
                    return tensor;
                }));
                width = conv.Channels.Value;
                continue;
            }
            int directions = cell.Bidirectional.Value != 0 ? 2 : 1;
            int h = cell.HiddenSize.Value;
            int projection = cell.Kind == CellKind.Lstm ? cell.ProjectionSize.Value : 0;
            int stateWidth = projection > 0 ? projection : h;
            for (int repeat = 0; repeat < cell.Layers.Value; repeat++)
            {
                int k = layers.Count;
                bool hasCell = cell.Kind == CellKind.Lstm;
                bool layerNorm = cell.Kind != CellKind.Rnn && cell.LayerNorm.Value != 0;
                layers.Add(new LayerDescriptor(
                    k, cell.Kind, h, width, directions,
                    Relu: cell.Kind == CellKind.Rnn && cell.Activation.Value == 1,
                    ResetBefore: cell.Kind == CellKind.Gru && cell.Variant.Value == 1,
                    StateOffset: stateOffset,
                    CellStateOffset: hasCell ? cellStateOffset : -1,
                    AddWeights(module, k, cell.Kind, h, width, directions, cell.SingleBias.Value != 0, projection, cell.Kind == CellKind.Lstm && cell.Peephole.Value != 0, cell.Kind == CellKind.Lstm && cell.CoupledGates.Value != 0, layerNorm),
                    SingleBias: cell.SingleBias.Value != 0,
                    ProjectionSize: projection,
                    MergeMode: directions == 2 ? cell.MergeMode.Value : 0,
                    Peephole: cell.Kind == CellKind.Lstm && cell.Peephole.Value != 0,
                    CoupledGates: cell.Kind == CellKind.Lstm && cell.CoupledGates.Value != 0,
                    LayerNorm: layerNorm,
                    CellClip: cell.Kind == CellKind.Lstm && cell.CellClip is { } clip ? clip.Value : 0));
                stateOffset += directions * stateWidth;
                if (hasCell)
                {
                    cellStateOffset += directions * h;
                }
                width = directions == 2 && cell.MergeMode.Value != 0 ? stateWidth : directions * stateWidth;
            }
        }
        EquatableArray<DirectionWeights> AddWeights(string module, int k, CellKind kind, int h, int inputWidth, int directions, bool singleBias, int projection = 0, bool peephole = false, bool coupled = false, bool layerNorm = false)
        {
            int gates = kind switch { CellKind.Lstm => coupled ? 3 : 4, CellKind.Gru => 3, _ => 1 };
            var weights = new List<DirectionWeights>();
            for (int direction = 0; direction < directions; direction++)
            {
                string suffix = direction == 0 ? $"_l{k}" : $"_l{k}_reverse";
                if (layerNorm)
                {
                    weights.Add(LayerNormWeights.Add(module, suffix, kind, gates, h, inputWidth, Add));
                    continue;
                }
                weights.Add(new DirectionWeights(
                    Add($"{module}.weight_ih{suffix}", gates * h, inputWidth).Offset,
                    Add($"{module}.weight_hh{suffix}", gates * h, projection > 0 ? projection : h).Offset,
                    Add($"{module}.bias_ih{suffix}", gates * h, 0).Offset,
                    singleBias ? -1 : Add($"{module}.bias_hh{suffix}", gates * h, 0).Offset,
                    projection > 0 ? Add($"{module}.weight_hr{suffix}", projection, h).Offset : -1,
                    peephole ? Add($"{module}.weight_peephole{suffix}", 3 * h, 0).Offset : -1));
            }
            return weights.ToEquatableArray();
        }

        int encoded = width;
        LayerDescriptor? decoder = null;
        AttentionDescriptor? attention = null;
        int headInput = width;
        if (topology == TopologyKind.EncoderDecoder)
        {
            // one layer of the top layer's cell, as wide as the encoder's output, fed the previous output
            LayerDescriptor top = layers[layers.Count - 1];
            decoder = top with
            {
                Index = -1,
                HiddenSize = encoded,
                InputWidth = d.OutputSize.Value,
                Directions = 1,
                StateOffset = 0,
                CellStateOffset = top.HasCellState ? 0 : -1,
                Weights = AddWeights("decoder", 0, top.Cell, encoded, d.OutputSize.Value, 1, top.SingleBias, 0, top.Peephole, top.CoupledGates, top.LayerNorm),
            };
            if (d.Attention is not null)
            {
                attention = BuildAttention((AttentionScoring)d.Attention.Kind.Value, encoded, Add) with { Hard = d.Attention.Hard.Value != 0 };
                headInput = 2 * encoded;
            }
        }
        int headWeight = Add("head.weight", d.OutputSize.Value, headInput).Offset;
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
            cellStateOffset,
            DecoderSteps: topology == TopologyKind.EncoderDecoder ? d.OutputSteps.Value : 0,
            decoder,
            attention,
            FeedBack: d.FeedBack.Value != 0,
            WeightStorage: (WeightStorageKind)d.WeightStorage.Value);
    }

    private static AttentionDescriptor BuildAttention(AttentionScoring scoring, int width, System.Func<string, int, int, TensorDescriptor> add) => scoring switch
    {
        AttentionScoring.General => new AttentionDescriptor(scoring, width, Weight: add("attention.weight", width, width).Offset),
        // the PyTorch seq2seq tutorial's BahdanauAttention: Wa (query), Ua (keys), Va (score), each a Linear with bias
        AttentionScoring.Additive => new AttentionDescriptor(scoring, width,
            QueryWeight: add("attention.Wa.weight", width, width).Offset,
            QueryBias: add("attention.Wa.bias", width, 0).Offset,
            KeyWeight: add("attention.Ua.weight", width, width).Offset,
            KeyBias: add("attention.Ua.bias", width, 0).Offset,
            ScoreWeight: add("attention.Va.weight", 1, width).Offset,
            ScoreBias: add("attention.Va.bias", 1, 0).Offset),
        _ => new AttentionDescriptor(scoring, width),
    };
}
