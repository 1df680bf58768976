using System;
using SeqGen.Generator.Diagnostics;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Validation;

/// <summary>
/// Checks the <c>[SelfAttention]</c> and <c>[TransformerBlock]</c> layers of a stack: heads against the
/// width each layer reads (which follows from the layers below), the feed-forward width, and the
/// model options attention cannot serve (truncated BPTT, topologies without a given input sequence).
/// </summary>
internal static class AttentionLayerValidator
{
    public static void Check(ModelDeclaration d, Action<Microsoft.CodeAnalysis.DiagnosticDescriptor, LocationInfo?, object[]> report)
    {
        // the width each layer reads; unknown (-1) once a size below it is invalid
        long width = d.InputSize.Value >= 1 ? d.InputSize.Value : -1;
        int index = 0;
        bool reportedTruncation = false, reportedTopology = false;
        foreach (CellDeclaration cell in d.Cells)
        {
            if (cell.AttentionLayer is not { } attention)
            {
                long directions = cell.Bidirectional.Value != 0 ? 2 : 1;
                long state = cell.Kind == CellKind.Lstm && cell.ProjectionSize.Value > 0 && cell.ProjectionSize.Value < cell.HiddenSize.Value ? cell.ProjectionSize.Value : cell.HiddenSize.Value;
                bool merged = directions == 2 && cell.MergeMode.Value is >= 1 and <= 3;
                width = cell.HiddenSize.Value >= 1 && cell.Layers.Value >= 1 ? (merged ? state : directions * state) : -1;
                index += Math.Max(cell.Layers.Value, 1);
                continue;
            }
            string name = cell.Layer == LayerKind.TransformerBlock ? "TransformerBlock" : "SelfAttention";
            ArgumentValue heads = attention.Heads;
            if (heads.Value < 1 || (width >= 1 && heads.Value > width))
            {
                report(DiagnosticDescriptors.AttentionHeadsOutOfRange, heads.Location ?? cell.AttributeLocation,
                    new object[] { heads.Value, width >= 1 ? width.ToString(System.Globalization.CultureInfo.InvariantCulture) : "E", index });
            }
            else if (width >= 1 && width % heads.Value != 0)
            {
                report(DiagnosticDescriptors.AttentionHeadsDoNotDivideWidth, heads.Location ?? cell.AttributeLocation, new object[] { heads.Value, width, index });
            }
            if (cell.Layer == LayerKind.TransformerBlock && attention.FeedForward.Value < 1)
            {
                report(DiagnosticDescriptors.FeedForwardOutOfRange, attention.FeedForward.Location ?? cell.AttributeLocation, new object[] { attention.FeedForward.Value });
            }
            if (d.TruncatedBptt.IsSet && d.Topology.Value == (int)TopologyKind.ManyToMany && !reportedTruncation)
            {
                report(DiagnosticDescriptors.TruncatedBpttWithAttention, d.TruncatedBptt.Location, new object[] { d.TruncatedBptt.Value, index, name });
                reportedTruncation = true;
            }
            if (d.Topology.Value is (int)TopologyKind.OneToMany or (int)TopologyKind.EncoderDecoder && !reportedTopology)
            {
                string feedBack = d.FeedBack.Value != 0 ? " with FeedBack" : "";
                report(DiagnosticDescriptors.AttentionLayerTopology, cell.AttributeLocation, new object[] { name, (TopologyKind)d.Topology.Value, feedBack });
                reportedTopology = true;
            }
            index++;
        }
    }
}
