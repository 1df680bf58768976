using SeqGen.Generator.Model;

namespace SeqGen.Generator.Emit.Cells;

/// <summary>
/// GRU as PyTorch: r, z = sigmoid(...); n = tanh(W_in x + b_in + r*(W_hn h + b_hn));
/// h' = (1-z)*n + z*h. The recurrent product is kept apart from the input product because r
/// multiplies its n part.
/// </summary>
internal sealed class GruResetAfterEmitter : CellEmitter
{
    /// <param name="gateBlocks">Whether Step reads bfloat16 gate blocks (ModelDescriptor.UsesGateBlocks).</param>
    public GruResetAfterEmitter(LayerDescriptor layer, string element, bool gateBlocks = false)
        : base(layer, element, halfWeights: null, gateBlocks) { }


    public override void EmitForwardScratch(IndentedWriter w) =>
        w.Line($"{Span} recurrent = _scratchRecurrent.AsSpan(0, {GateWidth});");

    public override void EmitBackwardScratch(IndentedWriter w)
    {
        w.Line($"{Span} dhPrev = _scratchPreviousHiddenGradient.AsSpan(0, {H});");
        w.Line($"{Span} dPreRecurrent = _scratchRecurrentGateGradient.AsSpan(0, {GateWidth});");
    }

    public override void EmitForwardStep(IndentedWriter w)
    {
        if (GateBlocks)
        {
            w.Comment("r, z, n and h_t = (1-z)*n + z*h_{t-1} 16 units at a time, the weights read as bfloat16 gate blocks; n = tanh(in_n + r * rec_n)");
            w.Line($"{Names.BFloat16GateBlocks}.GruStep(weightIh, weightHh, biasIh, biasHh, x, h, gates);");
            return;
        }
        w.Comment("input part W_ih x_t + b_ih and recurrent part W_hh h_{t-1} + b_hh of r, z, n; n = tanh(in_n + r * rec_n); h_t = (1-z)*n + z*h_{t-1}");
        w.Line($"{Names.GruStep}.ForwardResetAfter<{T}>(weightIh, weightHh, biasIh, biasHh, x, hPrev, gates, recurrent, recurrentN, h);");
    }

    public override bool EmitForwardSequence(IndentedWriter w, string output)
    {
        w.Comment("every step: input part W_ih x_t + b_ih and recurrent part W_hh h_{t-1} + b_hh of r, z, n; n = tanh(in_n + r * rec_n); h_t = (1-z)*n + z*h_{t-1}");
        w.Line($"{Names.GruStep}.ForwardResetAfterSequence<{T}>(weightIh, weightHh, biasIh, biasHh, input, {Layer.InputWidth}, length, gates, recurrent, recurrentN, h, {output});");
        return true;
    }

    public override void EmitChunkWeightGradients(IndentedWriter w, bool reverse)
    {
        w.Comment(reverse
            ? "the chunk's parameter gradients, as products over its steps (step s read the input at time length-1-s): dW_ih += X^T dPre; dW_hh's r, z rows take dPre, its n rows r * dn"
            : "the chunk's parameter gradients, as products over its steps: dW_ih += X^T dPre; dW_hh's r, z rows take dPre, its n rows r * dn");
        int g = GateWidth, s = Layer.StateWidth;
        w.Line($"{Names.StepGradients}.AccumulateWeights<{T}>(gradWeightIh, input, {Layer.InputWidth}, gateCache, {g}, length, reverseInputs: {(reverse ? "true" : "false")});");
        w.Line($"{Names.StepGradients}.AccumulateWeights<{T}>(gradWeightHh, {g}, hidden, {s}, gateCache, {g}, {2 * H}, length, reverseInputs: false);");
        w.Line($"{Names.StepGradients}.AccumulateWeights<{T}>(gradWeightHh.Slice({2 * H}), {g}, hidden, {s}, recurrentNCache, {H}, {H}, length, reverseInputs: false);");
        w.Line($"{Names.StepGradients}.AccumulateBias<{T}>(gradBiasIh, gateCache, length);");
        if (!Layer.SingleBias)
        {
            w.Line($"{Names.StepGradients}.AccumulateBias<{T}>(gradBiasHh.Slice(0, {2 * H}), gateCache, {g}, length);");
            w.Line($"{Names.StepGradients}.AccumulateBias<{T}>(gradBiasHh.Slice({2 * H}, {H}), recurrentNCache, {H}, length);");
        }
    }

    public override void EmitBackwardStep(IndentedWriter w)
    {
        w.Comment("gradients on the input and recurrent pre-activations; dhPrev = dh * z");
        w.Line($"{Names.GruCell}.BackwardResetAfter<{T}>(gates, recurrentN, hPrev, dh, dPre, dPreRecurrent, dhPrev);");
        w.Comment("keep the recurrent n part r * dn (the one part that differs from dPre, which is already in the gate slot) in this step's recurrent-n slot for the chunk's weight gradients");
        w.Line($"dPreRecurrent.Slice({2 * H}, {H}).CopyTo(recurrentNCache.Slice(s * {H}, {H}));");
        EmitInputGradient(w);
        w.Comment("gradient carried to step t-1: dh = dh*z + W_hh^T dPreRecurrent");
        w.Line($"{Names.Kernels}.AccumulateRowDots<{T}>(weightHh, {GateWidth}, dPreRecurrent, dhPrev);");
        w.Line("dhPrev.CopyTo(dh);");
    }
}
