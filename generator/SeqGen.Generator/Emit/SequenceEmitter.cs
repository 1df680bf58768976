using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>
/// The whole-sequence API: <c>Forward</c>, <c>ComputeGradients</c> (BPTT, in chunks when
/// truncated), and the chunk passes that run every layer and direction in order.
/// </summary>
internal sealed class SequenceEmitter
{
    private readonly ModelDescriptor _m;
    private readonly string _t;

    public SequenceEmitter(ModelDescriptor model)
    {
        _m = model;
        _t = model.ElementType;
    }

    private string InputLayout => _m.Topology == TopologyKind.OneToMany ? "[InputSize], the input at step 0" : "[Steps][InputSize]";

    public void Emit(IndentedWriter w)
    {
        EmitForward(w);
        EmitComputeGradients(w);
        new PaddedSequenceEmitter(_m).Emit(w);
        EmitHelpers(w);
        EmitForwardChunk(w);
        new SteppedForwardEmitter(_m).Emit(w);
        EmitBackwardChunk(w);
    }

    private void EmitForward(IndentedWriter w)
    {
        w.Summary("Runs the model over <paramref name=\"input\"/> (" + InputLayout + ") from InitialHidden and writes the head outputs ([OutputSteps][OutputSize]) to <paramref name=\"output\"/>.");
        using (w.Block($"public void Forward({Names.ReadOnlySpan}<{_t}> input, {Names.Span}<{_t}> output)"))
        {
            w.Line("CheckInput(input);");
            w.Line($"{Names.Guard}.Length(output.Length, OutputLength, nameof(output), \"[OutputSteps][OutputSize]\");");
            w.Line("BeginSequence();");
            if (_m.IsAutoregressive)
            {
                w.Comment(_m.IsEncoderDecoder
                    ? "encode, then decode greedily: each step is fed the one-hot of the previous step's argmax"
                    : "decode greedily from the input: each later step is fed the previous step's choice");
                w.Line(_m.IsEncoderDecoder ? "ForwardLayers(input, Steps);" : "SequenceOf(input);");
                w.Line(_m.Loss == LossFunction.CrossEntropy ? "Decode(null, default, default);" : "Decode();");
            }
            else
            {
                w.Line(_m.ForwardSteps ? "ForwardSteps(SequenceOf(input), Steps);" : "ForwardChunk(SequenceOf(input), 0, Steps);");
            }
            w.Line("_outputs.CopyTo(output);");
        }
        w.Line();
    }

    private void EmitComputeGradients(IndentedWriter w)
    {
        bool ce = _m.Loss == LossFunction.CrossEntropy;
        string targets = ce ? $"{Names.ReadOnlySpan}<int>" : $"{Names.ReadOnlySpan}<{_t}>";
        w.Summary(ce
            ? "Forward and backward through time for class ids <paramref name=\"targets\"/> ([OutputSteps]); adds into Gradients and returns the summed cross-entropy loss."
            : "Forward and backward through time for <paramref name=\"targets\"/> ([OutputSteps][OutputSize]); adds into Gradients and returns the summed mean-squared-error loss.");
        using (w.Block($"public {_t} ComputeGradients({Names.ReadOnlySpan}<{_t}> input, {targets} targets)"))
        {
            w.Line("CheckInput(input);");
            w.Line("CheckTargets(targets);");
            w.Line($"{Names.ReadOnlySpan}<{_t}> sequence = SequenceOf(input);");
            if (_m.IsAutoregressive)
            {
                w.Line("TeacherForce(targets);");
            }
            w.Line("BeginSequence();");
            w.Line($"{_t} loss = 0;");
            w.Line("int chunk = 0;");
            w.Comment(_m.TruncatedBptt > 0
                ? $"truncated BPTT: chunks of {_m.TruncatedBptt} steps, each run forward then backward"
                : "one chunk: the gradient flows through the whole sequence");
            using (w.Block("for (int start = 0; start < Steps; start += ChunkLength, chunk++)"))
            {
                w.Line("int length = global::System.Math.Min(ChunkLength, Steps - start);");
                w.Line($"{Names.ReadOnlySpan}<{_t}> chunkInput = sequence.Slice(start * InputSize, length * InputSize);");
                w.Line("ForwardChunk(chunkInput, start, length);");
                w.Line($"{_t} chunkLoss = ChunkLoss(targets, start, length);");
                w.Line("_chunkLosses[chunk] = chunkLoss;");
                w.Line("loss += chunkLoss;");
                w.Line("BackwardChunk(chunkInput, _inputGradient.AsSpan(start * InputSize, length * InputSize), start, length);");
                w.Comment("the next chunk starts where this one ended; no gradient crosses the boundary");
                w.Line("_finalHidden.AsSpan().CopyTo(_carryHidden);");
                if (_m.HasCellState)
                {
                    w.Line("_finalCell.AsSpan().CopyTo(_carryCell);");
                }
            }
            w.Line("return loss;");
        }
        w.Line();
    }

