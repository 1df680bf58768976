using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit.EncoderDecoder;

/// <summary>
/// The decoder side of an encoder-decoder in training: after the encoder layers, the decoder runs
/// over the teacher-forced inputs from the encoder's final state, and each output step attends;
/// backward, the steps' gradients flow into the decoder, the encoder outputs and, through the
/// decoder's starting state, the encoder's final state.
/// </summary>
internal sealed class DecoderEmitter
{
    private readonly ModelDescriptor _m;
    private readonly LayerDescriptor _decoder;
    private readonly string _t;

    public DecoderEmitter(ModelDescriptor model)
    {
        _m = model;
        _decoder = model.Decoder!;
        _t = model.ElementType;
    }

    private int E => _m.EncodedWidth;

    private string DecoderOutput => BufferNames.LayerOutput(_decoder);

    private string DecoderOutputGradient => BufferNames.LayerOutputGradient(_decoder);

    public void Emit(IndentedWriter w)
    {
        var layer = new LayerEmitter(_m, _decoder, 0);
        w.Summary("Teacher-forced decoding after the encoder: the decoder over _decoderInput from the encoder's final state, then attention and the head at each output step.");
        using (w.Block("private void ForwardHead(int start, int length)"))
        {
            w.Line("PrepareAttention();");
            w.Line($"{layer.ForwardMethod}(_decoderInput, OutputSteps);");
            using (w.Block("for (int t = 0; t < OutputSteps; t++)"))
            {
                w.Line($"Attend(t, {DecoderOutput}.AsSpan(t * {E}, {E}));");
            }
        }
        w.Line();
        w.Summary("Backward of ForwardHead: each output step into the decoder's outputs and the encoder's outputs, then the decoder, whose starting-state gradient the encoder's top layer picks up.");
        using (w.Block("private void BackwardHead(int start, int length)"))
        {
            w.Line($"{Names.Span}<{_t}> dEncoded = {BufferNames.LayerOutputGradient(_m.TopLayer)}.AsSpan(0, {_m.Steps * E});");
            w.Line("dEncoded.Clear();");
            w.Line($"{DecoderOutputGradient}.AsSpan().Clear();");
            if (_m.Attention is { IsAdditive: true })
            {
                w.Line("_attentionKeyGradient.AsSpan().Clear();");
            }
            using (w.Block("for (int t = 0; t < OutputSteps; t++)"))
            {
                w.Line($"AttendBackward(t, {DecoderOutput}.AsSpan(t * {E}, {E}), {DecoderOutputGradient}.AsSpan(t * {E}, {E}), dEncoded);");
            }
            w.Line("PrepareAttentionBackward(dEncoded);");
            w.Comment("the decoder's inputs are targets: no gradient on them is computed");
            w.Line($"{layer.BackwardMethod}(_decoderInput, OutputSteps, true);");
        }
        w.Line();
        layer.EmitForward(w);
        w.Line();
        layer.EmitBackward(w);
        w.Line();
        layer.EmitStep(w);
        w.Line();
    }
}
