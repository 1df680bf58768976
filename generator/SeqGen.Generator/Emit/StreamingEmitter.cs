using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>
/// <c>Step</c> and <c>ResetState</c>: one time step at a time with the state kept in the model,
/// for models without a bidirectional layer (a reverse direction needs the whole sequence).
/// </summary>
internal sealed class StreamingEmitter
{
    private readonly ModelDescriptor _m;
    private readonly string _t;

    public StreamingEmitter(ModelDescriptor model)
    {
        _m = model;
        _t = model.ElementType;
    }

    private string CellArgument(string buffer) => _m.HasCellState ? ", " + buffer : "";

    public void Emit(IndentedWriter w)
    {
        if (!_m.HasStep)
        {
            w.Comment(_m.IsEncoderDecoder
                ? "no Step/ResetState: an encoder-decoder reads its whole input before it writes"
                : _m.HasAttentionLayers ? "no Step/ResetState: an attention layer reads the whole sequence at once"
                : "no Step/ResetState: a bidirectional layer needs the whole sequence");
            w.Line();
            return;
        }
        w.Summary("Advances one time step with input <paramref name=\"x\"/> ([InputSize]) and writes the head output ([OutputSize]) to <paramref name=\"y\"/>; the state stays in the model.");
        using (w.Block($"public void Step({Names.ReadOnlySpan}<{_t}> x, {Names.Span}<{_t}> y)"))
        {
            w.Line($"{Names.Guard}.Length(x.Length, InputSize, nameof(x), \"[InputSize]\");");
            w.Line($"{Names.Guard}.Length(y.Length, OutputSize, nameof(y), \"[OutputSize]\");");
            using (w.Block("if (ValidateInputs)"))
            {
                w.Line($"{Names.Guard}.Finite<{_t}>(x, nameof(x));");
            }
            if (_m.HasSixteenBitWeights)
            {
                using (w.Block("if (_halfWeightsStale)"))
                {
                    w.Line("RefreshHalfWeights();");
                }
            }
            w.Line($"StepLayers(x, _streamHidden{CellArgument("_streamCell")}, y);");
        }
        w.Line();
        HalfWeightsEmitter.EmitRefresh(w, _m);
        w.Summary("Restarts streaming from InitialHidden (and InitialCell): call it after changing them, and between independent streams.");
        using (w.Block("public void ResetState()"))
        {
            w.Line("_initialHidden.AsSpan().CopyTo(_streamHidden);");
            if (_m.HasCellState)
            {
                w.Line("_initialCell.AsSpan().CopyTo(_streamCell);");
            }
            foreach (LayerDescriptor layer in _m.Layers)
            {
                if (layer.Kind == LayerKind.TemporalConv)
                {
                    w.Line($"{new Convolution.TemporalConvEmitter(_m, layer).ResetMethod}();");
                }
            }
        }
        w.Line();
        EmitStepLayers(w);
        foreach (LayerDescriptor layer in _m.Layers)
        {
            if (layer.Kind == LayerKind.TemporalConv)
            {
                continue; // emitted with the layer's other members
            }
            new LayerEmitter(_m, layer, 0).EmitStep(w);
            w.Line();
        }
    }

    /// <summary>What a layer's step leaves for the layer above: its slice of the state, or a convolution layer's stream output.</summary>
    private string StepOutput(LayerDescriptor layer) => layer.Kind == LayerKind.TemporalConv
        ? new Convolution.TemporalConvEmitter(_m, layer).StreamOutput
        : $"state.Slice({layer.StateOffset}, {layer.StateWidth})";

    /// <summary>One step through every layer and the head, advancing the given state vectors in place.</summary>
    private void EmitStepLayers(IndentedWriter w)
    {
        string cellParameter = _m.HasCellState ? $", {Names.Span}<{_t}> cellState" : "";
        w.Summary("One step of every layer, lowest first, then the head; <paramref name=\"state\"/> (and the cell state) advance in place.");
        using (w.Block($"private void StepLayers({Names.ReadOnlySpan}<{_t}> x, {Names.Span}<{_t}> state{cellParameter}, {Names.Span}<{_t}> y)"))
        {
            foreach (LayerDescriptor layer in _m.Layers)
            {
                string source = layer.Index == 0 ? "x" : StepOutput(_m.Layers[layer.Index - 1]);
                w.Comment(layer.Index == 0 ? "layer 0 reads x" : $"layer {layer.Index} reads layer {layer.Index - 1}'s new state");
                w.Line(layer.Kind == LayerKind.TemporalConv
                    ? $"{new Convolution.TemporalConvEmitter(_m, layer).StepMethod}({source});"
                    : $"{new LayerEmitter(_m, layer, 0).StepMethod}({source}, state{CellArgument("cellState")});");
            }
            w.Comment("head on the last layer's new state");
            HeadEmitter.EmitOneStep(w, _m, StepOutput(_m.TopLayer), "y");
        }
        w.Line();
    }
}
