using System;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit.Convolution;

/// <summary>
/// Emits one <c>[TemporalConv]</c> layer: the forward pass over a sequence (caching each block's
/// input, pre-activation and gated activation), the backward pass through its blocks from the top
/// down, the streaming step over ring buffers, and its initialization. The math is in
/// <c>SeqGen.Numerics.TemporalConvolution</c>; every size and offset here is a constant.
/// </summary>
internal sealed class TemporalConvEmitter
{
    private const string Kernels = "global::SeqGen.Numerics.TemporalConvolution";

    private readonly ModelDescriptor _m;
    private readonly LayerDescriptor _layer;
    private readonly TemporalConvDescriptor _conv;
    private readonly string _t;

    public TemporalConvEmitter(ModelDescriptor model, LayerDescriptor layer)
    {
        _m = model;
        _layer = layer;
        _conv = layer.TemporalConv ?? throw new ArgumentException("not a temporal convolution layer", nameof(layer));
        _t = model.ElementType;
    }

    private int C => _conv.Channels;

    private int In => _layer.InputWidth;

    private int K => _conv.Kernel;

    private int Steps => _m.Steps;

    public string ForwardMethod => $"Forward{_layer.Prefix}Conv";

    public string BackwardMethod => $"Backward{_layer.Prefix}Conv";

    public string StepMethod => $"Step{_layer.Prefix}Conv";

    /// <summary>What the layer above (or the head) reads after a streaming step.</summary>
    public string StreamOutput => TemporalConvBuffers.StreamOutput(_layer);

    private string Title => $"Layer {_layer.Index} ({_conv.Name}, {In} -> {C})";

    private string Parameters(int offset, int length) => $"_parameters.AsSpan({offset}, {length})";

    private string Gradients(int offset, int length) => $"_gradients.AsSpan({offset}, {length})";

    public void Emit(IndentedWriter w)
    {
        EmitForward(w);
        w.Line();
        EmitBackward(w);
        w.Line();
        if (_m.HasStep)
        {
            EmitStep(w);
            w.Line();
        }
    }

    private void EmitForward(IndentedWriter w)
    {
        w.Summary($"{Title}: runs <paramref name=\"length\"/> steps from zeros before step 0, caching what the backward pass needs.");
        using (w.Block($"private void {ForwardMethod}({Names.ReadOnlySpan}<{_t}> input, int length)"))
        {
            w.Line($"{Names.Span}<{_t}> blockInputs = {TemporalConvBuffers.BlockInputs(_layer)};");
            w.Line($"{Names.Span}<{_t}> preactivations = {TemporalConvBuffers.Preactivations(_layer)};");
            w.Line($"{Names.Span}<{_t}> gated = {TemporalConvBuffers.Gated(_layer)};");
            w.Comment($"x_0 = the 1x1 projection of the input to {C} channels");
            w.Line($"{Names.Span}<{_t}> x0 = blockInputs.Slice(0, length * {C});");
            w.Line("x0.Clear();");
            w.Line($"{Kernels}.PointwiseAdd<{_t}>({Parameters(_conv.InputWeight, C * In)}, {Parameters(_conv.InputBias, C)}, input, {In}, x0, {C}, length);");
            for (int j = 0; j < _conv.Blocks.Count; j++)
            {
                TemporalConvBlock block = _conv.Blocks[j];
                string next = j + 1 < _conv.Blocks.Count
                    ? $"blockInputs.Slice({(j + 1) * Steps * C}, length * {C})"
                    : $"{BufferNames.LayerOutput(_layer)}.AsSpan(0, length * {C})";
                w.Comment($"block {j} (dilation {block.Dilation}): z = causal conv of x_{j}, u = tanh(z[:C]) * sigmoid(z[C:]), x_{j + 1} = x_{j} + residual(u)");
                w.Line($"{Names.Span}<{_t}> z{j} = preactivations.Slice({j * Steps * 2 * C}, length * {2 * C});");
                w.Line($"{Names.Span}<{_t}> u{j} = gated.Slice({j * Steps * C}, length * {C});");
                w.Line($"{Names.Span}<{_t}> x{j + 1} = {next};");
                w.Line($"{Kernels}.Causal<{_t}>({Parameters(block.DilatedWeight, 2 * C * C * K)}, {Parameters(block.DilatedBias, 2 * C)}, x{j}, {C}, z{j}, {2 * C}, {K}, {block.Dilation}, length);");
                w.Line($"{Kernels}.Gate<{_t}>(z{j}, u{j}, {C}, length);");
                w.Line($"x{j}.CopyTo(x{j + 1});");
                w.Line($"{Kernels}.PointwiseAdd<{_t}>({Parameters(block.ResidualWeight, C * C)}, {Parameters(block.ResidualBias, C)}, u{j}, {C}, x{j + 1}, {C}, length);");
            }
        }
    }

