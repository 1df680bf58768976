using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SeqGen.Tests.Reference;

/// <summary>
/// One PyTorch reference vector file (Vectors/*.json, embedded in the test assembly), made by
/// make_vectors.py beside this file. All arrays are flattened row-major.
/// </summary>
public sealed class ReferenceCase
{
    private ReferenceCase(string name, JsonElement root)
    {
        Name = name;
        JsonElement config = root.GetProperty("config");
        Topology = config.GetProperty("topology").GetString()!;
        IsCrossEntropy = config.GetProperty("loss").GetString() == "ce";
        InputSize = config.GetProperty("input_size").GetInt32();
        Params = root.GetProperty("params").EnumerateObject()
            .ToDictionary(p => p.Name, p => Flatten(p.Value.GetProperty("data")));
        JsonElement inputs = root.GetProperty("inputs");
        X = Flatten(inputs.GetProperty("x"));
        H0 = Optional(inputs, "h0");
        C0 = Optional(inputs, "c0");
        if (IsCrossEntropy)
        {
            ClassTargets = inputs.GetProperty("targets").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        }
        else
        {
            Targets = Flatten(inputs.GetProperty("targets"));
        }
        JsonElement expected = root.GetProperty("expected");
        Outputs = Flatten(expected.GetProperty("outputs"));
        Loss = expected.GetProperty("loss").GetDouble();
        Grads = expected.GetProperty("grads").EnumerateObject().ToDictionary(p => p.Name, p => Flatten(p.Value));
        GradX = Flatten(expected.GetProperty("grad_x"));
        HN = Optional(expected, "h_n");
        CN = Optional(expected, "c_n");
        GradH0 = Optional(expected, "grad_h0");
        GradC0 = Optional(expected, "grad_c0");
        ChunkLosses = Optional(expected, "chunk_losses");
        Attention = Optional(expected, "attention");
    }

    public string Name { get; }
    public string Topology { get; }
    public bool IsCrossEntropy { get; }
    public int InputSize { get; }
    public Dictionary<string, double[]> Params { get; }
    public double[] X { get; }
    public double[]? H0 { get; }
    public double[]? C0 { get; }
    public double[]? Targets { get; }
    public int[]? ClassTargets { get; }
    public double[] Outputs { get; }
    public double Loss { get; }
    public Dictionary<string, double[]> Grads { get; }
    public double[] GradX { get; }
    public double[]? HN { get; }
    public double[]? CN { get; }
    public double[]? GradH0 { get; }
    public double[]? GradC0 { get; }
    public double[]? ChunkLosses { get; }
    public double[]? Attention { get; }

    public static ReferenceCase Load(string name)
    {
        using Stream stream = typeof(ReferenceCase).Assembly.GetManifestResourceStream($"Vectors.{name}.json")
            ?? throw new FileNotFoundException($"Embedded reference vector Vectors.{name}.json is missing.");
        using JsonDocument document = JsonDocument.Parse(stream);
        return new ReferenceCase(name, document.RootElement.Clone());
    }

    private static double[]? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out JsonElement value) ? Flatten(value) : null;

    private static double[] Flatten(JsonElement element)
    {
        var values = new List<double>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement child in e.EnumerateArray())
                {
                    Walk(child);
                }
            }
            else
            {
                values.Add(e.GetDouble());
            }
        }
        Walk(element);
        return values.ToArray();
    }
}
