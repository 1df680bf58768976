using SeqGen.Generator.Emit.Cells;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>
/// Emits, for one layer and direction, the loop over a chunk's steps (forward with caches,
/// backward through time), the single streaming step, and the inference loop without caches that
/// <see cref="SteppedForwardEmitter"/> calls; the cell's own statements come from its
/// <see cref="CellEmitter"/>. Every size and offset is a constant of the model.
/// </summary>
internal sealed class LayerEmitter
{
    private readonly ModelDescriptor _model;
    private readonly LayerDescriptor _layer;
    private readonly int _direction;
    private readonly CellEmitter _cell;
    private readonly string _t;

    public LayerEmitter(ModelDescriptor model, LayerDescriptor layer, int direction)
    {
        _model = model;
        _layer = layer;
        _direction = direction;
        _t = model.ElementType;
        _cell = CellEmitter.For(layer, _t);
        _hiddenSlots = LayerStateSlots.For(model, layer, direction, cell: false);
        _cellSlots = layer.HasCellState ? LayerStateSlots.For(model, layer, direction, cell: true) : null;
    }

    private readonly LayerStateSlots _hiddenSlots;
    private readonly LayerStateSlots? _cellSlots;

    private int H => _layer.HiddenSize;

    /// <summary>Width of h: the projection's for a projected LSTM, else H.</summary>
    private int S => _layer.StateWidth;

    private int In => _layer.InputWidth;

    private int GateWidth => _layer.GateWidth;

    private string Name => BufferNames.LayerDirection(_layer, _direction);

    private string DirectionText => _direction == 0 ? "forward direction" : "reverse direction";

    private string Title => _layer.IsDecoder
        ? $"The decoder ({_layer.CellName}, {In} -> {H})"
        : $"Layer {_layer.Index} ({_layer.CellName}, {In} -> {H}), {DirectionText}";

    private int StateOffset => Names.StateOffset(_layer, _direction);

    private int CellStateOffset => Names.CellStateOffset(_layer, _direction);

    private DirectionWeights Weights => _layer.Weights[_direction];

    public string ForwardMethod => "Forward" + Name;

    public string BackwardMethod => "Backward" + Name;

    public string StepMethod => "Step" + Name;

    public string InferMethod => "Infer" + Name;

    public void EmitForward(IndentedWriter w)
    {
        w.Summary($"{Title}: runs <paramref name=\"length\"/> steps from the carried state, caching what the backward pass needs.");
        using (w.Block($"private void {ForwardMethod}({Names.ReadOnlySpan}<{_t}> input, int length)"))
        {
            EmitWeights(w);
            w.Line($"{Names.Span}<{_t}> hidden = {BufferNames.HiddenHistory(_layer, _direction)};");
            if (_layer.HasCellState)
            {
                w.Line($"{Names.Span}<{_t}> cell = {BufferNames.CellHistory(_layer, _direction)};");
            }
            w.Line($"{Names.Span}<{_t}> gateCache = {BufferNames.GateCache(_layer, _direction)};");
            if (_layer.CachesRecurrentN)
            {
                w.Line($"{Names.Span}<{_t}> recurrentNCache = {BufferNames.RecurrentNCache(_layer, _direction)};");
            }
            if (_layer.IsProjected)
            {
                w.Line($"{Names.Span}<{_t}> projectedCache = {BufferNames.ProjectedCache(_layer, _direction)};");
            }
            _cell.EmitCacheDeclaration(w, BufferNames.LayerNormCache(_layer, _direction), Names.Span);
            w.Line($"{Names.Span}<{_t}> output = {BufferNames.LayerOutput(_layer)};");
            _cell.EmitForwardScratch(w);
            w.Comment(_layer.IsDecoder ? "the decoder starts from the encoder's final state" : "the chunk starts from the carried state");
            w.Line($"{_hiddenSlots.Start}.CopyTo(hidden);");
            if (_cellSlots is not null)
            {
                w.Line($"{_cellSlots.Start}.CopyTo(cell);");
            }
            using (w.Block("for (int s = 0; s < length; s++)"))
            {
                EmitTimeIndex(w);
                w.Line($"{Names.ReadOnlySpan}<{_t}> x = input.Slice(t * {In}, {In});");
                w.Line($"{Names.ReadOnlySpan}<{_t}> hPrev = hidden.Slice(s * {S}, {S});");
                w.Line($"{Names.Span}<{_t}> h = hidden.Slice((s + 1) * {S}, {S});");
                if (_layer.HasCellState)
                {
                    w.Line($"{Names.ReadOnlySpan}<{_t}> cPrev = cell.Slice(s * {H}, {H});");
                    w.Line($"{Names.Span}<{_t}> c = cell.Slice((s + 1) * {H}, {H});");
                }
                w.Line($"{Names.Span}<{_t}> gates = gateCache.Slice(s * {GateWidth}, {GateWidth});");
                if (_layer.CachesRecurrentN)
                {
                    w.Line($"{Names.Span}<{_t}> recurrentN = recurrentNCache.Slice(s * {H}, {H});");
                }
                if (_layer.IsProjected)
                {
                    w.Line($"{Names.Span}<{_t}> projected = projectedCache.Slice(s * {H}, {H});");
                }
                _cell.EmitCacheSlice(w, Names.Span);
                _cell.EmitForwardStep(w);
                w.Comment($"this direction's part of the layer output at step t");
                w.Line($"h.CopyTo(output.Slice(t * {_layer.ConcatWidth} + {_direction * S}, {S}));");
            }
            if (_hiddenSlots.End is not null)
            {
                w.Comment("the state after the chunk");
                w.Line($"hidden.Slice(length * {S}, {S}).CopyTo({_hiddenSlots.End});");
            }
            if (_cellSlots?.End is not null)
            {
                w.Line($"cell.Slice(length * {H}, {H}).CopyTo({_cellSlots.End});");
            }
        }
    }