    private void EmitBackward(IndentedWriter w)
    {
        w.Summary($"{Title}: backward through its blocks, last to first; adds parameter gradients and the gradient on its input.");
        using (w.Block($"private void {BackwardMethod}({Names.ReadOnlySpan}<{_t}> input, {Names.Span}<{_t}> inputGradient, int length, bool firstChunk)"))
        {
            w.Line($"{Names.ReadOnlySpan}<{_t}> blockInputs = {TemporalConvBuffers.BlockInputs(_layer)};");
            w.Line($"{Names.ReadOnlySpan}<{_t}> preactivations = {TemporalConvBuffers.Preactivations(_layer)};");
            w.Line($"{Names.ReadOnlySpan}<{_t}> gated = {TemporalConvBuffers.Gated(_layer)};");
            w.Line($"{Names.Span}<{_t}> du = {TemporalConvBuffers.GatedGradient(_layer)}.AsSpan(0, length * {C});");
            w.Line($"{Names.Span}<{_t}> dz = {TemporalConvBuffers.PreactivationGradient(_layer)}.AsSpan(0, length * {2 * C});");
            w.Comment("g: the gradient on the layer's output, then on each block's input in turn");
            w.Line($"{Names.Span}<{_t}> g = {TemporalConvBuffers.ResidualGradient(_layer)}.AsSpan(0, length * {C});");
            w.Line($"{BufferNames.LayerOutputGradient(_layer)}.AsSpan(0, length * {C}).CopyTo(g);");
            for (int j = _conv.Blocks.Count - 1; j >= 0; j--)
            {
                TemporalConvBlock block = _conv.Blocks[j];
                w.Comment($"block {j}: g passes the residual unchanged, and adds the path through the residual conv, the gate and the dilated conv");
                w.Line($"{Names.ReadOnlySpan}<{_t}> x{j} = blockInputs.Slice({j * Steps * C}, length * {C});");
                w.Line($"{Names.ReadOnlySpan}<{_t}> z{j} = preactivations.Slice({j * Steps * 2 * C}, length * {2 * C});");
                w.Line($"{Names.ReadOnlySpan}<{_t}> u{j} = gated.Slice({j * Steps * C}, length * {C});");
                w.Line("du.Clear();");
                w.Line($"{Kernels}.PointwiseBackward<{_t}>({Parameters(block.ResidualWeight, C * C)}, u{j}, {C}, g, {C}, length, {Gradients(block.ResidualWeight, C * C)}, {Gradients(block.ResidualBias, C)}, du);");
                w.Line($"{Kernels}.GateBackward<{_t}>(z{j}, du, dz, {C}, length);");
                w.Line($"{Kernels}.CausalBackward<{_t}>({Parameters(block.DilatedWeight, 2 * C * C * K)}, x{j}, {C}, dz, {2 * C}, {K}, {block.Dilation}, length, {Gradients(block.DilatedWeight, 2 * C * C * K)}, {Gradients(block.DilatedBias, 2 * C)}, g);");
            }
            w.Comment("the input projection: its gradients and the gradient on the layer's input");
            w.Line($"{Kernels}.PointwiseBackward<{_t}>({Parameters(_conv.InputWeight, C * In)}, input, {In}, g, {C}, length, {Gradients(_conv.InputWeight, C * In)}, {Gradients(_conv.InputBias, C)}, inputGradient);");
        }
    }

