using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>
/// The linear head and the loss, per topology: ManyToOne reads the final state of each direction
/// of the last layer once; ManyToMany and OneToMany read the last layer's output at every step.
/// </summary>
internal sealed class HeadEmitter
{
    private readonly ModelDescriptor _m;
    private readonly string _t;

    public HeadEmitter(ModelDescriptor model)
    {
        _m = model;
        _t = model.ElementType;
    }

    private LayerDescriptor Top => _m.TopLayer;

    private int Width => _m.HeadInputWidth;

    private int O => _m.OutputSize;

    private bool ManyToOne => _m.Topology == TopologyKind.ManyToOne;

    public void EmitForward(IndentedWriter w)
    {
        w.Summary(ManyToOne
            ? "Head: y = W [final states] + b, once for the sequence."
            : "Head: y_t = W out_t + b for each step of the chunk.");
        using (w.Block("private void ForwardHead(int start, int length)"))
        {
            EmitWeights(w, gradients: false);
            if (ManyToOne)
            {
                int h = Top.StateWidth;
                w.Line($"{Names.Span}<{_t}> features = _headFeatures;");
                if (!Top.IsRecurrent)
                {
                    w.Comment(Top.Kind == LayerKind.TemporalConv ? "the convolution layer's output at the last step" : "an attention layer's output at the last step");
                    w.Line($"{BufferNames.LayerOutput(Top)}.AsSpan((length - 1) * {h}, {h}).CopyTo(features);");
                }
                else if (Top.IsMerged)
                {
                    w.Comment("the final state of each direction: forward after the last step, reverse after step 0");
                    w.Line($"{Names.Merge}.Forward<{_t}>({BufferNames.HiddenHistory(Top, 0)}.AsSpan(length * {h}, {h}), {BufferNames.HiddenHistory(Top, 1)}.AsSpan(length * {h}, {h}), features, {Top.MergeMode});");
                }
                else
                {
                    w.Comment(Top.Directions == 2 ? "the final state of each direction: forward after the last step, reverse after step 0" : "the final state: after the last step");
                    w.Line($"{BufferNames.HiddenHistory(Top, 0)}.AsSpan(length * {h}, {h}).CopyTo(features);");
                    if (Top.Directions == 2)
                    {
                        w.Line($"{BufferNames.HiddenHistory(Top, 1)}.AsSpan(length * {h}, {h}).CopyTo(features.Slice({h}, {h}));");
                    }
                }
                w.Line($"{Names.Span}<{_t}> y = _outputs;");
                w.Line("bias.CopyTo(y);");
                w.Line($"{Names.Kernels}.AccumulateColumns<{_t}>(weight, {O}, features, y);");
            }
            else
            {
                EmitForwardPerStep(w);
            }
        }
        w.Line();
    }

    public void EmitBackward(IndentedWriter w)
    {
        w.Summary("Head backward: adds head gradients and writes the gradient on the last layer's outputs.");
        using (w.Block("private void BackwardHead(int start, int length)"))
        {
            EmitWeights(w, gradients: true);
            w.Line(ManyToOne
                ? $"{Names.Span}<{_t}> topGradient = {BufferNames.LayerOutputGradient(Top)}.AsSpan(0, length * {Top.ConcatWidth});"
                : $"{Names.Span}<{_t}> topGradient = {BufferNames.LayerResultGradient(Top)}.AsSpan(0, length * {Width});");
            if (ManyToOne)
            {
                int h = Top.StateWidth;
                w.Line($"{Names.ReadOnlySpan}<{_t}> dy = _outputGradient;");
                w.Line($"{Names.Kernels}.AccumulateOuterProduct<{_t}>(gradWeight, {O}, _headFeatures, dy);");
                w.Line($"{Names.Kernels}.AddInPlace<{_t}>(gradBias, dy);");
                w.Comment("gradient on the features: W^T dy");
                w.Line($"{Names.Span}<{_t}> dFeatures = _headFeatureGradient;");
                w.Line("dFeatures.Clear();");
                w.Line($"{Names.Kernels}.AccumulateRowDots<{_t}>(weight, {O}, dy, dFeatures);");
                w.Comment(Top.Directions == 2 ? "only the final states feed the head: the forward direction's output at the last step, the reverse direction's at step 0" : "only the final state feeds the head: the output at the last step");
                w.Line("topGradient.Clear();");
                if (Top.IsMerged)
                {
                    w.Line($"{Names.Merge}.Backward<{_t}>({BufferNames.HiddenHistory(Top, 0)}.AsSpan(length * {h}, {h}), {BufferNames.HiddenHistory(Top, 1)}.AsSpan(length * {h}, {h}), dFeatures, topGradient.Slice((length - 1) * {Top.ConcatWidth}, {h}), topGradient.Slice({h}, {h}), {Top.MergeMode});");
                }
                else
                {
                    w.Line($"dFeatures.Slice(0, {h}).CopyTo(topGradient.Slice((length - 1) * {Top.ConcatWidth}, {h}));");
                    if (Top.Directions == 2)
                    {
                        w.Line($"dFeatures.Slice({h}, {h}).CopyTo(topGradient.Slice({h}, {h}));");
                    }
                }
            }
            else
            {
                EmitBackwardPerStep(w);
            }
        }
        w.Line();
    }

