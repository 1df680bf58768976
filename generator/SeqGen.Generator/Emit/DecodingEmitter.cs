using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit;

/// <summary>
/// Autoregressive models (EncoderDecoder, and OneToMany with FeedBack): teacher forcing for
/// training, and decoding one step at a time, each step fed the previous output's choice: its
/// argmax in Forward, a sample in Generate (cross-entropy), or the output itself (mean squared error).
/// </summary>
internal sealed class DecodingEmitter
{
    private readonly ModelDescriptor _m;
    private readonly string _t;

    public DecodingEmitter(ModelDescriptor model)
    {
        _m = model;
        _t = model.ElementType;
    }

    private bool CrossEntropy => _m.Loss == LossFunction.CrossEntropy;

    private int O => _m.OutputSize;

    /// <summary>The buffer that holds the inputs the teacher-forced pass reads, and the row the targets start at.</summary>
    private string TeacherForcedInput => _m.IsEncoderDecoder ? "_decoderInput" : "_paddedInput";

    /// <summary>The next-input buffer of step-by-step decoding.</summary>
    private string NextInput => _m.IsEncoderDecoder ? "_decoderStepInput" : "_feedBackInput";

    public void Emit(IndentedWriter w)
    {
        if (!_m.IsAutoregressive)
        {
            return;
        }
        EmitTeacherForce(w);
        EmitDecode(w);
        if (CrossEntropy)
        {
            EmitGenerate(w);
        }
    }

    private void EmitTeacherForce(IndentedWriter w)
    {
        string targets = CrossEntropy ? $"{Names.ReadOnlySpan}<int>" : $"{Names.ReadOnlySpan}<{_t}>";
        w.Summary(_m.IsEncoderDecoder
            ? "Teacher forcing: the decoder's input at step t is the previous target (zeros at step 0)."
            : "Teacher forcing: the input at step t > 0 is the previous target (step 0 keeps the given input).");
        using (w.Block($"private void TeacherForce({targets} targets)"))
        {
            if (_m.IsEncoderDecoder)
            {
                w.Line($"_decoderInput.AsSpan(0, {O}).Clear();");
            }
            using (w.Block("for (int t = 1; t < OutputSteps; t++)"))
            {
                w.Line($"{Names.Span}<{_t}> input = {TeacherForcedInput}.AsSpan(t * {O}, {O});");
                w.Line(CrossEntropy
                    ? $"{Names.Decoding}.OneHot<{_t}>(targets[t - 1], input);"
                    : $"targets.Slice((t - 1) * {O}, {O}).CopyTo(input);");
            }
        }
        w.Line();
    }

    private void EmitDecode(IndentedWriter w)
    {
        string tokens = CrossEntropy ? $", {Names.Span}<int> tokens" : "";
        string sampling = CrossEntropy ? $"global::System.Random? random, {_t} temperature" : "";
        w.Summary(CrossEntropy
            ? "Decodes step by step from the current state, feeding back each step's choice: the argmax, or a sample at <paramref name=\"temperature\"/> when <paramref name=\"random\"/> is given; writes the choices to <paramref name=\"tokens\"/> unless empty."
            : "Decodes step by step from the current state, feeding back each step's output.");
        using (w.Block($"private void Decode({sampling}{tokens})"))
        {
            if (_m.IsEncoderDecoder)
            {
                LayerDescriptor decoder = _m.Decoder!;
                w.Comment("the decoder starts from the encoder's final state and a zero input");
                w.Line($"_finalHidden.AsSpan({_m.TopLayer.StateOffset}, {decoder.HiddenSize}).CopyTo(_decoderHidden);");
                if (decoder.HasCellState)
                {
                    w.Line($"_finalCell.AsSpan({_m.TopLayer.CellStateOffset}, {decoder.HiddenSize}).CopyTo(_decoderCell);");
                }
                w.Line("_decoderStepInput.AsSpan().Clear();");
                w.Line("PrepareAttention();");
            }
            else
            {
                w.Comment("the state runs in FinalHidden, from InitialHidden; step 0 reads the given input (already in _paddedInput)");
                w.Line("_initialHidden.AsSpan().CopyTo(_finalHidden);");
                if (_m.HasCellState)
                {
                    w.Line("_initialCell.AsSpan().CopyTo(_finalCell);");
                }
            }
            using (w.Block("for (int t = 0; t < OutputSteps; t++)"))
            {
                w.Line($"{Names.Span}<{_t}> y = _outputs.AsSpan(t * {O}, {O});");
                if (_m.IsEncoderDecoder)
                {
                    string cell = _m.Decoder!.HasCellState ? ", _decoderCell" : "";
                    w.Line($"{new LayerEmitter(_m, _m.Decoder!, 0).StepMethod}(_decoderStepInput, _decoderHidden{cell});");
                    w.Line(_m.Attention is { Hard: true } ? "Attend(t, _decoderHidden, hard: true);" : "Attend(t, _decoderHidden);");
                }
                else
                {
                    string cell = _m.HasCellState ? ", _finalCell" : "";
                    w.Line($"{Names.ReadOnlySpan}<{_t}> x = t == 0 ? _paddedInput.AsSpan(0, {_m.InputSize}) : _feedBackInput;");
                    w.Line($"StepLayers(x, _finalHidden{cell}, y);");
                }
                if (CrossEntropy)
                {
                    w.Line($"int token = random is null ? {Names.Decoding}.ArgMax<{_t}>(y) : {Names.Decoding}.Sample<{_t}>(y, temperature, random);");
                    using (w.Block("if (!tokens.IsEmpty)"))
                    {
                        w.Line("tokens[t] = token;");
                    }
                    w.Line($"{Names.Decoding}.OneHot<{_t}>(token, {NextInput});");
                }
                else
                {
                    w.Line($"y.CopyTo({NextInput});");
                }
            }
        }
        w.Line();
    }

    private void EmitGenerate(IndentedWriter w)
    {
        w.Summary("Like Forward, but each step samples its class from softmax(y / <paramref name=\"temperature\"/>) with <paramref name=\"random\"/> and feeds that back; writes the sampled class ids ([OutputSteps]) to <paramref name=\"tokens\"/>, and the logits to Outputs.");
        using (w.Block($"public void Generate({Names.ReadOnlySpan}<{_t}> input, {Names.Span}<int> tokens, {_t} temperature, global::System.Random random)"))
        {
            w.Line("CheckInput(input);");
            w.Line($"{Names.Guard}.Length(tokens.Length, OutputSteps, nameof(tokens), \"[OutputSteps] class ids\");");
            w.Line($"{Names.Guard}.Temperature<{_t}>(temperature, nameof(temperature));");
            w.Line("global::System.ArgumentNullException.ThrowIfNull(random);");
            w.Line("BeginSequence();");
            w.Line(_m.IsEncoderDecoder ? "ForwardLayers(input, Steps);" : "SequenceOf(input);");
            w.Line("Decode(random, temperature, tokens);");
        }
        w.Line();
    }
}
