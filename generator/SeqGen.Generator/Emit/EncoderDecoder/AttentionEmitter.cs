using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit.EncoderDecoder;

/// <summary>
/// One output step of an encoder-decoder: from the decoder state s_t, the attention over the
/// encoder's outputs (if declared) and the head y_t = W [s_t ; context_t] + b; and its backward
/// pass. Both are per step so that training (teacher forcing) and decoding share them.
/// </summary>
internal sealed class AttentionEmitter
{
    private readonly ModelDescriptor _m;
    private readonly string _t;

    public AttentionEmitter(ModelDescriptor model)
    {
        _m = model;
        _t = model.ElementType;
    }

    private int E => _m.EncodedWidth;

    private int O => _m.OutputSize;

    private int T => _m.Steps;

    private AttentionDescriptor? A => _m.Attention;

    private string Span => $"{Names.Span}<{_t}>";

    private string ReadOnly => $"{Names.ReadOnlySpan}<{_t}>";

    private string Encoded => BufferNames.LayerOutput(_m.TopLayer);

    private string Parameter(int offset, int length) => $"_parameters.AsSpan({offset}, {length})";

    private string Gradient(int offset, int length) => $"_gradients.AsSpan({offset}, {length})";

    private string Scale => _t == "float" ? $"{Names.Literal((float)A!.Scale)}f" : Names.Literal(A!.Scale);

    public void Emit(IndentedWriter w)
    {
        EmitPrepare(w);
        EmitAttend(w);
        EmitAttendBackward(w);
        EmitPrepareBackward(w);
    }

    /// <summary>Additive attention projects every encoder output once per sequence: keys_i = U h_i + b_U.</summary>
    private void EmitPrepare(IndentedWriter w)
    {
        w.Summary(A is { IsAdditive: true }
            ? "Projects every encoder output once per sequence: keys_i = Ua h_i + b_Ua."
            : "Nothing to prepare: the scores read the encoder outputs directly.");
        using (w.Block("private void PrepareAttention()"))
        {
            if (A is not { IsAdditive: true } a)
            {
                return;
            }
            w.Line($"{ReadOnly} weight = {Parameter(a.KeyWeight, E * E)};");
            w.Line($"{ReadOnly} bias = {Parameter(a.KeyBias, E)};");
            w.Line($"{ReadOnly} encoded = {Encoded};");
            using (w.Block($"for (int i = 0; i < {T}; i++)"))
            {
                w.Line($"{Span} key = _attentionKeys.AsSpan(i * {E}, {E});");
                w.Line("bias.CopyTo(key);");
                w.Line($"{Names.Kernels}.AccumulateColumns<{_t}>(weight, {E}, encoded.Slice(i * {E}, {E}), key);");
            }
        }
        w.Line();
    }

    private void EmitAttend(IndentedWriter w)
    {
        w.Summary(A is null
            ? "Output step t: y_t = W s_t + b (no attention: the decoder state alone)."
            : $"Output step t: attention weights a = softmax(scores) over the encoder outputs, context = sum a_i h_i, y_t = W [s_t ; context] + b.");
        string hardParameter = A is { Hard: true } ? ", bool hard = false" : "";
        using (w.Block($"private void Attend(int t, {ReadOnly} s{hardParameter})"))
        {
            w.Line($"{Span} y = _outputs.AsSpan(t * {O}, {O});");
            w.Line($"{Parameter(_m.HeadBiasOffset, O)}.CopyTo(y);");
            w.Comment("the head's columns for s");
            w.Line($"{Names.Kernels}.AccumulateColumns<{_t}>({Parameter(_m.HeadWeightOffset, E * O)}, {O}, s, y);");
            if (A is not { } a)
            {
                return;
            }
            w.Line($"{ReadOnly} encoded = {Encoded};");
            w.Line($"{Span} weights = _attentionWeights.AsSpan(t * {T}, {T});");
            EmitScores(w, a);
            w.Line($"{Names.Attention}.Softmax<{_t}>(weights);");
            if (a.Hard)
            {
                w.Comment("hard attention (decoding only): all weight on the best-scoring encoder output");
                using (w.Block("if (hard)"))
                {
                    w.Line($"{Names.Decoding}.OneHot<{_t}>({Names.Decoding}.ArgMax<{_t}>(weights), weights);");
                }
            }
            w.Line($"{Span} context = _context.AsSpan(t * {E}, {E});");
            w.Line($"{Names.Attention}.Context<{_t}>(weights, encoded, context);");
            w.Comment("the head's columns for the context");
            w.Line($"{Names.Kernels}.AccumulateColumns<{_t}>({Parameter(_m.HeadWeightOffset + E * O, E * O)}, {O}, context, y);");
        }
        w.Line();
    }

