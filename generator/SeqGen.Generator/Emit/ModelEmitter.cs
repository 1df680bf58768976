using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>
/// Emits the whole source file of one model: the partial class (inside its namespace and
/// containing types) with a description of the model at the top, then its members.
/// Consumes only the <see cref="ModelDescriptor"/>, so it runs without Roslyn in tests.
/// </summary>
internal static class ModelEmitter
{
    public const string Version = "0.1.0";

    /// <summary>The file name, unique per type (see <see cref="GeneratedFile.HintName"/>).</summary>
    public static string HintName(ModelDescriptor model) => GeneratedFile.HintName(model.Type, ".SeqGen.g.cs");

    public static string Emit(ModelDescriptor model) => GeneratedFile.Write(model.Type, w => EmitClass(w, model));

    /// <summary>The runtime interfaces the model implements, so trainers and tools can take any model.</summary>
    private static string Interfaces(ModelDescriptor model)
    {
        string t = model.ElementType;
        var interfaces = new System.Collections.Generic.List<string>
        {
            model.Loss == LossFunction.CrossEntropy ? $"global::SeqGen.IClassifierModel<{t}>" : $"global::SeqGen.IRegressionModel<{t}>",
        };
        if (model.HasBatchedGradients)
        {
            interfaces.Add(BatchedGradientsEmitter.Interface(model));
        }
        if (model.HasCellState)
        {
            interfaces.Add($"global::SeqGen.ICellStateModel<{t}>");
        }
        if (model.HasStep)
        {
            interfaces.Add($"global::SeqGen.IStreamingModel<{t}>");
        }
        if (model.IsAutoregressive && model.Loss == LossFunction.CrossEntropy)
        {
            interfaces.Add($"global::SeqGen.IGenerativeModel<{t}>");
        }
        return string.Join(", ", interfaces);
    }

    private static void EmitClass(IndentedWriter w, ModelDescriptor model)
    {
        DescriptionEmitter.Emit(w, model);
        w.Summary(DescriptionEmitter.Summary(model));
        w.Line($"[global::System.CodeDom.Compiler.GeneratedCode(\"SeqGen\", \"{Version}\")]");
        using (w.Block($"partial class {model.Type.Identifier} : {Interfaces(model)}"))
        {
            StorageEmitter.EmitConstants(w, model);
            StorageEmitter.EmitFields(w, model);
            StorageEmitter.EmitConstructors(w, model);
            StorageEmitter.EmitProperties(w, model);
            ParameterAccessEmitter.Emit(w, model);
            new SequenceEmitter(model).Emit(w);
            var head = new HeadEmitter(model);
            if (model.IsEncoderDecoder)
            {
                new EncoderDecoder.DecoderEmitter(model).Emit(w);
                new EncoderDecoder.AttentionEmitter(model).Emit(w);
            }
            else
            {
                head.EmitForward(w);
                head.EmitBackward(w);
            }
            head.EmitLoss(w);
            new BatchedGradientsEmitter(model).Emit(w);
            new DecodingEmitter(model).Emit(w);
            new StreamingEmitter(model).Emit(w);
            foreach (LayerDescriptor layer in model.Layers)
            {
                if (!layer.IsRecurrent)
                {
                    if (layer.Kind == LayerKind.TemporalConv)
                    {
                        new Convolution.TemporalConvEmitter(model, layer).Emit(w);
                        continue;
                    }
                    var attention = new SelfAttention.AttentionLayerEmitter(model, layer);
                    attention.EmitForward(w);
                    w.Line();
                    attention.EmitBackward(w);
                    w.Line();
                    continue;
                }
                for (int d = 0; d < layer.Directions; d++)
                {
                    var emitter = new LayerEmitter(model, layer, d);
                    emitter.EmitForward(w);
                    w.Line();
                    emitter.EmitBackward(w);
                    w.Line();
                }
            }
        }
    }
}
