using System;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit.SelfAttention;

/// <summary>
/// Emits, for one <c>[SelfAttention]</c> layer or <c>[TransformerBlock]</c>, its forward pass over the
/// whole sequence (caching what the backward pass reads), its backward pass, and its initialization.
/// The math is in the runtime kernels (MultiHeadAttention, LayerNorm, FeedForward, PositionalEncoding);
/// every size and offset here is a constant of the model.
/// </summary>
internal sealed class AttentionLayerEmitter
{
    private const string Mha = "global::SeqGen.Numerics.MultiHeadAttention";
    private const string Norm = "global::SeqGen.Numerics.LayerNorm";
    private const string Ff = "global::SeqGen.Numerics.FeedForward";
    private const string Pe = "global::SeqGen.Numerics.PositionalEncoding";

    private readonly ModelDescriptor _m;
    private readonly LayerDescriptor _layer;
    private readonly AttentionLayerDescriptor _a;
    private readonly AttentionLayerBuffers _b;
    private readonly string _t;

    public AttentionLayerEmitter(ModelDescriptor model, LayerDescriptor layer)
    {
        _m = model;
        _layer = layer;
        _a = layer.Attention ?? throw new ArgumentException("not an attention layer", nameof(layer));
        _b = new AttentionLayerBuffers(layer);
        _t = model.ElementType;
    }

    private int E => _a.Width;

    private int F => _a.FeedForward;

    private int Steps => _m.Steps;

    public string ForwardMethod => "Forward" + _layer.Prefix;

    public string BackwardMethod => "Backward" + _layer.Prefix;

    private string Causal => _a.Causal ? "true" : "false";

    private string Rows(string buffer) => $"{buffer}.AsSpan(0, length * {E})";

    private string Parameter(int offset, int length) => $"_parameters.AsSpan({offset}, {length})";

    private string Gradient(int offset, int length) => $"_gradients.AsSpan({offset}, {length})";

    public void EmitForward(IndentedWriter w)
    {
        w.Summary($"Layer {_layer.Index}, {_a.Title}, {E} -> {E}: runs over the <paramref name=\"length\"/> steps at once, caching what the backward pass needs.");
        using (w.Block($"private void {ForwardMethod}({Names.ReadOnlySpan}<{_t}> input, int length)"))
        {
            EmitInput(w);
            if (!_a.IsBlock)
            {
                w.Comment("multi-head self-attention: query = key = value = x");
                EmitAttentionForward(w, "x", Rows(BufferNames.LayerOutput(_layer)));
                return;
            }
            string output = Rows(BufferNames.LayerOutput(_layer));
            if (_a.NormFirst)
            {
                w.Comment("pre-norm: r = x + sa(norm1(x))");
                EmitNormForward(w, "x", _a.Norm1Weight, _a.Norm1Bias, Rows(_b.Norm1), _b.Norm1Statistics);
                EmitAttentionForward(w, Rows(_b.Norm1), Rows(_b.Attended));
                w.Line($"{Names.Kernels}.Add<{_t}>(x, {Rows(_b.Attended)}, {Rows(_b.Residual)});");
                w.Comment("then out = r + ff(norm2(r))");
                EmitNormForward(w, Rows(_b.Residual), _a.Norm2Weight, _a.Norm2Bias, Rows(_b.Second), _b.Norm2Statistics);
                EmitFeedForward(w, Rows(_b.Second), output);
                w.Line($"{Names.Kernels}.AddInPlace<{_t}>({output}, {Rows(_b.Residual)});");
            }
            else
            {
                w.Comment("post-norm: n = norm1(x + sa(x))");
                EmitAttentionForward(w, "x", Rows(_b.Attended));
                w.Line($"{Names.Kernels}.Add<{_t}>(x, {Rows(_b.Attended)}, {Rows(_b.Residual)});");
                EmitNormForward(w, Rows(_b.Residual), _a.Norm1Weight, _a.Norm1Bias, Rows(_b.Norm1), _b.Norm1Statistics);
                w.Comment("then out = norm2(n + ff(n))");
                EmitFeedForward(w, Rows(_b.Norm1), Rows(_b.Second));
                w.Line($"{Names.Kernels}.AddInPlace<{_t}>({Rows(_b.Second)}, {Rows(_b.Norm1)});");
                EmitNormForward(w, Rows(_b.Second), _a.Norm2Weight, _a.Norm2Bias, output, _b.Norm2Statistics);
            }
        }
    }