    private void EmitScores(IndentedWriter w, AttentionDescriptor a)
    {
        switch (a.Scoring)
        {
            case AttentionScoring.ScaledDot:
                w.Comment($"scores_i = s . h_i / sqrt({E})");
                w.Line($"{Names.Attention}.DotScores<{_t}>(encoded, s, {Scale}, weights);");
                break;
            case AttentionScoring.Dot:
                w.Comment("scores_i = s . h_i");
                w.Line($"{Names.Attention}.DotScores<{_t}>(encoded, s, {Scale}, weights);");
                break;
            case AttentionScoring.General:
                w.Comment("scores_i = s . (W h_i) = (W^T s) . h_i: one product per step instead of one per encoder output");
                w.Line($"{Span} query = _attentionQuery.AsSpan(t * {E}, {E});");
                w.Line("query.Clear();");
                w.Line($"{Names.Kernels}.AccumulateRowDots<{_t}>({Parameter(a.Weight, E * E)}, {E}, s, query);");
                w.Line($"{Names.Attention}.DotScores<{_t}>(encoded, query, {Scale}, weights);");
                break;
            case AttentionScoring.Additive:
                w.Comment("scores_i = Va tanh(Wa s + b_Wa + keys_i) + b_Va");
                w.Line($"{Span} query = _attentionQuery.AsSpan(t * {E}, {E});");
                w.Line($"{Parameter(a.QueryBias, E)}.CopyTo(query);");
                w.Line($"{Names.Kernels}.AccumulateColumns<{_t}>({Parameter(a.QueryWeight, E * E)}, {E}, s, query);");
                w.Line($"{Names.Attention}.AdditiveScores<{_t}>(_attentionKeys, query, {Parameter(a.ScoreWeight, E)}, _parameters[{a.ScoreBias}], _attentionTanh.AsSpan(t * {T * E}, {T * E}), weights);");
                break;
        }
    }

    private void EmitAttendBackward(IndentedWriter w)
    {
        w.Summary("Backward of output step t: adds head and attention gradients, adds the gradient on s_t into <paramref name=\"ds\"/> and on the encoder outputs into <paramref name=\"dEncoded\"/>.");
        using (w.Block($"private void AttendBackward(int t, {ReadOnly} s, {Span} ds, {Span} dEncoded)"))
        {
            w.Line($"{ReadOnly} dy = _outputGradient.AsSpan(t * {O}, {O});");
            w.Line($"{ReadOnly} headS = {Parameter(_m.HeadWeightOffset, E * O)};");
            w.Comment("head: dW_s += dy s^T, db += dy, ds += W_s^T dy");
            w.Line($"{Names.Kernels}.AccumulateOuterProduct<{_t}>({Gradient(_m.HeadWeightOffset, E * O)}, {O}, s, dy);");
            w.Line($"{Names.Kernels}.AddInPlace<{_t}>({Gradient(_m.HeadBiasOffset, O)}, dy);");
            w.Line($"{Names.Kernels}.AccumulateRowDots<{_t}>(headS, {O}, dy, ds);");
            if (A is not { } a)
            {
                return;
            }
            w.Comment("head, context part: dW_c += dy context^T, dContext = W_c^T dy");
            w.Line($"{ReadOnly} context = _context.AsSpan(t * {E}, {E});");
            w.Line($"{Span} dContext = _contextGradient;");
            w.Line("dContext.Clear();");
            w.Line($"{Names.Kernels}.AccumulateOuterProduct<{_t}>({Gradient(_m.HeadWeightOffset + E * O, E * O)}, {O}, context, dy);");
            w.Line($"{Names.Kernels}.AccumulateRowDots<{_t}>({Parameter(_m.HeadWeightOffset + E * O, E * O)}, {O}, dy, dContext);");
            w.Comment("through context = sum a_i h_i and the softmax: dh_i += a_i dContext, and the gradient on the scores");
            w.Line($"{ReadOnly} encoded = {Encoded};");
            w.Line($"{ReadOnly} weights = _attentionWeights.AsSpan(t * {T}, {T});");
            w.Line($"{Span} dScores = _attentionScoreGradient;");
            w.Line($"{Names.Attention}.ContextBackward<{_t}>(weights, encoded, dContext, dEncoded, dScores);");
            EmitScoresBackward(w, a);
        }
        w.Line();
    }

