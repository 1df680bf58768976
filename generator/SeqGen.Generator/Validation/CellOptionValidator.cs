using System;
using SeqGen.Generator.Diagnostics;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Validation;

/// <summary>
/// Checks LayerNorm and CellClip on one cell attribute: CellClip positive and finite; LayerNorm only with
/// options it is built for (not Peephole, CoupledGates, ProjectionSize, SingleBias, CellClip, reset-before);
/// CellClip not with Peephole or CoupledGates. Each problem is reported on the offending argument.
/// </summary>
internal static class CellOptionValidator
{
    public static void Check(CellDeclaration cell, Action<Microsoft.CodeAnalysis.DiagnosticDescriptor, LocationInfo?, object[]> report)
    {
        bool layerNorm = cell.LayerNorm.Value != 0;
        if (cell.CellClip is { } clip && !(clip.Value > 0 && !double.IsInfinity(clip.Value)))
        {
            report(DiagnosticDescriptors.CellClipOutOfRange, clip.Location, new object[] { clip.Value });
        }
        if (layerNorm)
        {
            if (cell.SingleBias.Value != 0)
            {
                report(DiagnosticDescriptors.LayerNormWithSingleBias, cell.SingleBias.Location, Array.Empty<object>());
            }
            if (cell.Kind == CellKind.Gru && cell.Variant.Value == 1)
            {
                report(DiagnosticDescriptors.LayerNormWithResetBefore, cell.Variant.Location, Array.Empty<object>());
            }
            if (cell.Kind == CellKind.Lstm)
            {
                Unsupported(DiagnosticDescriptors.LayerNormWithUnsupportedOption, cell.Peephole, "Peephole", report);
                Unsupported(DiagnosticDescriptors.LayerNormWithUnsupportedOption, cell.CoupledGates, "CoupledGates", report);
                if (cell.ProjectionSize.Value != 0)
                {
                    report(DiagnosticDescriptors.LayerNormWithUnsupportedOption, cell.ProjectionSize.Location, new object[] { "ProjectionSize" });
                }
                if (cell.CellClip is { } withClip)
                {
                    report(DiagnosticDescriptors.LayerNormWithUnsupportedOption, withClip.Location, new object[] { "CellClip" });
                }
            }
        }
        else if (cell.CellClip is not null)
        {
            Unsupported(DiagnosticDescriptors.CellClipWithUnsupportedOption, cell.Peephole, "Peephole", report);
            Unsupported(DiagnosticDescriptors.CellClipWithUnsupportedOption, cell.CoupledGates, "CoupledGates", report);
        }
    }

    private static void Unsupported(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, ArgumentValue option, string name,
        Action<Microsoft.CodeAnalysis.DiagnosticDescriptor, LocationInfo?, object[]> report)
    {
        if (option.Value != 0)
        {
            report(descriptor, option.Location, new object[] { name });
        }
    }
}