    public void EmitBackward(IndentedWriter w)
    {
        w.Summary($"Layer {_layer.Index}, {_a.Title}: backward over the steps; adds parameter gradients and the gradient on its input.");
        using (w.Block($"private void {BackwardMethod}({Names.ReadOnlySpan}<{_t}> input, {Names.Span}<{_t}> inputGradient, int length, bool firstChunk)"))
        {
            w.Line(_a.PositionalEncoding
                ? $"{Names.ReadOnlySpan}<{_t}> x = {Rows(_b.Encoded)}; // the encoding has no parameters: the gradient on x + PE is the gradient on the input"
                : $"{Names.ReadOnlySpan}<{_t}> x = input;");
            w.Line($"{Names.ReadOnlySpan}<{_t}> outputGradient = {Rows(BufferNames.LayerOutputGradient(_layer))};");
            if (!_a.IsBlock)
            {
                w.Comment("through the attention, into the gradient on its input");
                EmitAttentionBackward(w, "x", "outputGradient", "inputGradient");
                return;
            }
            if (_a.NormFirst)
            {
                w.Comment("out = r + ff(norm2(r)): dr = dout + norm2'(ff'(dout))");
                w.Line($"outputGradient.CopyTo({_b.ResidualGradient});");
                w.Line($"{Rows(_b.NormGradient)}.Clear();");
                EmitFeedForwardBackward(w, Rows(_b.Second), "outputGradient", Rows(_b.NormGradient));
                EmitNormBackward(w, Rows(_b.Residual), _a.Norm2Weight, _a.Norm2Bias, _b.Norm2Statistics, Rows(_b.NormGradient), Rows(_b.ResidualGradient));
                w.Comment("r = x + sa(norm1(x)): dx += dr + norm1'(sa'(dr))");
                w.Line($"{Names.Kernels}.AddInPlace<{_t}>(inputGradient, {Rows(_b.ResidualGradient)});");
                w.Line($"{Rows(_b.NormGradient)}.Clear();");
                EmitAttentionBackward(w, Rows(_b.Norm1), Rows(_b.ResidualGradient), Rows(_b.NormGradient));
                EmitNormBackward(w, "x", _a.Norm1Weight, _a.Norm1Bias, _b.Norm1Statistics, Rows(_b.NormGradient), "inputGradient");
            }
            else
            {
                w.Comment("out = norm2(s), s = n + ff(n): ds = norm2'(dout), dn = ds + ff'(ds)");
                w.Line($"{Rows(_b.ResidualGradient)}.Clear();");
                EmitNormBackward(w, Rows(_b.Second), _a.Norm2Weight, _a.Norm2Bias, _b.Norm2Statistics, "outputGradient", Rows(_b.ResidualGradient));
                w.Line($"{Rows(_b.ResidualGradient)}.CopyTo({_b.NormGradient});");
                EmitFeedForwardBackward(w, Rows(_b.Norm1), Rows(_b.ResidualGradient), Rows(_b.NormGradient));
                w.Comment("n = norm1(r), r = x + sa(x): dr = norm1'(dn), dx += dr + sa'(dr)");
                w.Line($"{Rows(_b.AttendedGradient)}.Clear();");
                EmitNormBackward(w, Rows(_b.Residual), _a.Norm1Weight, _a.Norm1Bias, _b.Norm1Statistics, Rows(_b.NormGradient), Rows(_b.AttendedGradient));
                w.Line($"{Names.Kernels}.AddInPlace<{_t}>(inputGradient, {Rows(_b.AttendedGradient)});");
                EmitAttentionBackward(w, "x", Rows(_b.AttendedGradient), "inputGradient");
            }
        }
    }

    /// <summary>Draws the layer's tensors as PyTorch initializes them.</summary>
    public void EmitInitialization(IndentedWriter w)
    {
        w.Comment($"layer {_layer.Index}: in_proj_weight xavier_uniform U(-sqrt(6/(E+3E)), +), in_proj_bias 0, out_proj.weight U(-1/sqrt({E}), +) as nn.Linear, out_proj.bias 0");
        w.Line($"random.FillUniform<{_t}>({Parameter(_a.InProjWeight, 3 * E * E)}, {Names.Literal(Math.Sqrt(6.0 / (4 * E)))});");
        w.Line($"{Parameter(_a.InProjBias, 3 * E)}.Clear();");
        w.Line($"random.FillUniform<{_t}>({Parameter(_a.OutProjWeight, E * E)}, {Names.Literal(1 / Math.Sqrt(E))});");
        w.Line($"{Parameter(_a.OutProjBias, E)}.Clear();");
        if (!_a.IsBlock)
        {
            return;
        }
        w.Comment($"layer {_layer.Index}: linear1 U(-1/sqrt({E}), +), linear2 U(-1/sqrt({F}), +) as nn.Linear (weight, then bias); norms weight 1, bias 0");
        w.Line($"random.FillUniform<{_t}>({Parameter(_a.Linear1Weight, F * E + F)}, {Names.Literal(1 / Math.Sqrt(E))});");
        w.Line($"random.FillUniform<{_t}>({Parameter(_a.Linear2Weight, E * F + E)}, {Names.Literal(1 / Math.Sqrt(F))});");
        w.Line($"{Parameter(_a.Norm1Weight, E)}.Fill(1);");
        w.Line($"{Parameter(_a.Norm1Bias, E)}.Clear();");
        w.Line($"{Parameter(_a.Norm2Weight, E)}.Fill(1);");
        w.Line($"{Parameter(_a.Norm2Bias, E)}.Clear();");
    }

