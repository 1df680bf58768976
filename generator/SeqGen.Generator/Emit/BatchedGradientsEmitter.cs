using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>
/// ComputeBatchGradients for models that <see cref="ModelDescriptor.HasBatchedGradients"/>: the
/// argument checks of every sequence, then the runtime's BatchedRecurrentGradients over the model's own
/// parameters, described by a layout made of the model's constants. The lockstep loop lives in the
/// runtime because it is the same for every size: its cost is in the kernels, not the loop.
/// </summary>
internal sealed class BatchedGradientsEmitter
{
    private const string Engine = "global::SeqGen.BatchedRecurrentGradients";

    private readonly ModelDescriptor _m;
    private readonly string _t;

    public BatchedGradientsEmitter(ModelDescriptor model)
    {
        _m = model;
        _t = model.ElementType;
    }

    private bool CrossEntropy => _m.Loss == LossFunction.CrossEntropy;

    /// <summary>The interface the method implements.</summary>
    public static string Interface(ModelDescriptor model) =>
        model.Loss == LossFunction.CrossEntropy ? $"global::SeqGen.IBatchedClassifierModel<{model.ElementType}>" : $"global::SeqGen.IBatchedRegressionModel<{model.ElementType}>";

    public void Emit(IndentedWriter w)
    {
        if (!_m.HasBatchedGradients)
        {
            return;
        }
        w.Summary("Bytes ComputeBatchGradients allocates on its first call, beside WorkspaceBytes: the per-step caches of BatchedRecurrentGradients.Lanes sequences and a packed copy of the recurrent weights.");
        w.Line($"public const long BatchWorkspaceBytes = {BatchWorkspace.Bytes(_m)};");
        w.Line();
        EmitLayout(w);
        w.Line($"private {Engine}<{_t}>? _batchGradients;");
        w.Line();
        EmitMethod(w);
    }

    private void EmitLayout(IndentedWriter w)
    {
        w.Summary("Where the stack's tensors sit, for the lockstep batch training of ComputeBatchGradients.");
        const string Continued = "    ";
        w.Line("private static readonly global::SeqGen.RecurrentStackLayout s_stackLayout = new global::SeqGen.RecurrentStackLayout(");
        w.Line($"{Continued}InputSize, Steps, OutputSize, manyToOne: {Bool(_m.Topology == TopologyKind.ManyToOne)}, crossEntropy: {Bool(CrossEntropy)},");
        w.Line($"{Continued}new global::SeqGen.RecurrentLayerLayout[]");
        w.Line($"{Continued}{{");
        // every direction: cell, hidden size, W_ih, W_hh, b_ih, b_hh, h and c offsets in the initial state, reverse
        foreach (LayerDescriptor layer in _m.Layers)
        {
            for (int d = 0; d < layer.Directions; d++)
            {
                DirectionWeights weights = layer.Weights[d];
                w.Line($"{Continued}{Continued}new global::SeqGen.RecurrentLayerLayout(global::SeqGen.StackCell.{StackCell(layer)}, {layer.HiddenSize}, {weights.WeightIh}, {weights.WeightHh}, {weights.BiasIh}, {weights.BiasHh}, {Names.StateOffset(layer, d)}, {(layer.HasCellState ? Names.CellStateOffset(layer, d) : -1)}, {Bool(d == 1)}),");
            }
        }
        w.Line($"{Continued}}},");
        w.Line($"{Continued}headWeight: {_m.HeadWeightOffset}, headBias: {_m.HeadBiasOffset});");
        w.Line();
    }

    private void EmitMethod(IndentedWriter w)
    {
        string targets = CrossEntropy ? $"{Names.ReadOnlySpan}<int>" : $"{Names.ReadOnlySpan}<{_t}>";
        string targetLength = CrossEntropy ? "OutputSteps" : "OutputLength";
        w.Summary(
            $"Forward and backward through time for <paramref name=\"count\"/> sequences (inputs [count][Steps][InputSize], targets {(CrossEntropy ? "[count][OutputSteps] class ids" : "[count][OutputSteps][OutputSize]")}), " +
            $"{Engine.Substring("global::SeqGen.".Length)}.Lanes at a time in lockstep so each weight is read once per step for all of them; " +
            "adds the sum of their gradients into Gradients and returns their summed loss, as ComputeGradients on each would (up to rounding). " +
            "Does not write Outputs, InputGradient, ChunkLosses, the final states or the initial-state gradients.");
        using (w.Block($"public {_t} ComputeBatchGradients({Names.ReadOnlySpan}<{_t}> inputs, {targets} targets, int count)"))
        {
            w.Line($"{Names.Guard}.Batch(count, inputs.Length, InputLength, targets.Length, {targetLength}, \"{(CrossEntropy ? "[count][OutputSteps] class ids" : "[count][OutputSteps][OutputSize]")}\");");
            w.Comment("every sequence is checked before any state changes");
            using (w.Block("for (int n = 0; n < count; n++)"))
            {
                w.Line("CheckInput(inputs.Slice(n * InputLength, InputLength));");
                w.Line($"CheckTargets(targets.Slice(n * {targetLength}, {targetLength}));");
            }
            w.Comment("the workspace of the lockstep sequences is made on first use: models trained one sequence at a time never pay for it");
            w.Line($"_batchGradients ??= new {Engine}<{_t}>(s_stackLayout);");
            w.Line($"return _batchGradients.ComputeGradients(_parameters, _gradients, _initialHidden, {InitialCell}, inputs, targets, count);");
        }
        w.Line();
        w.Summary(
            $"Forward for <paramref name=\"count\"/> sequences (inputs [count][Steps][InputSize]) in the same lockstep groups: writes each one's outputs ([count][OutputSteps][OutputSize]), " +
            "as Forward on each would (up to rounding). Does not write Outputs or the final states.");
        using (w.Block($"public void ForwardBatch({Names.ReadOnlySpan}<{_t}> inputs, {Names.Span}<{_t}> outputs, int count)"))
        {
            w.Line($"{Names.Guard}.Batch(count, inputs.Length, InputLength, outputs.Length, OutputLength, \"[count][OutputSteps][OutputSize]\", nameof(outputs));");
            using (w.Block("for (int n = 0; n < count; n++)"))
            {
                w.Line("CheckInput(inputs.Slice(n * InputLength, InputLength));");
            }
            w.Line($"_batchGradients ??= new {Engine}<{_t}>(s_stackLayout);");
            w.Line($"_batchGradients.Forward(_parameters, _initialHidden, {InitialCell}, inputs, outputs, count);");
        }
        w.Line();
    }

    private string InitialCell => _m.HasCellState ? "_initialCell" : "default";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string StackCell(LayerDescriptor layer) => layer.Cell switch
    {
        CellKind.Lstm => "Lstm",
        CellKind.Gru => "Gru",
        _ => layer.Relu ? "RnnRelu" : "RnnTanh",
    };
}