    public void EmitBackward(IndentedWriter w)
    {
        w.Summary($"{Title}: backpropagation through the chunk's steps, last to first; adds parameter gradients and the gradient on its input.");
        string inputGradient = _layer.IsDecoder ? "" : $" {Names.Span}<{_t}> inputGradient,";
        using (w.Block($"private void {BackwardMethod}({Names.ReadOnlySpan}<{_t}> input,{inputGradient} int length, bool firstChunk)"))
        {
            EmitWeights(w, biases: false);
            EmitGradientSpans(w);
            w.Line($"{Names.ReadOnlySpan}<{_t}> hidden = {BufferNames.HiddenHistory(_layer, _direction)};");
            if (_layer.HasCellState)
            {
                w.Line($"{Names.ReadOnlySpan}<{_t}> cell = {BufferNames.CellHistory(_layer, _direction)};");
            }
            w.Line(_cell.DefersWeightGradients
                ? $"{Names.Span}<{_t}> gateCache = {BufferNames.GateCache(_layer, _direction)}; // step s's gates, then its gate gradient"
                : $"{Names.ReadOnlySpan}<{_t}> gateCache = {BufferNames.GateCache(_layer, _direction)};");
            if (_layer.CachesRecurrentN)
            {
                w.Line(_cell.DefersWeightGradients
                    ? $"{Names.Span}<{_t}> recurrentNCache = {BufferNames.RecurrentNCache(_layer, _direction)}; // step s's W_hn h + b_hn, then the gradient on it"
                    : $"{Names.ReadOnlySpan}<{_t}> recurrentNCache = {BufferNames.RecurrentNCache(_layer, _direction)};");
            }
            _cell.EmitCacheDeclaration(w, BufferNames.LayerNormCache(_layer, _direction), Names.ReadOnlySpan);
            w.Line($"{Names.ReadOnlySpan}<{_t}> outputGradient = {BufferNames.LayerOutputGradient(_layer)};");
            if (_layer.IsProjected)
            {
                w.Line($"{Names.ReadOnlySpan}<{_t}> projectedCache = {BufferNames.ProjectedCache(_layer, _direction)};");
                w.Line($"{Names.Span}<{_t}> dProjected = _scratchProjectedGradient.AsSpan(0, {H});");
            }
            w.Line($"{Names.Span}<{_t}> dh = _scratchHiddenGradient.AsSpan(0, {S});");
            if (!_cell.DefersWeightGradients)
            {
                w.Line($"{Names.Span}<{_t}> dPre = _scratchGateGradient.AsSpan(0, {GateWidth});");
            }
            if (_layer.HasCellState)
            {
                w.Line($"{Names.Span}<{_t}> dc = _scratchCellGradient.AsSpan(0, {H});");
            }
            _cell.EmitBackwardScratch(w);
            if (_hiddenSlots.EndGradient is null)
            {
                w.Comment("nothing flows back from beyond the chunk's last step");
                w.Line("dh.Clear();");
                if (_cellSlots is not null)
                {
                    w.Line("dc.Clear();");
                }
            }
            else
            {
                w.Comment("the final state started the decoder: its gradient flows back from there");
                w.Line($"{_hiddenSlots.EndGradient}.CopyTo(dh);");
                if (_cellSlots?.EndGradient is not null)
                {
                    w.Line($"{_cellSlots.EndGradient}.CopyTo(dc);");
                }
            }
            using (w.Block("for (int s = length - 1; s >= 0; s--)"))
            {
                EmitTimeIndex(w);
                w.Line($"{Names.ReadOnlySpan}<{_t}> x = input.Slice(t * {In}, {In});");
                if (!_layer.IsDecoder)
                {
                    w.Line($"{Names.Span}<{_t}> dx = inputGradient.Slice(t * {In}, {In});");
                }
                w.Line($"{Names.ReadOnlySpan}<{_t}> hPrev = hidden.Slice(s * {S}, {S});");
                if (_layer.Cell == CellKind.Rnn)
                {
                    w.Line($"{Names.ReadOnlySpan}<{_t}> h = hidden.Slice((s + 1) * {S}, {S});");
                }
                if (_layer.HasCellState)
                {
                    w.Line($"{Names.ReadOnlySpan}<{_t}> cPrev = cell.Slice(s * {H}, {H});");
                    w.Line($"{Names.ReadOnlySpan}<{_t}> c = cell.Slice((s + 1) * {H}, {H});");
                }
                w.Line($"{Names.ReadOnlySpan}<{_t}> gates = gateCache.Slice(s * {GateWidth}, {GateWidth});");
                if (_cell.DefersWeightGradients)
                {
                    // the cell kernels read each unit's gates before writing its gradients, so dPre can take the
                    // slot in place; the chunk's weight gradients read it after the loop
                    w.Line($"{Names.Span}<{_t}> dPre = gateCache.Slice(s * {GateWidth}, {GateWidth}); // written over this step's gates");
                }
                if (_layer.CachesRecurrentN)
                {
                    w.Line($"{Names.ReadOnlySpan}<{_t}> recurrentN = recurrentNCache.Slice(s * {H}, {H});");
                }
                if (_layer.IsProjected)
                {
                    w.Line($"{Names.ReadOnlySpan}<{_t}> projected = projectedCache.Slice(s * {H}, {H});");
                }
                _cell.EmitCacheSlice(w, Names.ReadOnlySpan);
                w.Comment("total gradient on h_t: from the layer above (or the head) plus what step t+1 carried back");
                w.Line($"{Names.Kernels}.AddInPlace<{_t}>(dh, outputGradient.Slice(t * {_layer.ConcatWidth} + {_direction * S}, {S}));");
                _cell.EmitBackwardStep(w);
            }
            if (_cell.DefersWeightGradients)
            {
                _cell.EmitChunkWeightGradients(w, reverse: _direction == 1);
            }
            w.Comment("what is left is the gradient on the state the sequence started from");
            using (w.Block("if (firstChunk)"))
            {
                w.Line($"dh.CopyTo({_hiddenSlots.StartGradient});");
                if (_cellSlots is not null)
                {
                    w.Line($"dc.CopyTo({_cellSlots.StartGradient});");
                }
            }
        }
    }

