using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using SeqGen.Generator.Diagnostics;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Validation;

/// <summary>
/// Checks a <see cref="HopfieldDeclaration"/>; every problem is reported, each on the argument or
/// name that caused it, and a declaration with an error gets no code.
/// </summary>
internal static class HopfieldValidator
{
    /// <summary>The largest Size whose Size x Size weight matrix an int can index.</summary>
    public const int MaxSize = 46340;

    public static HopfieldValidationResult Validate(HopfieldDeclaration declaration)
    {
        var diagnostics = new List<DiagnosticInfo>();
        void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] args) =>
            diagnostics.Add(new DiagnosticInfo(descriptor.Id, location ?? declaration.AttributeLocation,
                args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "").ToEquatableArray()));

        TypeDeclaration type = declaration.Type;
        if (declaration.AlsoSequenceModel)
        {
            Report(DiagnosticDescriptors.HopfieldWithSequenceModel, declaration.AttributeLocation, type.Name);
        }
        if (!type.IsPartial)
        {
            Report(DiagnosticDescriptors.HopfieldNotPartial, type.NameLocation, type.Name);
        }
        foreach (ContainingType outer in type.ContainingTypes.Where(t => !t.IsPartial))
        {
            Report(DiagnosticDescriptors.ContainingTypeNotPartial, outer.Location, outer.Name, type.Name);
        }
        if (type.IsGeneric)
        {
            Report(DiagnosticDescriptors.GenericModel, type.NameLocation, type.Name);
        }
        if (type.IsStatic)
        {
            Report(DiagnosticDescriptors.StaticModel, type.NameLocation, type.Name);
        }
        ArgumentValue size = declaration.Size;
        if (size.Value < 2 || size.Value > MaxSize)
        {
            Report(DiagnosticDescriptors.HopfieldSizeOutOfRange, size.Location, size.IsSet ? size.Value.ToString(CultureInfo.InvariantCulture) : "0 (not set)", MaxSize);
        }
        ArgumentValue maxIterations = declaration.MaxIterations;
        if (maxIterations.Value < 1)
        {
            Report(DiagnosticDescriptors.SizeTooSmall, maxIterations.Location, "MaxIterations", maxIterations.Value);
        }
        HopfieldDescriptor? model = diagnostics.Count == 0 ? new HopfieldDescriptor(type, size.Value, maxIterations.Value) : null;
        return new HopfieldValidationResult(model, diagnostics.ToEquatableArray());
    }
}