    private void EmitInput(IndentedWriter w)
    {
        if (_a.PositionalEncoding)
        {
            w.Comment("x = input + the sinusoidal position encoding");
            w.Line($"{Names.Span}<{_t}> encoded = {Rows(_b.Encoded)};");
            w.Line($"{Pe}.Add<{_t}>(input, length, {E}, encoded);");
            w.Line($"{Names.ReadOnlySpan}<{_t}> x = encoded;");
        }
        else
        {
            w.Line($"{Names.ReadOnlySpan}<{_t}> x = input;");
        }
    }

    private void EmitAttentionForward(IndentedWriter w, string x, string output) =>
        w.Line($"{Mha}.Forward<{_t}>({x}, length, {E}, {_a.Heads}, {Causal}, {Parameter(_a.InProjWeight, 3 * E * E)}, {Parameter(_a.InProjBias, 3 * E)}, {Parameter(_a.OutProjWeight, E * E)}, {Parameter(_a.OutProjBias, E)}, {_b.Qkv}, {_b.Probabilities}, {_b.Context}, {output});");

    private void EmitAttentionBackward(IndentedWriter w, string x, string dOutput, string dx) =>
        w.Line($"{Mha}.Backward<{_t}>({x}, length, {E}, {_a.Heads}, {Causal}, {Parameter(_a.InProjWeight, 3 * E * E)}, {Parameter(_a.OutProjWeight, E * E)}, {_b.Qkv}, {_b.Probabilities}, {_b.Context}, {dOutput}, " +
            $"{Gradient(_a.InProjWeight, 3 * E * E)}, {Gradient(_a.InProjBias, 3 * E)}, {Gradient(_a.OutProjWeight, E * E)}, {Gradient(_a.OutProjBias, E)}, {_b.QkvGradient}, {_b.ContextGradient}, {_b.ScoreGradient}, {dx});");

    private void EmitNormForward(IndentedWriter w, string x, int weight, int bias, string y, string statistics) =>
        w.Line($"{Norm}.Forward<{_t}>({x}, length, {E}, {Parameter(weight, E)}, {Parameter(bias, E)}, {y}, {statistics}.AsSpan(0, {Steps}), {statistics}.AsSpan({Steps}, {Steps}));");

    private void EmitNormBackward(IndentedWriter w, string x, int weight, int bias, string statistics, string dy, string dx) =>
        w.Line($"{Norm}.Backward<{_t}>({x}, length, {E}, {Parameter(weight, E)}, {statistics}.AsSpan(0, {Steps}), {statistics}.AsSpan({Steps}, {Steps}), {dy}, {Gradient(weight, E)}, {Gradient(bias, E)}, {dx});");

    private void EmitFeedForward(IndentedWriter w, string x, string y) =>
        w.Line($"{Ff}.Forward<{_t}>({x}, length, {E}, {Parameter(_a.Linear1Weight, F * E)}, {Parameter(_a.Linear1Bias, F)}, {Parameter(_a.Linear2Weight, E * F)}, {Parameter(_a.Linear2Bias, E)}, {_b.PreActivation}, {_b.Activation}, {y});");

    private void EmitFeedForwardBackward(IndentedWriter w, string x, string dy, string dx) =>
        w.Line($"{Ff}.Backward<{_t}>({x}, length, {E}, {Parameter(_a.Linear1Weight, F * E)}, {Parameter(_a.Linear2Weight, E * F)}, {_b.PreActivation}, {_b.Activation}, {dy}, " +
            $"{Gradient(_a.Linear1Weight, F * E)}, {Gradient(_a.Linear1Bias, F)}, {Gradient(_a.Linear2Weight, E * F)}, {Gradient(_a.Linear2Bias, E)}, {_b.ActivationGradient}, {dx});");
}