    private void EmitScoresBackward(IndentedWriter w, AttentionDescriptor a)
    {
        switch (a.Scoring)
        {
            case AttentionScoring.ScaledDot:
            case AttentionScoring.Dot:
                w.Comment("through the scores: ds += scale sum_i dScores_i h_i, dh_i += scale dScores_i s");
                w.Line($"{Names.Attention}.DotScoresBackward<{_t}>(encoded, s, {Scale}, dScores, ds, dEncoded);");
                break;
            case AttentionScoring.General:
                w.Comment("through scores_i = query . h_i with query = W^T s: dW += s dQuery^T, ds += W dQuery");
                w.Line($"{ReadOnly} query = _attentionQuery.AsSpan(t * {E}, {E});");
                w.Line($"{Span} dQuery = _attentionQueryGradient;");
                w.Line("dQuery.Clear();");
                w.Line($"{Names.Attention}.DotScoresBackward<{_t}>(encoded, query, {Scale}, dScores, dQuery, dEncoded);");
                w.Line($"{Names.Kernels}.AccumulateOuterProduct<{_t}>({Gradient(a.Weight, E * E)}, {E}, dQuery, s);");
                w.Line($"{Names.Kernels}.AccumulateColumns<{_t}>({Parameter(a.Weight, E * E)}, {E}, dQuery, ds);");
                break;
            case AttentionScoring.Additive:
                w.Comment("through scores_i = Va tanh(query + keys_i) + b_Va: gradients on Va, b_Va, the query and (summed over steps) the keys");
                w.Line($"{Span} dQuery = _attentionQueryGradient;");
                w.Line("dQuery.Clear();");
                w.Line($"_gradients[{a.ScoreBias}] += {Names.Attention}.AdditiveScoresBackward<{_t}>(_attentionTanh.AsSpan(t * {T * E}, {T * E}), {Parameter(a.ScoreWeight, E)}, dScores, dQuery, _attentionKeyGradient, {Gradient(a.ScoreWeight, E)}, _attentionScratch);");
                w.Comment("query = Wa s + b_Wa: dWa += dQuery s^T, db_Wa += dQuery, ds += Wa^T dQuery");
                w.Line($"{Names.Kernels}.AccumulateOuterProduct<{_t}>({Gradient(a.QueryWeight, E * E)}, {E}, s, dQuery);");
                w.Line($"{Names.Kernels}.AddInPlace<{_t}>({Gradient(a.QueryBias, E)}, dQuery);");
                w.Line($"{Names.Kernels}.AccumulateRowDots<{_t}>({Parameter(a.QueryWeight, E * E)}, {E}, dQuery, ds);");
                break;
        }
    }

    /// <summary>Additive attention: the keys' gradient, summed over all output steps, into Ua, b_Ua and the encoder outputs.</summary>
    private void EmitPrepareBackward(IndentedWriter w)
    {
        w.Summary(A is { IsAdditive: true }
            ? "Backward of PrepareAttention: dUa += dKeys_i h_i^T, db_Ua += dKeys_i, dh_i += Ua^T dKeys_i."
            : "Nothing to do: no projection was prepared.");
        using (w.Block($"private void PrepareAttentionBackward({Span} dEncoded)"))
        {
            if (A is not { IsAdditive: true } a)
            {
                return;
            }
            w.Line($"{ReadOnly} encoded = {Encoded};");
            using (w.Block($"for (int i = 0; i < {T}; i++)"))
            {
                w.Line($"{ReadOnly} dKey = _attentionKeyGradient.AsSpan(i * {E}, {E});");
                w.Line($"{Names.Kernels}.AccumulateOuterProduct<{_t}>({Gradient(a.KeyWeight, E * E)}, {E}, encoded.Slice(i * {E}, {E}), dKey);");
                w.Line($"{Names.Kernels}.AddInPlace<{_t}>({Gradient(a.KeyBias, E)}, dKey);");
                w.Line($"{Names.Kernels}.AccumulateRowDots<{_t}>({Parameter(a.KeyWeight, E * E)}, {E}, dKey, dEncoded.Slice(i * {E}, {E}));");
            }
        }
        w.Line();
    }
}
