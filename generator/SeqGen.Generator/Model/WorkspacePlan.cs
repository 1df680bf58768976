using System;
using System.Collections.Generic;
using System.Linq;

namespace SeqGen.Generator.Model;

/// <summary>One generated buffer: its field name and element count.</summary>
internal readonly record struct BufferDescriptor(string Name, int Length);

/// <summary>Buffers that belong together, with the comment the emitter writes above them.</summary>
internal sealed record BufferGroup(string Comment, IReadOnlyList<BufferDescriptor> Buffers);

/// <summary>
/// Every buffer a model allocates besides its parameters and gradients: state, caches kept for
/// backpropagation, and scratch. The emitter declares exactly these, and <see cref="Bytes"/> sums
/// exactly these, so the generated <c>WorkspaceBytes</c> and the [Budget] check are exact.
/// </summary>
internal static class WorkspacePlan
{
    public static IReadOnlyList<BufferGroup> Groups(ModelDescriptor m)
    {
        var groups = new List<BufferGroup>();
        void Group(string comment, params (string Name, int Length)[] buffers) =>
            groups.Add(new BufferGroup(comment, buffers.Select(b => new BufferDescriptor(b.Name, Math.Max(b.Length, 1))).ToArray()));

        // exact lengths: a stack without recurrent layers has no recurrent state (StateLength 0, empty spans)
        groups.Add(new BufferGroup("recurrent state: initial, final, carried between chunks, streaming, and gradients on the initial state",
            new[] { "_initialHidden", "_finalHidden", "_carryHidden", "_streamHidden", "_initialHiddenGradient" }
                .Select(name => new BufferDescriptor(name, m.StateLength)).ToArray()));
        if (m.HasCellState)
        {
            Group("LSTM cell state, in the same roles",
                ("_initialCell", m.CellStateLength), ("_finalCell", m.CellStateLength), ("_carryCell", m.CellStateLength),
                ("_streamCell", m.CellStateLength), ("_initialCellGradient", m.CellStateLength));
        }
        Group("head outputs, the loss gradient on them, the input gradient, and per-chunk losses",
            ("_outputs", m.OutputLength), ("_outputGradient", m.OutputLength),
            ("_inputGradient", m.Steps * m.InputSize), ("_chunkLosses", m.ChunkCount));
        if (m.Topology == TopologyKind.OneToMany)
        {
            Group("the input sequence of a one-to-many model: the given vector at step 0, zeros after",
                ("_paddedInput", m.Steps * m.InputSize));
        }
        if (m.FeedBack)
        {
            Group("a fed-back model's next input: the one-hot of the last output's choice (cross-entropy) or the output itself",
                ("_feedBackInput", m.InputSize));
        }
        if (m.Topology == TopologyKind.ManyToOne)
        {
            Group("the head's input: the final state of each direction of the last layer, and its gradient",
                ("_headFeatures", m.HeadInputWidth), ("_headFeatureGradient", m.HeadInputWidth));
        }
        Group("per layer: its output sequence and the gradient on it",
            m.Layers.SelectMany(l => new[]
            {
                (BufferNames.LayerOutput(l), m.Steps * l.ConcatWidth),
                (BufferNames.LayerOutputGradient(l), m.Steps * l.ConcatWidth),
            }).ToArray());
        if (m.Layers.Any(l => l.IsMerged))
        {
            Group("per merged bidirectional layer: the merged output sequence and the gradient on it",
                m.Layers.Where(l => l.IsMerged).SelectMany(l => new[]
                {
                    (BufferNames.LayerResult(l), m.Steps * l.StateWidth),
                    (BufferNames.LayerResultGradient(l), m.Steps * l.StateWidth),
                }).ToArray());
        }
        Group("per layer and direction: hidden and cell history (index 0 is the chunk's initial state) and gate caches",
            m.Layers.Where(l => l.IsRecurrent || l.Kind == LayerKind.TemporalConv).SelectMany(l => l.IsRecurrent
                ? Enumerable.Range(0, l.Directions).SelectMany(d => LayerCaches(l, d, m.Steps))
                : TemporalConvBuffers.Buffers(l, m.Steps, m.HasStep)).ToArray());
        if (m.HasAttentionLayers)
        {
            Group("per attention layer: the projections, attention probabilities [heads][Steps][Steps], block activations and norm statistics, and backward scratch",
                AttentionLayerBuffers.Of(m));
        }
        if (m.Decoder is { } decoder)
        {
            AddDecoder(m, decoder, Group);
        }

        var scratch = new List<(string, int)>
        {
            ("_scratchGates", m.MaxGateWidth), ("_scratchHiddenGradient", m.MaxHiddenSize),
        };
        // the gate gradient of cells that add their weight gradients step by step; the others write it into the gate cache
        if (m.AllLayers.Any(l => l.IsRecurrent && !l.DefersWeightGradients))
        {
            scratch.Add(("_scratchGateGradient", m.MaxGateWidth));
        }
        if (m.HasCellState)
        {
            scratch.Add(("_scratchCellGradient", m.MaxHiddenSize));
        }
        if (m.HasResetAfterGru)
        {
            scratch.Add(("_scratchRecurrent", m.MaxGateWidth));
            scratch.Add(("_scratchRecurrentN", m.MaxHiddenSize));
            scratch.Add(("_scratchRecurrentGateGradient", m.MaxGateWidth));
        }
        if (m.HasResetAfterGru || m.HasResetBeforeGru)
        {
            scratch.Add(("_scratchPreviousHiddenGradient", m.MaxHiddenSize));
        }
        if (m.HasResetBeforeGru)
        {
            scratch.Add(("_scratchResetHidden", m.MaxHiddenSize));
            scratch.Add(("_scratchResetHiddenGradient", m.MaxHiddenSize));
        }
        if (m.HasProjection)
        {
            scratch.Add(("_scratchProjected", m.MaxHiddenSize));
            scratch.Add(("_scratchProjectedGradient", m.MaxHiddenSize));
        }
        if (m.HasSingleBias)
        {
            scratch.Add(("_zeroBias", m.MaxGateWidth));
            scratch.Add(("_discardedBiasGradient", m.MaxGateWidth));
        }
        if (m.HasLayerNorm)
        {
            scratch.Add(("_scratchLayerNorm", m.MaxLayerNormCacheWidth));
            scratch.Add(("_scratchLayerNormProduct", m.MaxGateWidth));
            scratch.Add(("_scratchLayerNormGradient", m.MaxGateWidth));
        }
        Group("scratch vectors shared by all layers, sized for the widest", scratch.ToArray());
        return groups;
    }

