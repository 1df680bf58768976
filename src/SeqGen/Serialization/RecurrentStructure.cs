using System;
using System.Collections.Generic;

namespace SeqGen;

/// <summary>One direction of one recurrent layer, read from a parameter table: its four tensors' indices and sizes.</summary>
internal sealed record RecurrentUnit(int Layer, bool Reverse, int Gates, int Hidden, int Inputs,
    int WeightIh, int WeightHh, int BiasIh, int BiasHh)
{
    /// <summary><c>_l{k}</c> or <c>_l{k}_reverse</c>, as in PyTorch names.</summary>
    public string Suffix => $"_l{Layer}" + (Reverse ? "_reverse" : "");

    /// <summary>Rows of the stacked gate matrices (gates x hidden).</summary>
    public int Rows => Gates * Hidden;
}

/// <summary>
/// The recurrent layers and linear head of a model, read from its PyTorch-named parameter table
/// (<c>rnn.weight_ih_l{k}[_reverse]</c> ..., <c>head.weight</c>, <c>head.bias</c>). The cell of a
/// layer follows from its gate count: 1 RNN, 3 GRU, 4 LSTM.
/// </summary>
internal sealed class RecurrentStructure
{
    private RecurrentStructure(RecurrentUnit[] units, int headWeight, int headBias)
    {
        Units = units;
        HeadWeight = headWeight;
        HeadBias = headBias;
    }

    /// <summary>Layer directions, by layer, forward before reverse.</summary>
    public RecurrentUnit[] Units { get; }

    /// <summary>Table index of <c>head.weight</c>.</summary>
    public int HeadWeight { get; }

    /// <summary>Table index of <c>head.bias</c>.</summary>
    public int HeadBias { get; }

    public static RecurrentStructure Parse(IReadOnlyList<ParameterInfo> table)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < table.Count; i++)
        {
            index[table[i].Name] = i;
        }
        var units = new List<RecurrentUnit>();
        var covered = new HashSet<string>(StringComparer.Ordinal) { "head.weight", "head.bias" };
        const string prefix = "rnn.weight_ih";
        foreach (ParameterInfo p in table)
        {
            if (!p.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            string suffix = p.Name[prefix.Length..];
            bool reverse = suffix.EndsWith("_reverse", StringComparison.Ordinal);
            string layer = reverse ? suffix[2..^"_reverse".Length] : suffix[2..];
            if (!suffix.StartsWith("_l", StringComparison.Ordinal) || !int.TryParse(layer, out int k)
                || !index.TryGetValue("rnn.weight_hh" + suffix, out int hh) || !index.TryGetValue("rnn.bias_ih" + suffix, out int bih)
                || !index.TryGetValue("rnn.bias_hh" + suffix, out int bhh))
            {
                throw Unsupported(p.Name);
            }
            int hidden = table[hh].Shape[1];
            int rows = p.Shape[0];
            int gates = rows / hidden;
            if (rows % hidden != 0 || gates is not (1 or 3 or 4))
            {
                throw Unsupported(p.Name);
            }
            units.Add(new RecurrentUnit(k, reverse, gates, hidden, p.Shape[1], index[p.Name], hh, bih, bhh));
            covered.UnionWith(["rnn.weight_ih" + suffix, "rnn.weight_hh" + suffix, "rnn.bias_ih" + suffix, "rnn.bias_hh" + suffix]);
        }
        foreach (ParameterInfo p in table)
        {
            if (!covered.Contains(p.Name))
            {
                throw Unsupported(p.Name);
            }
        }
        if (!index.TryGetValue("head.weight", out int headWeight) || !index.TryGetValue("head.bias", out int headBias))
        {
            throw new NotSupportedException("Layout conversion needs a model with a linear head (head.weight, head.bias).");
        }
        units.Sort((a, b) => a.Layer != b.Layer ? a.Layer.CompareTo(b.Layer) : a.Reverse.CompareTo(b.Reverse));
        return new RecurrentStructure(units.ToArray(), headWeight, headBias);
    }

    private static NotSupportedException Unsupported(string name) => new(
        $"Layout conversion supports models made of rnn.* recurrent layers and a linear head; parameter '{name}' is outside that.");
}
