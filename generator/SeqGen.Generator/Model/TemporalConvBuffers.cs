using System.Collections.Generic;
using System.Linq;

namespace SeqGen.Generator.Model;

/// <summary>
/// The buffers of one <c>[TemporalConv]</c> layer besides its output and output gradient (which every
/// layer has): names, shared by <see cref="WorkspacePlan"/> and the emitter, and sizes.
/// </summary>
internal static class TemporalConvBuffers
{
    /// <summary>Each block's input x_j ([blocks][Steps][C]); x_0 is the 1x1 projection of the layer's input.</summary>
    public static string BlockInputs(LayerDescriptor l) => BufferNames.Field(l.Prefix + "BlockInputs");

    /// <summary>Each block's dilated convolution output z ([blocks][Steps][2C]), before the gate.</summary>
    public static string Preactivations(LayerDescriptor l) => BufferNames.Field(l.Prefix + "Preactivations");

    /// <summary>Each block's gated activation u = tanh(z[:C]) * sigmoid(z[C:]) ([blocks][Steps][C]).</summary>
    public static string Gated(LayerDescriptor l) => BufferNames.Field(l.Prefix + "Gated");

    /// <summary>Backward scratch: the gradient on the current block's output, then input ([Steps][C]).</summary>
    public static string ResidualGradient(LayerDescriptor l) => BufferNames.Field(l.Prefix + "ResidualGradient");

    public static string GatedGradient(LayerDescriptor l) => BufferNames.Field(l.Prefix + "GatedGradient");

    public static string PreactivationGradient(LayerDescriptor l) => BufferNames.Field(l.Prefix + "PreactivationGradient");

    /// <summary>Streaming: every block's ring of its last (k-1)*d inputs, block after block.</summary>
    public static string History(LayerDescriptor l) => BufferNames.Field(l.Prefix + "History");

    /// <summary>Streaming: the layer's output for the current step ([C]), what the layer above or the head reads.</summary>
    public static string StreamOutput(LayerDescriptor l) => BufferNames.Field(l.Prefix + "StreamOutput");

    public static string StreamPreactivation(LayerDescriptor l) => BufferNames.Field(l.Prefix + "StreamPreactivation");

    public static string StreamGated(LayerDescriptor l) => BufferNames.Field(l.Prefix + "StreamGated");

    /// <summary>Streaming: steps taken since the last ResetState (a long field, not a buffer).</summary>
    public static string StreamTime(LayerDescriptor l) => BufferNames.Field(l.Prefix + "StreamTime");

    /// <summary>Where block j's ring starts in <see cref="History"/>.</summary>
    public static int HistoryOffset(LayerDescriptor l, int block) =>
        Enumerable.Range(0, block).Sum(j => l.TemporalConv!.History(j) * l.HiddenSize);

    /// <summary>The layer's buffers; the streaming ones only for a model with a Step (<paramref name="streams"/>).</summary>
    public static IEnumerable<(string, int)> Buffers(LayerDescriptor l, int steps, bool streams)
    {
        TemporalConvDescriptor conv = l.TemporalConv!;
        int c = conv.Channels, blocks = conv.Blocks.Count;
        yield return (BlockInputs(l), blocks * steps * c);
        yield return (Preactivations(l), blocks * steps * 2 * c);
        yield return (Gated(l), blocks * steps * c);
        yield return (ResidualGradient(l), steps * c);
        yield return (GatedGradient(l), steps * c);
        yield return (PreactivationGradient(l), steps * 2 * c);
        if (!streams)
        {
            yield break;
        }
        yield return (History(l), HistoryOffset(l, blocks));
        yield return (StreamOutput(l), c);
        yield return (StreamPreactivation(l), 2 * c);
        yield return (StreamGated(l), c);
    }
}
