using System;
using System.Collections.Generic;

namespace SeqGen;

/// <summary>Checks that a file's tensor names are exactly the expected ones, reporting every missing and extra name in one exception.</summary>
internal static class TensorSetCheck
{
    /// <summary>
    /// Returns the tensors by name, or throws a <see cref="WeightsFormatException"/> listing the
    /// expected tensors that are missing (with <paramref name="expected"/>'s descriptions) and the
    /// tensors nobody expects; <paramref name="subject"/> names what the file should match.
    /// </summary>
    public static Dictionary<string, WeightTensor> ByName(IReadOnlyList<(string Name, string Description)> expected,
        IReadOnlyList<WeightTensor> tensors, string subject)
    {
        var byName = new Dictionary<string, WeightTensor>(StringComparer.Ordinal);
        foreach (WeightTensor t in tensors)
        {
            byName[t.Name] = t;
        }
        var missing = new List<string>();
        string? firstMissing = null;
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string name, string description) in expected)
        {
            known.Add(name);
            if (!byName.ContainsKey(name))
            {
                firstMissing ??= name;
                missing.Add(description);
            }
        }
        var extra = new List<string>();
        string? firstExtra = null;
        foreach (WeightTensor t in tensors)
        {
            if (!known.Contains(t.Name))
            {
                firstExtra ??= t.Name;
                extra.Add(t.ToString());
            }
        }
        if (missing.Count > 0 || extra.Count > 0)
        {
            throw new WeightsFormatException($"The file's tensors do not match {subject}." +
                (missing.Count > 0 ? $" Missing, with the shapes expected: {string.Join(", ", missing)}." : "") +
                (extra.Count > 0 ? $" Not expected, with the shapes in the file: {string.Join(", ", extra)}." : ""))
            { TensorName = firstMissing ?? firstExtra };
        }
        return byName;
    }
}