    public void EmitStep(IndentedWriter w)
    {
        w.Summary($"{Title}: one step, advancing its slice of <paramref name=\"state\"/> in place.");
        string cellParameter = StepHasCellState(_model, _layer) ? $", {Names.Span}<{_t}> cellState" : "";
        using (w.Block($"private void {StepMethod}({Names.ReadOnlySpan}<{_t}> x, {Names.Span}<{_t}> state{cellParameter})"))
        {
            bool half = HalfWeightsEmitter.Uses(_model, _layer);
            EmitWeights(w, halfSlot: half ? HalfWeightsEmitter.Layout(_model).Slots[_layer.Index] : null);
            w.Line($"{Names.Span}<{_t}> h = state.Slice({StateOffset}, {S});");
            w.Line($"{Names.ReadOnlySpan}<{_t}> hPrev = h;");
            if (_layer.HasCellState)
            {
                w.Line($"{Names.Span}<{_t}> c = cellState.Slice({CellStateOffset}, {H});");
                w.Line($"{Names.ReadOnlySpan}<{_t}> cPrev = c;");
            }
            CellEmitter cell = half ? CellEmitter.For(_layer, _t, halfWeights: HalfWeightsEmitter.Kernels(_model), gateBlocks: _model.UsesGateBlocks(_layer)) : _cell;
            EmitStepScratch(w, cell);
            w.Comment("the new state overwrites the old in place; each kernel reads an element before writing it");
            cell.EmitForwardStep(w);
        }
    }