    /// <summary>Bytes of all the buffers above.</summary>
    public static long Bytes(ModelDescriptor m) =>
        Groups(m).SelectMany(g => g.Buffers).Sum(b => (long)b.Length) * (m.IsDouble ? sizeof(double) : sizeof(float));

    private static IEnumerable<(string, int)> LayerCaches(LayerDescriptor l, int direction, int steps)
    {
        yield return (BufferNames.HiddenHistory(l, direction), (steps + 1) * l.StateWidth);
        if (l.HasCellState)
        {
            yield return (BufferNames.CellHistory(l, direction), (steps + 1) * l.HiddenSize);
        }
        yield return (BufferNames.GateCache(l, direction), steps * l.GateWidth);
        if (l.CachesRecurrentN)
        {
            yield return (BufferNames.RecurrentNCache(l, direction), steps * l.HiddenSize);
        }
        if (l.IsProjected)
        {
            yield return (BufferNames.ProjectedCache(l, direction), steps * l.HiddenSize);
        }
        if (l.LayerNorm)
        {
            yield return (BufferNames.LayerNormCache(l, direction), steps * l.LayerNormCacheWidth);
        }
    }

    private static void AddDecoder(ModelDescriptor m, LayerDescriptor decoder, Action<string, (string, int)[]> group)
    {
        int e = decoder.HiddenSize, steps = m.OutputSteps, o = m.OutputSize;
        var state = new List<(string, int)> { ("_decoderHidden", e), ("_decoderInitialHiddenGradient", e) };
        if (decoder.HasCellState)
        {
            state.Add(("_decoderCell", e));
            state.Add(("_decoderInitialCellGradient", e));
        }
        group("decoder: its state while decoding step by step, and the gradient on the state it started from", state.ToArray());
        group("decoder: inputs (zeros, then the previous target in training or the previous output's choice in decoding) and its outputs s_t",
            new[]
            {
                ("_decoderInput", steps * o), ("_decoderStepInput", o),
                (BufferNames.LayerOutput(decoder), steps * e), (BufferNames.LayerOutputGradient(decoder), steps * e),
            });
        group("decoder: hidden and cell history and gate caches", LayerCaches(decoder, 0, steps).ToArray());
        if (m.Attention is not { } attention)
        {
            return;
        }
        var buffers = new List<(string, int)>
        {
            ("_attentionWeights", steps * m.Steps), ("_context", steps * e), ("_contextGradient", e), ("_attentionScoreGradient", m.Steps),
        };
        if (attention.Scoring is AttentionScoring.General or AttentionScoring.Additive)
        {
            buffers.Add(("_attentionQuery", steps * e));
            buffers.Add(("_attentionQueryGradient", e));
        }
        if (attention.IsAdditive)
        {
            buffers.Add(("_attentionKeys", m.Steps * e));
            buffers.Add(("_attentionKeyGradient", m.Steps * e));
            buffers.Add(("_attentionTanh", steps * m.Steps * e));
            buffers.Add(("_attentionScratch", e));
        }
        group("attention: weights [OutputSteps][Steps], context vectors, projected queries and keys, and their gradients", buffers.ToArray());
    }
}
