using System;
using System.Collections.Generic;

namespace SeqGen;

/// <summary>A tensor a layout expects: its name, shape, and another accepted shape if any.</summary>
internal sealed record LayoutTensorSpec(string Name, int[] Shape, int[]? Alternative = null);

/// <summary>
/// The Keras and ONNX names, shapes and gate orders of a model's tensors, and the element-by-element
/// correspondence with PyTorch's, used in both directions (one code path, so the two agree).
/// </summary>
internal static class LayoutMapping
{
    /// <summary>The PyTorch gate (LSTM i,f,g,o; GRU r,z,n) of each of the layout's gate blocks.</summary>
    private static int[] GateOrder(WeightLayout layout, int gates) => (layout, gates) switch
    {
        (_, 1) => [0],
        (WeightLayout.Keras, 4) => [0, 1, 2, 3], // i, f, c, o
        (WeightLayout.Onnx, 4) => [0, 3, 1, 2],  // i, o, f, c
        (_, 3) => [1, 0, 2],                     // z, r, h
        _ => throw new ArgumentOutOfRangeException(nameof(gates)),
    };

    public static List<LayoutTensorSpec> Spec(RecurrentStructure s, IReadOnlyList<ParameterInfo> table, WeightLayout layout)
    {
        var specs = new List<LayoutTensorSpec>();
        IReadOnlyList<int> head = table[s.HeadWeight].Shape;
        int outputs = head[0], features = head[1];
        if (layout == WeightLayout.Keras)
        {
            foreach (RecurrentUnit u in s.Units)
            {
                specs.Add(new("rnn.kernel" + u.Suffix, [u.Inputs, u.Rows]));
                specs.Add(new("rnn.recurrent_kernel" + u.Suffix, [u.Hidden, u.Rows]));
                specs.Add(u.Gates == 3 ? new("rnn.bias" + u.Suffix, [2, u.Rows], [u.Rows]) : new("rnn.bias" + u.Suffix, [u.Rows]));
            }
            specs.Add(new("head.kernel", [features, outputs]));
        }
        else
        {
            foreach (RecurrentUnit[] layer in Layers(s))
            {
                RecurrentUnit u = layer[0];
                specs.Add(new($"rnn.W_l{u.Layer}", [layer.Length, u.Rows, u.Inputs]));
                specs.Add(new($"rnn.R_l{u.Layer}", [layer.Length, u.Rows, u.Hidden]));
                specs.Add(new($"rnn.B_l{u.Layer}", [layer.Length, 2 * u.Rows]));
            }
            specs.Add(new("head.weight", [outputs, features]));
        }
        specs.Add(new("head.bias", [outputs]));
        return specs;
    }