    private void EmitHelpers(IndentedWriter w)
    {
        bool ce = _m.Loss == LossFunction.CrossEntropy;
        using (w.Block($"private void CheckTargets({(ce ? $"{Names.ReadOnlySpan}<int>" : $"{Names.ReadOnlySpan}<{_t}>")} targets)"))
        {
            if (ce)
            {
                w.Line($"{Names.Guard}.Length(targets.Length, OutputSteps, nameof(targets), \"[OutputSteps] class ids\");");
                w.Line($"{Names.Guard}.ClassIds(targets, OutputSize, nameof(targets));");
            }
            else
            {
                w.Line($"{Names.Guard}.Length(targets.Length, OutputLength, nameof(targets), \"[OutputSteps][OutputSize]\");");
                using (w.Block("if (ValidateInputs)"))
                {
                    w.Line($"{Names.Guard}.Finite<{_t}>(targets, nameof(targets));");
                }
            }
        }
        w.Line();
        using (w.Block($"private void CheckInput({Names.ReadOnlySpan}<{_t}> input)"))
        {
            w.Line($"{Names.Guard}.Length(input.Length, InputLength, nameof(input), \"{InputLayout}\");");
            using (w.Block("if (ValidateInputs)"))
            {
                w.Line($"{Names.Guard}.Finite<{_t}>(input, nameof(input));");
            }
        }
        w.Line();
        if (_m.Topology == TopologyKind.OneToMany)
        {
            w.Comment("a one-to-many model sees its input at step 0 and zeros after (the tail of _paddedInput is never written)");
            using (w.Block($"private {Names.ReadOnlySpan}<{_t}> SequenceOf({Names.ReadOnlySpan}<{_t}> input)"))
            {
                w.Line("input.CopyTo(_paddedInput);");
                w.Line("return _paddedInput;");
            }
        }
        else
        {
            w.Line($"private static {Names.ReadOnlySpan}<{_t}> SequenceOf({Names.ReadOnlySpan}<{_t}> input) => input;");
        }
        w.Line();
        using (w.Block("private void BeginSequence()"))
        {
            w.Line("_initialHidden.AsSpan().CopyTo(_carryHidden);");
            if (_m.HasCellState)
            {
                w.Line("_initialCell.AsSpan().CopyTo(_carryCell);");
            }
        }
        w.Line();
    }

    private void EmitForwardChunk(IndentedWriter w)
    {
        w.Summary(_m.IsEncoderDecoder ? "The encoder over the input, then the teacher-forced decoder." : "Every layer over the chunk, then the head.");
        using (w.Block($"private void ForwardChunk({Names.ReadOnlySpan}<{_t}> input, int start, int length)"))
        {
            w.Line("ForwardLayers(input, length);");
            w.Line("ForwardHead(start, length);");
        }
        w.Line();
        w.Summary("Every layer over the chunk, lowest first (a layer needs its input's whole sequence for the reverse direction).");
        using (w.Block($"private void ForwardLayers({Names.ReadOnlySpan}<{_t}> input, int length)"))
        {
            foreach (LayerDescriptor layer in _m.Layers)
            {
                string source = layer.Index == 0 ? "input" : $"{BufferNames.LayerResult(_m.Layers[layer.Index - 1])}.AsSpan(0, length * {layer.InputWidth})";
                w.Comment(layer.Index == 0 ? $"layer 0 reads the input" : $"layer {layer.Index} reads layer {layer.Index - 1}'s output sequence");
                if (layer.Kind == LayerKind.TemporalConv)
                {
                    w.Line($"{new Convolution.TemporalConvEmitter(_m, layer).ForwardMethod}({source}, length);");
                    continue;
                }
                for (int d = 0; d < layer.Directions; d++)
                {
                    w.Line($"{(layer.IsRecurrent ? new LayerEmitter(_m, layer, d).ForwardMethod : new SelfAttention.AttentionLayerEmitter(_m, layer).ForwardMethod)}({source}, length);");
                }
                if (layer.IsMerged)
                {
                    int s = layer.StateWidth;
                    w.Comment($"merge the directions ({(MergeName(layer.MergeMode))}) into what the layer above reads");
                    w.Line($"{Names.ReadOnlySpan}<{_t}> concat{layer.Index} = {BufferNames.LayerOutput(layer)};");
                    using (w.Block("for (int t = 0; t < length; t++)"))
                    {
                        w.Line($"{Names.Merge}.Forward<{_t}>(concat{layer.Index}.Slice(t * {2 * s}, {s}), concat{layer.Index}.Slice(t * {2 * s} + {s}, {s}), {BufferNames.LayerResult(layer)}.AsSpan(t * {s}, {s}), {layer.MergeMode});");
                    }
                }
            }
        }
        w.Line();
    }