    /// <summary>
    /// Inference over a chunk (<see cref="SteppedForwardEmitter"/>): Step's in-place kernel on the
    /// final-state slot, with the weight spans made once, not once per step; no caches. Writes the
    /// layer's output sequence when the layer above or a per-step head reads it. A cell with a
    /// whole-sequence kernel runs the chunk in one call; the others loop over Step's kernel.
    /// </summary>
    public void EmitInfer(IndentedWriter w, bool writesOutput)
    {
        w.Summary($"{Title}: runs <paramref name=\"length\"/> steps from the carried state in place, caching nothing (inference).");
        using (w.Block($"private void {InferMethod}({Names.ReadOnlySpan}<{_t}> input, int length)"))
        {
            EmitWeights(w);
            w.Comment("the state advances in place in its final slot, from the carried state");
            w.Line($"{Names.Span}<{_t}> h = {_hiddenSlots.End};");
            w.Line($"{_hiddenSlots.Start}.CopyTo(h);");
            if (_cellSlots is not null)
            {
                w.Line($"{Names.Span}<{_t}> c = {_cellSlots.End};");
                w.Line($"{_cellSlots.Start}.CopyTo(c);");
            }
            EmitStepScratch(w, _cell);
            if (writesOutput)
            {
                w.Line($"{Names.Span}<{_t}> output = {BufferNames.LayerOutput(_layer)};");
            }
            if (_cell.EmitForwardSequence(w, writesOutput ? "output" : "default"))
            {
                return;
            }
            w.Line($"{Names.ReadOnlySpan}<{_t}> hPrev = h;");
            if (_cellSlots is not null)
            {
                w.Line($"{Names.ReadOnlySpan}<{_t}> cPrev = c;");
            }
            using (w.Block("for (int t = 0; t < length; t++)"))
            {
                w.Line($"{Names.ReadOnlySpan}<{_t}> x = input.Slice(t * {In}, {In});");
                w.Comment("the new state overwrites the old in place; each kernel reads an element before writing it");
                _cell.EmitForwardStep(w);
                if (writesOutput)
                {
                    w.Line($"h.CopyTo(output.Slice(t * {S}, {S}));");
                }
            }
        }
    }

    /// <summary>The scratch a step without caches works in: the gates, GRU's recurrent n, the projection input, the cell's own.</summary>
    private void EmitStepScratch(IndentedWriter w, CellEmitter cell)
    {
        w.Line($"{Names.Span}<{_t}> gates = _scratchGates.AsSpan(0, {GateWidth});");
        if (cell.GateBlocks)
        {
            return; // one BFloat16GateBlocks call, with the gates span as its only scratch
        }
        if (_layer.CachesRecurrentN)
        {
            w.Line($"{Names.Span}<{_t}> recurrentN = _scratchRecurrentN.AsSpan(0, {H});");
        }
        if (_layer.IsProjected)
        {
            w.Line($"{Names.Span}<{_t}> projected = _scratchProjected.AsSpan(0, {H});");
        }
        cell.EmitForwardScratch(w);
        cell.EmitStepCache(w);
    }

