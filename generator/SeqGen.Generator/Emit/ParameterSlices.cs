using System.Collections.Generic;

namespace SeqGen.Generator.Emit;

/// <summary>
/// Declares several read-only spans of <c>_parameters</c> as one span over all of them (one range
/// check) and constant slices of it, whose checks the JIT removes. A step declares its spans once
/// per call, so each separate <c>AsSpan</c> was a range check and an address computation per step.
/// </summary>
internal static class ParameterSlices
{
    /// <summary>Emits <paramref name="whole"/> over the spans' range, then one local per span (name, offset, length).</summary>
    public static void Emit(IndentedWriter w, string elementType, string whole, IReadOnlyList<(string Name, int Offset, int Length)> spans)
    {
        if (spans.Count == 0)
        {
            return;
        }
        int start = int.MaxValue, end = 0;
        foreach (var span in spans)
        {
            start = System.Math.Min(start, span.Offset);
            end = System.Math.Max(end, span.Offset + span.Length);
        }
        w.Line($"{Names.ReadOnlySpan}<{elementType}> {whole} = _parameters.AsSpan({start}, {end - start});");
        foreach (var span in spans)
        {
            w.Line($"{Names.ReadOnlySpan}<{elementType}> {span.Name} = {whole}.Slice({span.Offset - start}, {span.Length});");
        }
    }
}