    private void EmitStep(IndentedWriter w)
    {
        string time = TemporalConvBuffers.StreamTime(_layer);
        w.Comment($"streaming steps layer {_layer.Index} has taken since ResetState: where each block's ring buffer is");
        w.Line($"private long {time};");
        w.Line();
        w.Summary($"{Title}: one streaming step; each block reads its ring of the last (k-1)*d inputs; the output goes to {StreamOutput}.");
        using (w.Block($"private void {StepMethod}({Names.ReadOnlySpan}<{_t}> input)"))
        {
            w.Line($"{Names.Span}<{_t}> x = {StreamOutput};");
            w.Line($"{Names.Span}<{_t}> z = {TemporalConvBuffers.StreamPreactivation(_layer)};");
            w.Line($"{Names.Span}<{_t}> u = {TemporalConvBuffers.StreamGated(_layer)};");
            w.Line($"{Names.Span}<{_t}> history = {TemporalConvBuffers.History(_layer)};");
            w.Comment("x = the 1x1 projection of the input; each block then updates x in place (its ring keeps the x it read)");
            w.Line("x.Clear();");
            w.Line($"{Kernels}.PointwiseAdd<{_t}>({Parameters(_conv.InputWeight, C * In)}, {Parameters(_conv.InputBias, C)}, input, {In}, x, {C}, 1);");
            for (int j = 0; j < _conv.Blocks.Count; j++)
            {
                TemporalConvBlock block = _conv.Blocks[j];
                int slots = _conv.History(j);
                w.Comment($"block {j} (dilation {block.Dilation}, {slots} steps of history)");
                w.Line($"{Kernels}.CausalStep<{_t}>({Parameters(block.DilatedWeight, 2 * C * C * K)}, {Parameters(block.DilatedBias, 2 * C)}, history.Slice({TemporalConvBuffers.HistoryOffset(_layer, j)}, {slots * C}), {time}, x, {C}, z, {2 * C}, {K}, {block.Dilation});");
                w.Line($"{Kernels}.Gate<{_t}>(z, u, {C}, 1);");
                w.Line($"{Kernels}.PointwiseAdd<{_t}>({Parameters(block.ResidualWeight, C * C)}, {Parameters(block.ResidualBias, C)}, u, {C}, x, {C}, 1);");
            }
            w.Line($"{time}++;");
        }
        w.Line();
        w.Summary($"Layer {_layer.Index}: forgets its streaming history (zeros before the next step, as before a sequence's step 0).");
        using (w.Block($"private void Reset{_layer.Prefix}Conv()"))
        {
            w.Line($"{TemporalConvBuffers.History(_layer)}.AsSpan().Clear();");
            w.Line($"{time} = 0;");
        }
    }

    public string ResetMethod => $"Reset{_layer.Prefix}Conv";

    /// <summary>Initialization as PyTorch's Conv1d: weight and bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = in * kernel.</summary>
    public void EmitInitialization(IndentedWriter w)
    {
        w.Comment($"layer {_layer.Index}: each Conv1d's weight and bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = in_channels * kernel, as nn.Conv1d");
        w.Line($"random.FillUniform<{_t}>(_parameters.AsSpan({_conv.InputWeight}, {C * (In + 1)}), {Names.Literal(1 / Math.Sqrt(In))});");
        foreach (TemporalConvBlock block in _conv.Blocks)
        {
            w.Line($"random.FillUniform<{_t}>(_parameters.AsSpan({block.DilatedWeight}, {2 * C * (C * K + 1)}), {Names.Literal(1 / Math.Sqrt(C * K))});");
            w.Line($"random.FillUniform<{_t}>(_parameters.AsSpan({block.ResidualWeight}, {C * (C + 1)}), {Names.Literal(1 / Math.Sqrt(C))});");
        }
    }
}