    /// <summary>
    /// Whether a layer's step method takes a cell-state span: in a stack, when any layer has one
    /// (so every step call looks alike); the decoder, when it is an LSTM.
    /// </summary>
    public static bool StepHasCellState(ModelDescriptor model, LayerDescriptor layer) =>
        layer.IsDecoder ? layer.HasCellState : model.HasCellState;

    private void EmitTimeIndex(IndentedWriter w)
    {
        w.Line(_direction == 0
            ? "int t = s;"
            : "int t = length - 1 - s; // the reverse direction walks from the last step to the first");
    }

    private void EmitWeights(IndentedWriter w, bool biases = true, HalfWeightsEmitter.Slot? halfSlot = null)
    {
        // the spans read from _parameters: (name, offset, length)
        var spans = new System.Collections.Generic.List<(string Name, int Offset, int Length)>();
        if (halfSlot is { } slot)
        {
            string element = HalfWeightsEmitter.ElementType(_model);
            w.Comment(_model.WeightStorage == WeightStorageKind.BFloat16 ? "WeightStorage.BFloat16: W_ih and W_hh from the bfloat16 copy" : "WeightStorage.Half: W_ih and W_hh from the half-precision copy");
            w.Line($"{Names.ReadOnlySpan}<{element}> weightIh = _halfWeights.AsSpan({slot.WeightIh}, {GateWidth * In});");
            w.Line($"{Names.ReadOnlySpan}<{element}> weightHh = _halfWeights.AsSpan({slot.WeightHh}, {GateWidth * S});");
        }
        else
        {
            spans.Add(("weightIh", Weights.WeightIh, GateWidth * In));
            spans.Add(("weightHh", Weights.WeightHh, GateWidth * S));
        }
        if (_layer.IsProjected)
        {
            spans.Add(("weightHr", Weights.WeightHr, S * H));
        }
        if (_layer.Peephole)
        {
            spans.Add(("peephole", Weights.Peephole, 3 * H));
        }
        bool emitBiases = biases && !_layer.LayerNorm;
        if (emitBiases)
        {
            spans.Add(("biasIh", Weights.BiasIh, GateWidth));
            if (!_layer.SingleBias)
            {
                spans.Add(("biasHh", Weights.BiasHh, GateWidth));
            }
        }
        // one span over the layer's weights and biases (a layer-normalized cell's own parameters take one each)
        ParameterSlices.Emit(w, _t, "layerParameters", spans);
        _cell.EmitParameterSpans(w, Weights);
        if (emitBiases && _layer.SingleBias)
        {
            w.Line($"{Names.ReadOnlySpan}<{_t}> biasHh = _zeroBias.AsSpan(0, {GateWidth}); // single bias: b_hh is zero");
        }
    }

    private void EmitGradientSpans(IndentedWriter w)
    {
        w.Line($"{Names.Span}<{_t}> gradWeightIh = _gradients.AsSpan({Weights.WeightIh}, {GateWidth * In});");
        w.Line($"{Names.Span}<{_t}> gradWeightHh = _gradients.AsSpan({Weights.WeightHh}, {GateWidth * S});");
        _cell.EmitGradientSpans(w, Weights);
        if (_layer.LayerNorm)
        {
            return;
        }
        w.Line($"{Names.Span}<{_t}> gradBiasIh = _gradients.AsSpan({Weights.BiasIh}, {GateWidth});");
        if (_layer.IsProjected)
        {
            w.Line($"{Names.Span}<{_t}> gradWeightHr = _gradients.AsSpan({Weights.WeightHr}, {S * H});");
        }
        if (_layer.Peephole)
        {
            w.Line($"{Names.Span}<{_t}> gradPeephole = _gradients.AsSpan({Weights.Peephole}, {3 * H});");
        }
        w.Line(_layer.SingleBias
            ? $"{Names.Span}<{_t}> gradBiasHh = _discardedBiasGradient.AsSpan(0, {GateWidth}); // single bias: no b_hh to train"
            : $"{Names.Span}<{_t}> gradBiasHh = _gradients.AsSpan({Weights.BiasHh}, {GateWidth});");
    }
}
