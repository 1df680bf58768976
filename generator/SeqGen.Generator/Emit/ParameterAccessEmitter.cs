using System;
using System.Linq;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>The parameter table, access by PyTorch name, and seeded initialization.</summary>
internal static class ParameterAccessEmitter
{
    public static void Emit(IndentedWriter w, ModelDescriptor m)
    {
        string t = m.ElementType;
        w.Summary("Every parameter tensor: PyTorch state_dict name and shape, in the order of Parameters (where matrices are stored transposed, input-major).");
        using (w.Block($"public static global::System.Collections.Generic.IReadOnlyList<{Names.ParameterInfo}> ParameterTable {{ get; }} = new {Names.ParameterInfo}[]", "};"))
        {
            foreach (TensorDescriptor tensor in m.Tensors)
            {
                w.Line($"new {Names.ParameterInfo}(\"{tensor.Name}\", {tensor.ShapeText}),");
            }
        }
        w.Line();
        w.Line($"global::System.Collections.Generic.IReadOnlyList<{Names.ParameterInfo}> global::SeqGen.ISequenceModel<{t}>.ParameterTable => ParameterTable;");
        w.Line();
        w.Line($"string global::SeqGen.ISequenceModel<{t}>.ModelName => \"{m.FullName}\";");
        w.Line();
        w.Line($"private static readonly int[] s_parameterOffsets = new int[] {{ {string.Join(", ", m.Tensors.Select(x => x.Offset))} }};");
        w.Line();
        using (w.Block("private static int ParameterIndex(string name) => name switch", "};"))
        {
            int index = 0;
            foreach (TensorDescriptor tensor in m.Tensors)
            {
                w.Line($"\"{tensor.Name}\" => {index++},");
            }
            w.Line($"_ => throw {Names.Guard}.UnknownParameter(name, ParameterTable),");
        }
        w.Line();

        w.Summary("Copies <paramref name=\"values\"/> into the parameter <paramref name=\"name\"/> (PyTorch name and row-major layout).");
        using (w.Block($"public void SetParameter(string name, {Names.ReadOnlySpan}<{t}> values)"))
        {
            w.Line("int index = ParameterIndex(name);");
            w.Line($"{Names.ParameterInfo} info = ParameterTable[index];");
            w.Line($"{Names.Guard}.Length(values.Length, info.Length, nameof(values), info.ToString());");
            using (w.Block("if (ValidateInputs)"))
            {
                w.Line($"{Names.Guard}.Finite<{t}>(values, nameof(values));");
            }
            w.Line($"{Names.Span}<{t}> destination = _parameters.AsSpan(s_parameterOffsets[index], info.Length);");
            HalfWeightsEmitter.EmitMarkStale(w, m);
            w.Comment("matrices are stored input-major (the transpose of PyTorch's layout); vectors as they are");
            using (w.Block("if (info.Shape.Count == 2)"))
            {
                w.Line($"{Names.Kernels}.FromPyTorchLayout<{t}>(values, info.Shape[0], info.Shape[1], destination);");
            }
            using (w.Block("else"))
            {
                w.Line("values.CopyTo(destination);");
            }
        }
        w.Line();
        EmitCopyOut(w, t, "GetParameter", "_parameters", "the parameter");
        EmitCopyOut(w, t, "GetGradient", "_gradients", "the accumulated gradient of the parameter");

        w.Summary("Draws every parameter again from <paramref name=\"seed\"/>: the same seed gives the same weights everywhere.");
        using (w.Block("public void InitializeParameters(long seed)"))
        {
            w.Line($"var random = new {Names.Random}(seed);");
            HalfWeightsEmitter.EmitMarkStale(w, m);
            foreach (LayerDescriptor layer in m.Layers)
            {
                if (!layer.IsRecurrent)
                {
                    if (layer.Kind == LayerKind.TemporalConv)
                    {
                        new Convolution.TemporalConvEmitter(m, layer).EmitInitialization(w);
                    }
                    else
                    {
                        new SelfAttention.AttentionLayerEmitter(m, layer).EmitInitialization(w);
                    }
                    continue;
                }
                int start = layer.Weights[0].WeightIh;
                int end = layer.Weights[layer.Directions - 1].End(layer);
                w.Comment($"layer {layer.Index}: all its tensors, U(-1/sqrt({layer.HiddenSize}), 1/sqrt({layer.HiddenSize}))");
                w.Line($"random.FillUniform<{t}>(_parameters.AsSpan({start}, {end - start}), {Names.Literal(1 / Math.Sqrt(layer.HiddenSize))});");
                Cells.LayerNormInitializationEmitter.Emit(w, layer, t);
            }
            if (m.Decoder is { } decoder)
            {
                int start = decoder.Weights[0].WeightIh;
                int end = m.HeadWeightOffset;
                w.Comment(m.Attention is { Scoring: AttentionScoring.General or AttentionScoring.Additive }
                    ? $"the decoder, U(-1/sqrt({decoder.HiddenSize}), 1/sqrt({decoder.HiddenSize})), and the attention's Linear layers (fan-in {decoder.HiddenSize}), the same bound"
                    : $"the decoder: all its tensors, U(-1/sqrt({decoder.HiddenSize}), 1/sqrt({decoder.HiddenSize}))");
                w.Line($"random.FillUniform<{t}>(_parameters.AsSpan({start}, {end - start}), {Names.Literal(1 / Math.Sqrt(decoder.HiddenSize))});");
                Cells.LayerNormInitializationEmitter.Emit(w, decoder, t);
            }
            w.Comment($"head weight and bias: U(-1/sqrt({m.HeadInputWidth}), 1/sqrt({m.HeadInputWidth})), as nn.Linear");
            w.Line($"random.FillUniform<{t}>(_parameters.AsSpan({m.HeadWeightOffset}, {m.OutputSize * (m.HeadInputWidth + 1)}), {Names.Literal(1 / Math.Sqrt(m.HeadInputWidth))});");
        }
        w.Line();
    }

    private static void EmitCopyOut(IndentedWriter w, string t, string method, string source, string what)
    {
        w.Summary($"Copies {what} <paramref name=\"name\"/> into <paramref name=\"destination\"/> (PyTorch layout).");
        using (w.Block($"public void {method}(string name, {Names.Span}<{t}> destination)"))
        {
            w.Line("int index = ParameterIndex(name);");
            w.Line($"{Names.ParameterInfo} info = ParameterTable[index];");
            w.Line($"{Names.Guard}.Length(destination.Length, info.Length, nameof(destination), info.ToString());");
            w.Line($"{Names.ReadOnlySpan}<{t}> stored = {source}.AsSpan(s_parameterOffsets[index], info.Length);");
            using (w.Block("if (info.Shape.Count == 2)"))
            {
                w.Line($"{Names.Kernels}.ToPyTorchLayout<{t}>(stored, info.Shape[0], info.Shape[1], destination);");
            }
            using (w.Block("else"))
            {
                w.Line("stored.CopyTo(destination);");
            }
        }
        w.Line();
    }
}
