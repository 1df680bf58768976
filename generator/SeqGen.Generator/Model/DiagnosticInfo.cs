using Microsoft.CodeAnalysis;

namespace SeqGen.Generator.Model;

/// <summary>A diagnostic to report, as values (descriptor ID, location, message arguments).</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic()
    {
        DiagnosticDescriptor descriptor = Diagnostics.DiagnosticDescriptors.ById(Id);
        object[] args = new object[Arguments.Count];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = Arguments[i];
        }
        return Diagnostic.Create(descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, args);
    }
}