    /// <summary>
    /// Copies between <paramref name="torch"/> (table order) and <paramref name="other"/> (by layout
    /// name, with each tensor's shape): into PyTorch when <paramref name="toTorch"/>, else out of it.
    /// PyTorch arrays must start zeroed when filled (a single Keras bias leaves bias_hh zero).
    /// </summary>
    public static void Map(RecurrentStructure s, WeightLayout layout, double[][] torch,
        Dictionary<string, (double[] Values, IReadOnlyList<int> Shape)> other, bool toTorch)
    {
        int outputs = torch[s.HeadBias].Length;
        int features = torch[s.HeadWeight].Length / outputs;
        if (layout == WeightLayout.Keras)
        {
            foreach (RecurrentUnit u in s.Units)
            {
                int[] order = GateOrder(layout, u.Gates);
                Block(torch[u.WeightIh], other["rnn.kernel" + u.Suffix].Values, 0, u.Rows, u.Inputs, order, u.Hidden, true, toTorch);
                Block(torch[u.WeightHh], other["rnn.recurrent_kernel" + u.Suffix].Values, 0, u.Rows, u.Hidden, order, u.Hidden, true, toTorch);
                (double[] bias, IReadOnlyList<int> shape) = other["rnn.bias" + u.Suffix];
                Block(torch[u.BiasIh], bias, 0, u.Rows, 1, order, u.Hidden, false, toTorch);
                if (shape.Count == 2)
                {
                    Block(torch[u.BiasHh], bias, u.Rows, u.Rows, 1, order, u.Hidden, false, toTorch);
                }
                else if (!toTorch)
                {
                    // One bias: both PyTorch biases are added to the same pre-activation.
                    var recurrent = new double[u.Rows];
                    Block(torch[u.BiasHh], recurrent, 0, u.Rows, 1, order, u.Hidden, false, toTorch: false);
                    for (int i = 0; i < recurrent.Length; i++)
                    {
                        bias[i] += recurrent[i];
                    }
                }
            }
            Block(torch[s.HeadWeight], other["head.kernel"].Values, 0, outputs, features, [0], outputs, true, toTorch);
        }
        else
        {
            foreach (RecurrentUnit[] layer in Layers(s))
            {
                for (int d = 0; d < layer.Length; d++)
                {
                    RecurrentUnit u = layer[d];
                    int[] order = GateOrder(layout, u.Gates);
                    Block(torch[u.WeightIh], other[$"rnn.W_l{u.Layer}"].Values, d * u.Rows * u.Inputs, u.Rows, u.Inputs, order, u.Hidden, false, toTorch);
                    Block(torch[u.WeightHh], other[$"rnn.R_l{u.Layer}"].Values, d * u.Rows * u.Hidden, u.Rows, u.Hidden, order, u.Hidden, false, toTorch);
                    double[] b = other[$"rnn.B_l{u.Layer}"].Values;
                    Block(torch[u.BiasIh], b, 2 * d * u.Rows, u.Rows, 1, order, u.Hidden, false, toTorch);
                    Block(torch[u.BiasHh], b, (2 * d + 1) * u.Rows, u.Rows, 1, order, u.Hidden, false, toTorch);
                }
            }
            Block(torch[s.HeadWeight], other["head.weight"].Values, 0, outputs, features, [0], outputs, false, toTorch);
        }
        Block(torch[s.HeadBias], other["head.bias"].Values, 0, outputs, 1, [0], outputs, false, toTorch);
    }

    /// <summary>
    /// Copies a PyTorch [rows, columns] matrix (gate blocks of <paramref name="hidden"/> rows in
    /// PyTorch order) to or from the layout's matrix at <paramref name="offset"/>: gate blocks in
    /// <paramref name="order"/>, stored [rows, columns] or, when <paramref name="transposed"/>, [columns, rows].
    /// </summary>
    private static void Block(double[] torch, double[] other, int offset, int rows, int columns, int[] order, int hidden,
        bool transposed, bool toTorch)
    {
        for (int row = 0; row < rows; row++)
        {
            int torchRow = order[row / hidden] * hidden + row % hidden;
            for (int c = 0; c < columns; c++)
            {
                int t = torchRow * columns + c;
                int o = offset + (transposed ? c * rows + row : row * columns + c);
                if (toTorch)
                {
                    torch[t] = other[o];
                }
                else
                {
                    other[o] = torch[t];
                }
            }
        }
    }

    /// <summary>The units grouped by layer (one or two directions, which ONNX stacks in one tensor).</summary>
    private static List<RecurrentUnit[]> Layers(RecurrentStructure s)
    {
        var layers = new List<RecurrentUnit[]>();
        foreach (RecurrentUnit u in s.Units)
        {
            if (u.Reverse)
            {
                RecurrentUnit forward = layers[^1][0];
                if (forward.Layer != u.Layer || forward.Gates != u.Gates || forward.Hidden != u.Hidden || forward.Inputs != u.Inputs)
                {
                    throw new NotSupportedException($"ONNX stacks both directions of layer {u.Layer}, which needs them to match.");
                }
                layers[^1] = [forward, u];
            }
            else
            {
                layers.Add([u]);
            }
        }
        return layers;
    }
}