    /// <summary>y = b + W features for one step (Step, and a ManyToOne stepped Forward).</summary>
    public static void EmitOneStep(IndentedWriter w, ModelDescriptor m, string features, string y)
    {
        int weightLength = m.OutputSize * m.TopLayer.StateWidth;
        ParameterSlices.Emit(w, m.ElementType, "head", new[] { ("headWeight", m.HeadWeightOffset, weightLength), ("headBias", m.HeadBiasOffset, m.OutputSize) });
        w.Line($"headBias.CopyTo({y});");
        w.Line($"{Names.Kernels}.AccumulateColumns<{m.ElementType}>(headWeight, OutputSize, {features}, {y});");
    }

    private void EmitForwardPerStep(IndentedWriter w)
    {
        w.Line($"{Names.ReadOnlySpan}<{_t}> top = {BufferNames.LayerResult(Top)};");
        using (w.Block("for (int t = 0; t < length; t++)"))
        {
            w.Line($"{Names.Span}<{_t}> y = _outputs.AsSpan((start + t) * {O}, {O});");
            w.Line("bias.CopyTo(y);");
            w.Line($"{Names.Kernels}.AccumulateColumns<{_t}>(weight, {O}, top.Slice(t * {Width}, {Width}), y);");
        }
    }

    private void EmitBackwardPerStep(IndentedWriter w)
    {
        w.Line($"{Names.ReadOnlySpan}<{_t}> top = {BufferNames.LayerResult(Top)};");
        using (w.Block("for (int t = 0; t < length; t++)"))
        {
            w.Line($"{Names.ReadOnlySpan}<{_t}> dy = _outputGradient.AsSpan((start + t) * {O}, {O});");
            w.Line($"{Names.Kernels}.AccumulateOuterProduct<{_t}>(gradWeight, {O}, top.Slice(t * {Width}, {Width}), dy);");
            w.Line($"{Names.Kernels}.AddInPlace<{_t}>(gradBias, dy);");
            w.Line($"{Names.Span}<{_t}> dTop = topGradient.Slice(t * {Width}, {Width});");
            w.Line("dTop.Clear();");
            w.Line($"{Names.Kernels}.AccumulateRowDots<{_t}>(weight, {O}, dy, dTop);");
        }
    }

    /// <summary>The loss of the chunk's output steps; writes its gradient on the outputs.</summary>
    public void EmitLoss(IndentedWriter w)
    {
        bool ce = _m.Loss == LossFunction.CrossEntropy;
        string targets = ce ? $"{Names.ReadOnlySpan}<int>" : $"{Names.ReadOnlySpan}<{_t}>";
        w.Summary(ce
            ? "Sum over the chunk's output steps of -log softmax(y_t)[target_t]; writes dL/dy."
            : "Sum over the chunk's output steps of mean((y_t - target_t)^2); writes dL/dy.");
        using (w.Block($"private {_t} ChunkLoss({targets} targets, int start, int length)"))
        {
            w.Line($"{_t} loss = 0;");
            // ManyToOne and EncoderDecoder outputs do not line up with input steps: all of them count, once
            string range = ManyToOne || _m.IsEncoderDecoder ? "for (int t = 0; t < OutputSteps; t++)" : "for (int t = start; t < start + length; t++)";
            using (w.Block(range))
            {
                string target = ce ? "targets[t]" : $"targets.Slice(t * {O}, {O})";
                string function = ce ? "CrossEntropy" : "MeanSquaredError";
                w.Line($"loss += {Names.Losses}.{function}<{_t}>(_outputs.AsSpan(t * {O}, {O}), {target}, _outputGradient.AsSpan(t * {O}, {O}));");
            }
            w.Line("return loss;");
        }
        w.Line();
    }

    private void EmitWeights(IndentedWriter w, bool gradients)
    {
        w.Line($"{Names.ReadOnlySpan}<{_t}> weight = _parameters.AsSpan({_m.HeadWeightOffset}, {O * Width});");
        if (gradients)
        {
            w.Line($"{Names.Span}<{_t}> gradWeight = _gradients.AsSpan({_m.HeadWeightOffset}, {O * Width});");
            w.Line($"{Names.Span}<{_t}> gradBias = _gradients.AsSpan({_m.HeadBiasOffset}, {O});");
        }
        else
        {
            w.Line($"{Names.ReadOnlySpan}<{_t}> bias = _parameters.AsSpan({_m.HeadBiasOffset}, {O});");
        }
    }
}
