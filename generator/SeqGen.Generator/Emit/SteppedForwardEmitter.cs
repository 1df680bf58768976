using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>
/// <c>ForwardSteps</c>: what <c>Forward</c> runs when <see cref="ModelDescriptor.ForwardSteps"/>
/// holds. Inference needs no history, so each step advances every layer's state in place with
/// Step's kernels, and only the head's outputs are written: the caching pass that
/// <c>ComputeGradients</c> needs writes the gates, h and c of every step, and at T = 100 those
/// writes push the weights out of L1. The results are the same sums in the same order as the
/// caching pass (both call the same step kernels).
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

    private string CellArgument => _m.HasCellState ? ", cellState" : "";

    private static string TopState(LayerDescriptor layer) => $"state.Slice({layer.StateOffset}, {layer.StateWidth})";

    public void Emit(IndentedWriter w)
    {
        if (!_m.ForwardSteps)
        {
            return;
        }
        w.Summary(ManyToOne
            ? "Inference over <paramref name=\"length\"/> steps from the carried state: Step's kernels advance each layer's state in place, nothing is cached for a backward pass, and the head runs once on the final state."
            : "Inference over <paramref name=\"length\"/> steps from the carried state: Step's kernels advance each layer's state in place, nothing is cached for a backward pass, and the head writes each step's output.");
        using (w.Block($"private void ForwardSteps({Names.ReadOnlySpan}<{_t}> input, int length)"))
        {
            w.Line($"{Names.Span}<{_t}> state = _carryHidden;");
            if (_m.HasCellState)
            {
                w.Line($"{Names.Span}<{_t}> cellState = _carryCell;");
            }
            using (w.Block("for (int t = 0; t < length; t++)"))
            {
                foreach (LayerDescriptor layer in _m.Layers)
                {
                    string source = layer.Index == 0 ? "input.Slice(t * InputSize, InputSize)" : TopState(_m.Layers[layer.Index - 1]);
                    w.Comment(layer.Index == 0 ? "layer 0 reads step t's input" : $"layer {layer.Index} reads layer {layer.Index - 1}'s new state");
                    w.Line($"{new LayerEmitter(_m, layer, 0).StepMethod}({source}, state{CellArgument});");
                }
                if (!ManyToOne)
                {
                    w.Comment("head on the top layer's new state");
                    w.Line($"{Names.Span}<{_t}> y = _outputs.AsSpan(t * {_m.OutputSize}, {_m.OutputSize});");
                    HeadEmitter.EmitOneStep(w, _m, TopState(_m.TopLayer), "y");
                }
            }
            if (ManyToOne)
            {
                w.Comment("head on the top layer's final state");
                HeadEmitter.EmitOneStep(w, _m, TopState(_m.TopLayer), "_outputs");
            }
            w.Comment(_m.HasCellState ? "the state after the sequence (FinalHidden, FinalCell)" : "the state after the sequence (FinalHidden)");
            w.Line("state.CopyTo(_finalHidden);");
            if (_m.HasCellState)
            {
                w.Line("cellState.CopyTo(_finalCell);");
            }
        }
        w.Line();
    }
}
