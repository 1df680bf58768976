using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>
/// <c>ForwardSteps</c>: what <c>Forward</c> runs when <see cref="ModelDescriptor.ForwardSteps"/>
/// holds. Inference needs no history, so each layer runs the sequence on its state in place
/// (<c>InferLayer*</c>, weight spans made once per layer rather than once per step): a plain LSTM or
/// reset-after GRU cell in one call of its whole-sequence kernel, other cells with a loop of Step's
/// kernel. Each layer writes only its output sequence; the caching pass that <c>ComputeGradients</c>
/// needs also writes the gates, h and c of every step. Both do the same arithmetic in the same
/// order on the same values (every kernel reads an element before writing it, so in place is
/// safe), so their results are the same bits (SteppedForwardTests, SequenceKernelTests).
/// </summary>
internal sealed class SteppedForwardEmitter
{
    private readonly ModelDescriptor _m;
    private readonly string _t;

    public SteppedForwardEmitter(ModelDescriptor model)
    {
        _m = model;
        _t = model.ElementType;
    }

    private bool ManyToOne => _m.Topology == TopologyKind.ManyToOne;

    public void Emit(IndentedWriter w)
    {
        if (!_m.ForwardSteps)
        {
            return;
        }
        LayerDescriptor top = _m.TopLayer;
        w.Summary(ManyToOne
            ? "Inference over <paramref name=\"length\"/> steps from the carried state, layer by layer with the state in place and nothing cached for a backward pass; the head runs once on the final state."
            : "Inference over <paramref name=\"length\"/> steps from the carried state, layer by layer with the state in place and nothing cached for a backward pass; then the head on every step's output.");
        using (w.Block($"private void ForwardSteps({Names.ReadOnlySpan}<{_t}> input, int length)"))
        {
            foreach (LayerDescriptor layer in _m.Layers)
            {
                string source = layer.Index == 0 ? "input" : $"{BufferNames.LayerResult(_m.Layers[layer.Index - 1])}.AsSpan(0, length * {layer.InputWidth})";
                w.Comment(layer.Index == 0 ? "layer 0 reads the input" : $"layer {layer.Index} reads layer {layer.Index - 1}'s output sequence");
                w.Line($"{new LayerEmitter(_m, layer, 0).InferMethod}({source}, length);");
            }
            if (ManyToOne)
            {
                w.Comment("head on the top layer's final state");
                HeadEmitter.EmitOneStep(w, _m, $"_finalHidden.AsSpan({top.StateOffset}, {top.StateWidth})", "_outputs");
            }
            else
            {
                w.Comment("head on the top layer's output at every step");
                w.Line("ForwardHead(0, length);");
            }
        }
        w.Line();
        foreach (LayerDescriptor layer in _m.Layers)
        {
            // the top layer's output sequence is read only by a per-step head
            new LayerEmitter(_m, layer, 0).EmitInfer(w, writesOutput: layer.Index != top.Index || !ManyToOne);
            w.Line();
        }
    }
}
