using SeqGen.Generator.Model;

namespace SeqGen.Generator.Validation;

/// <summary>
/// Parameter and workspace counts computed in floating point, before any int offset is, so that
/// an enormous declaration (sizes near int.MaxValue) is a diagnostic rather than an overflow.
/// </summary>
internal readonly record struct ModelSize(double Parameters, double Workspace)
{
    public bool ExceedsIntRange => Parameters > int.MaxValue || Workspace > int.MaxValue;

    public static ModelSize Estimate(ModelDeclaration d)
    {
        double parameters = 0, workspace = 0;
        double width = d.InputSize.Value;
        double steps = d.Steps.Value;
        foreach (CellDeclaration cell in d.Cells)
        {
            if (cell.AttentionLayer is { } attention)
            {
                // 4E^2 + 4E, the block's 2EF + F + 5E; caches of [steps][3E], [heads][steps][steps], [steps][F] and some [steps][E]
                double f = cell.Layer == LayerKind.TransformerBlock ? attention.FeedForward.Value : 0;
                parameters += 4 * width * width + 4 * width + 2 * width * f + f + 5 * width;
                workspace += steps * (20 * width + 4 * f + 4) + 2 * attention.Heads.Value * steps * steps;
                continue;
            }
            if (cell.TemporalConv is { } conv)
            {
                (double convParameters, double convWorkspace) = TemporalConvValidator.Estimate(conv, width, steps);
                parameters += convParameters;
                workspace += convWorkspace;
                width = conv.Channels.Value;
                continue;
            }
            double h = cell.HiddenSize.Value;
            double gates = cell.Kind switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 };
            double directions = cell.Bidirectional.Value != 0 ? 2 : 1;
            double layers = cell.Layers.Value;
            // The first layer reads `width` features, the others the previous layer's directions * h.
            parameters += directions * gates * h * (width + h + 2)
                + (layers - 1) * directions * gates * h * (directions * h + h + 2);
            if (cell.LayerNorm.Value != 0)
            {
                // LN weights and biases over both products and the cell state, and the per-step x_hat caches
                parameters += layers * directions * (2 * gates * h + 2 * h);
                workspace += layers * directions * steps * (2 * gates * h + h + 3);
            }
            // Per direction: hidden and cell history and the gate cache; per layer: output and its gradient.
            workspace += layers * directions * ((steps + 1) * h * 2 + steps * gates * h + 2 * steps * h);
            width = directions * h;
        }
        if (d.Topology.Value == (int)TopologyKind.EncoderDecoder)
        {
            // the decoder (hidden size = the encoder's output width), attention, and the head on [s ; context]
            double gates = d.Cells.Count == 0 ? 0 : d.Cells[d.Cells.Count - 1].Kind switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 };
            double outputSteps = d.OutputSteps.Value;
            parameters += gates * width * (d.OutputSize.Value + width + 2) + 3 * width * (width + 1) + d.OutputSize.Value * width;
            workspace += outputSteps * ((gates + 8) * width + 2 * d.OutputSize.Value + 2 * steps) + outputSteps * steps * width + 4 * steps * width;
        }
        parameters += d.OutputSize.Value * (width + 1);
        workspace += 2 * steps * d.OutputSize.Value + 2 * steps * d.InputSize.Value;
        return new ModelSize(parameters, workspace);
    }
}
