using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using SeqGen.Generator.Diagnostics;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Validation;

/// <summary>
/// The checks of a <c>[TemporalConv]</c> layer: its own arguments (SEQ0601-SEQ0604) and the model
/// options it cannot be combined with (SEQ0605-SEQ0607), each reported on the argument at fault.
/// </summary>
internal static class TemporalConvValidator
{
    public const int MaxChannels = 4096;
    public const int MaxKernel = 64;
    public const int MaxBlocks = 32;
    public const int MaxDilation = 4096;

    public static void CheckLayer(CellDeclaration cell, Action<DiagnosticDescriptor, LocationInfo?, object[]> report)
    {
        TemporalConvDeclaration conv = cell.TemporalConv!;
        if (conv.Channels.Value < 1 || conv.Channels.Value > MaxChannels)
        {
            report(DiagnosticDescriptors.TemporalConvChannelsOutOfRange, conv.Channels.Location ?? cell.AttributeLocation,
                new object[] { conv.Channels.IsSet ? conv.Channels.Value.ToString(CultureInfo.InvariantCulture) : "0 (not set)", MaxChannels });
        }
        if (conv.Kernel.Value < 1 || conv.Kernel.Value > MaxKernel)
        {
            report(DiagnosticDescriptors.TemporalConvKernelOutOfRange, conv.Kernel.Location ?? cell.AttributeLocation, new object[] { conv.Kernel.Value, MaxKernel });
        }
        if (conv.Dilations is not { Values.Count: >= 1 and <= MaxBlocks } dilations)
        {
            string given = conv.Dilations is null ? "none are given (it is null or not set)" : $"{conv.Dilations.Values.Count} are given";
            report(DiagnosticDescriptors.TemporalConvDilationsCount, conv.Dilations?.Location ?? cell.AttributeLocation, new object[] { given, MaxBlocks });
            return;
        }
        for (int j = 0; j < dilations.Values.Count; j++)
        {
            if (dilations.Values[j] < 1 || dilations.Values[j] > MaxDilation)
            {
                report(DiagnosticDescriptors.TemporalConvDilationOutOfRange, dilations.Location ?? cell.AttributeLocation, new object[] { dilations.Values[j], j, MaxDilation });
            }
        }
    }

    /// <summary>Model options that do not work with a convolution layer anywhere in the stack.</summary>
    public static void CheckModel(ModelDeclaration d, Action<DiagnosticDescriptor, LocationInfo?, object[]> report)
    {
        int layer = 0;
        foreach (CellDeclaration cell in d.Cells)
        {
            if (cell.Layer == LayerKind.TemporalConv)
            {
                if (d.TruncatedBptt.IsSet)
                {
                    report(DiagnosticDescriptors.TemporalConvWithTruncatedBptt, d.TruncatedBptt.Location, new object[] { d.TruncatedBptt.Value, layer });
                }
                if (d.FeedBack.Value != 0)
                {
                    report(DiagnosticDescriptors.TemporalConvWithFeedBack, d.FeedBack.Location, new object[] { layer });
                }
                if (d.Topology.Value == (int)TopologyKind.EncoderDecoder)
                {
                    report(DiagnosticDescriptors.TemporalConvInEncoderDecoder, cell.AttributeLocation, new object[] { layer });
                }
                return;
            }
            layer += Math.Max(cell.Layers.Value, 0);
        }
    }

    /// <summary>Parameters and workspace of a conv layer in floating point, for <see cref="ModelSize"/>.</summary>
    public static (double Parameters, double Workspace) Estimate(TemporalConvDeclaration conv, double width, double steps)
    {
        double c = conv.Channels.Value, k = conv.Kernel.Value;
        double blocks = conv.Dilations?.Values.Count ?? 0, history = 0;
        if (conv.Dilations is not null)
        {
            foreach (int dilation in conv.Dilations.Values)
            {
                history += (k - 1) * dilation;
            }
        }
        double parameters = c * (width + 1) + blocks * (2 * c * (c * k + 1) + c * (c + 1));
        double workspace = steps * c * (4 * blocks + 5) + c * (history + 4);
        return (parameters, workspace);
    }
}