    private static string MergeName(int mode) => mode switch { 1 => "sum", 2 => "average", _ => "product" };

    private void EmitBackwardChunk(IndentedWriter w)
    {
        w.Summary("Backward over the chunk: the head, then every layer from the top down, each adding into the gradient on its input.");
        using (w.Block($"private void BackwardChunk({Names.ReadOnlySpan}<{_t}> input, {Names.Span}<{_t}> inputGradient, int start, int length)"))
        {
            w.Line("BackwardHead(start, length);");
            for (int k = _m.Layers.Count - 1; k >= 0; k--)
            {
                LayerDescriptor layer = _m.Layers[k];
                string source = k == 0 ? "input" : $"{BufferNames.LayerResult(_m.Layers[k - 1])}.AsSpan(0, length * {layer.InputWidth})";
                string gradient = k == 0 ? "inputGradient" : $"{BufferNames.LayerResultGradient(_m.Layers[k - 1])}.AsSpan(0, length * {layer.InputWidth})";
                // a ManyToOne head on a merged top layer writes the per-direction gradient itself
                if (layer.IsMerged && !(k == _m.Layers.Count - 1 && _m.Topology == TopologyKind.ManyToOne))
                {
                    int s = layer.StateWidth;
                    w.Comment($"layer {k}: the gradient on its merged output, back to each direction's output");
                    w.Line($"{Names.Span}<{_t}> concatGradient{k} = {BufferNames.LayerOutputGradient(layer)}.AsSpan(0, length * {2 * s});");
                    w.Line($"{Names.ReadOnlySpan}<{_t}> concat{k} = {BufferNames.LayerOutput(layer)};");
                    w.Line($"concatGradient{k}.Clear();");
                    using (w.Block("for (int t = 0; t < length; t++)"))
                    {
                        w.Line($"{Names.Merge}.Backward<{_t}>(concat{k}.Slice(t * {2 * s}, {s}), concat{k}.Slice(t * {2 * s} + {s}, {s}), {BufferNames.LayerResultGradient(layer)}.AsSpan(t * {s}, {s}), concatGradient{k}.Slice(t * {2 * s}, {s}), concatGradient{k}.Slice(t * {2 * s} + {s}, {s}), {layer.MergeMode});");
                    }
                }
                w.Comment(layer.Directions == 2 ? $"layer {k}: both directions add into the gradient on its input" : $"layer {k}: adds into the gradient on its input");
                w.Line($"{gradient}.Clear();");
                if (layer.Kind == LayerKind.TemporalConv)
                {
                    w.Line($"{new Convolution.TemporalConvEmitter(_m, layer).BackwardMethod}({source}, {gradient}, length, start == 0);");
                    continue;
                }
                for (int d = 0; d < layer.Directions; d++)
                {
                    w.Line($"{(layer.IsRecurrent ? new LayerEmitter(_m, layer, d).BackwardMethod : new SelfAttention.AttentionLayerEmitter(_m, layer).BackwardMethod)}({source}, {gradient}, length, start == 0);");
                }
            }
        }
        w.Line();
    }
}
