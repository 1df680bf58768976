using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>
/// <c>Forward</c> and <c>ComputeGradients</c> overloads with a <c>length</c>: a sequence of that many
/// real steps in a padded buffer, run exactly as if unpadded (as PyTorch's packed sequences): a
/// ManyToOne input is padded at the front (the real steps end at the last step), a ManyToMany input
/// and its targets at the back. Padded steps are skipped, not fed as zeros: the reverse direction
/// starts at the last real step, padded outputs are zero and out of the loss, and the input gradient
/// of padded steps is zero. For ManyToOne and ManyToMany models without truncated BPTT.
/// </summary>
internal sealed class PaddedSequenceEmitter
{
    private readonly ModelDescriptor _m;
    private readonly string _t;

    public PaddedSequenceEmitter(ModelDescriptor model)
    {
        _m = model;
        _t = model.ElementType;
    }

    public static bool Applies(ModelDescriptor m) =>
        m.Topology is TopologyKind.ManyToOne or TopologyKind.ManyToMany && m.TruncatedBptt == 0;

    private bool FrontPadded => _m.Topology == TopologyKind.ManyToOne;

    public void Emit(IndentedWriter w)
    {
        if (!Applies(_m))
        {
            return;
        }
        string padding = FrontPadded ? "padded at the front (the real steps are the last <paramref name=\"length\"/>)" : "padded at the back (the real steps are the first <paramref name=\"length\"/>, and so are the outputs)";
        w.Summary($"Forward over a sequence of <paramref name=\"length\"/> real steps {padding}, exactly as the unpadded sequence.");
        using (w.Block($"public void Forward({Names.ReadOnlySpan}<{_t}> input, {Names.Span}<{_t}> output, int length)"))
        {
            w.Line("CheckInput(input);");
            w.Line($"{Names.Guard}.Length(output.Length, OutputLength, nameof(output), \"[OutputSteps][OutputSize]\");");
            w.Line($"{Names.Guard}.SequenceLength(length, Steps, nameof(length));");
            w.Line("BeginSequence();");
            w.Line("_outputs.AsSpan().Clear();");
            w.Line(_m.ForwardSteps ? "ForwardSteps(RealSteps(input, length), length);" : "ForwardChunk(RealSteps(input, length), 0, length);");
            w.Line("_outputs.CopyTo(output);");
        }
        w.Line();
        bool ce = _m.Loss == LossFunction.CrossEntropy;
        string targets = ce ? $"{Names.ReadOnlySpan}<int>" : $"{Names.ReadOnlySpan}<{_t}>";
        w.Summary($"ComputeGradients over a sequence of <paramref name=\"length\"/> real steps {padding}; " +
            (FrontPadded ? "the target is the output's, as usual." : "targets of padded steps are ignored (but must be valid)."));
        using (w.Block($"public {_t} ComputeGradients({Names.ReadOnlySpan}<{_t}> input, {targets} targets, int length)"))
        {
            w.Line("CheckInput(input);");
            w.Line("CheckTargets(targets);");
            w.Line($"{Names.Guard}.SequenceLength(length, Steps, nameof(length));");
            w.Line("BeginSequence();");
            w.Comment("padded steps have no output, no loss and no input gradient");
            w.Line("_outputs.AsSpan().Clear();");
            w.Line("_outputGradient.AsSpan().Clear();");
            w.Line("_inputGradient.AsSpan().Clear();");
            w.Line($"{Names.ReadOnlySpan}<{_t}> real = RealSteps(input, length);");
            w.Line("ForwardChunk(real, 0, length);");
            w.Line($"{_t} loss = ChunkLoss(targets, 0, length);");
            w.Line("_chunkLosses[0] = loss;");
            w.Line(FrontPadded
                ? "BackwardChunk(real, _inputGradient.AsSpan((Steps - length) * InputSize, length * InputSize), 0, length);"
                : "BackwardChunk(real, _inputGradient.AsSpan(0, length * InputSize), 0, length);");
            w.Line("return loss;");
        }
        w.Line();
        w.Summary("The real steps of a padded input.");
        w.Line(FrontPadded
            ? $"private static {Names.ReadOnlySpan}<{_t}> RealSteps({Names.ReadOnlySpan}<{_t}> input, int length) => input.Slice((Steps - length) * InputSize, length * InputSize);"
            : $"private static {Names.ReadOnlySpan}<{_t}> RealSteps({Names.ReadOnlySpan}<{_t}> input, int length) => input.Slice(0, length * InputSize);");
        w.Line();
    }
}
