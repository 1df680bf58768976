using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Xunit;

namespace SeqGen.Tests.Generator;

/// <summary>
/// The generated code of a representative set of models (each cell, bidirectional, stacked, each
/// topology, Single and Double, and a [Hopfield] model), compared with reviewed copies in Snapshots/&lt;Name&gt;.verified.cs.
/// A change to the emitters shows up here as a diff to read, not only as a passing or failing
/// numeric test. On a mismatch the test fails with the first differing lines and writes
/// Snapshots/&lt;Name&gt;.received.cs (git-ignored); with the environment variable
/// SEQGEN_ACCEPT_SNAPSHOTS=1 it overwrites the verified file instead.
/// The Snapshots folder is excluded from compilation in SeqGen.Tests.csproj.
/// </summary>
public class SnapshotTests
{
    public const string AcceptVariable = "SEQGEN_ACCEPT_SNAPSHOTS";

    private static readonly Dictionary<string, string> s_models = new(StringComparer.Ordinal)
    {
        ["RnnTanhManyToOne"] = """
            [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]
            [Rnn(3)]
            public partial class RnnTanhManyToOne { }
            """,
        ["RnnReluManyToManyDouble"] = """
            [SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
            [Rnn(3, Activation = RnnActivation.Relu)]
            public partial class RnnReluManyToManyDouble { }
            """,
        ["LstmManyToOneCrossEntropy"] = """
            [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 3, Loss = LossKind.CrossEntropy)]
            [Lstm(3)]
            public partial class LstmManyToOneCrossEntropy { }
            """,
        ["LstmStackedManyToManyTruncatedBptt"] = """
            [SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 6, OutputSize = 1, TruncatedBptt = 2)]
            [Lstm(4, Layers = 2)]
            public partial class LstmStackedManyToManyTruncatedBptt { }
            """,
        ["LstmOneToMany"] = """
            [SequenceModel(Topology.OneToMany, InputSize = 2, Steps = 4, OutputSize = 2)]
            [Lstm(3)]
            public partial class LstmOneToMany { }
            """,
        ["GruBidirectionalManyToOne"] = """
            [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]
            [Gru(3, Bidirectional = true)]
            public partial class GruBidirectionalManyToOne { }
            """,
        ["GruResetBeforeStackedBidirectionalManyToManyDouble"] = """
            [SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 4, OutputSize = 2, Precision = Precision.Double)]
            [Gru(3, Variant = GruVariant.ResetBefore, Layers = 2, Bidirectional = true)]
            public partial class GruResetBeforeStackedBidirectionalManyToManyDouble { }
            """,
        ["MixedStack"] = """
            [SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 3, Loss = LossKind.CrossEntropy)]
            [Rnn(2, Activation = RnnActivation.Relu)]
            [Lstm(3, Bidirectional = true)]
            [Gru(2)]
            public partial class MixedStack { }
            """,
        ["LstmBidirectionalEncoderDecoderScaledDot"] = """
            [SequenceModel(Topology.EncoderDecoder, InputSize = 3, Steps = 5, OutputSize = 3, OutputSteps = 4, Loss = LossKind.CrossEntropy)]
            [Lstm(4, Bidirectional = true)]
            [Attention(AttentionKind.ScaledDot)]
            public partial class LstmBidirectionalEncoderDecoderScaledDot { }
            """,
        ["GruEncoderDecoderAdditiveDouble"] = """
            [SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 6, OutputSize = 2, OutputSteps = 3, Precision = Precision.Double)]
            [Gru(5)]
            [Attention(AttentionKind.Additive)]
            public partial class GruEncoderDecoderAdditiveDouble { }
            """,
        ["RnnEncoderDecoderWithoutAttention"] = """
            [SequenceModel(Topology.EncoderDecoder, InputSize = 2, Steps = 4, OutputSize = 3, OutputSteps = 2, Loss = LossKind.CrossEntropy)]
            [Rnn(3)]
            public partial class RnnEncoderDecoderWithoutAttention { }
            """,
        ["LstmFeedBackCharacterModel"] = """
            [SequenceModel(Topology.OneToMany, InputSize = 4, Steps = 4, OutputSize = 4, Loss = LossKind.CrossEntropy, FeedBack = true)]
            [Lstm(8)]
            public partial class LstmFeedBackCharacterModel { }
            """,
        ["LstmTransformerBlockSelfAttentionManyToOne"] = """
            [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 4, OutputSize = 3, Loss = LossKind.CrossEntropy)]
            [Lstm(4)]
            [TransformerBlock(Heads = 2, FeedForward = 8, Causal = true, PositionalEncoding = true)]
            [SelfAttention(Heads = 4)]
            public partial class LstmTransformerBlockSelfAttentionManyToOne { }
            """,
        ["TemporalConvUnderLstm"] = """
            [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 8, OutputSize = 3, Loss = LossKind.CrossEntropy)]
            [TemporalConv(Channels = 4, Kernel = 2, Dilations = new[] { 1, 2, 4 })]
            [Lstm(5)]
            public partial class TemporalConvUnderLstm { }
            """,
        ["LayerNormLstmGruAndClippedLstm"] = """
            [SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 2)]
            [Lstm(3, LayerNorm = true, Bidirectional = true)]
            [Gru(2, LayerNorm = true)]
            [Lstm(2, CellClip = 3.0)]
            public partial class LayerNormLstmGruAndClippedLstm { }
            """,
        ["HalfWeightsLstmUnderRnn"] = """
            [SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 4, OutputSize = 1, WeightStorage = WeightStorage.Half)]
            [Lstm(4, CellClip = 2.0)]
            [Rnn(3)]
            public partial class HalfWeightsLstmUnderRnn { }
            """,
        ["BFloat16GateBlocksLstmGruAndRowBlocks"] = """
            [SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1, WeightStorage = WeightStorage.BFloat16)]
            [Lstm(16)]
            [Gru(16)]
            [Lstm(8)]
            public partial class BFloat16GateBlocksLstmGruAndRowBlocks { }
            """,
        ["PeepholeLstmUnderGruStreaming"] = """
            [SequenceModel(Topology.ManyToMany, InputSize = 2, Steps = 3, OutputSize = 1)]
            [Lstm(3, Peephole = true)]
            [Gru(2)]
            public partial class PeepholeLstmUnderGruStreaming { }
            """,
        ["HopfieldMemory"] = """
            [Hopfield(Size = 16, MaxIterations = 20)]
            public partial class HopfieldMemory { }
            """,
    };

    public static TheoryData<string> Names => new(s_models.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Generated_code_matches_snapshot(string name) =>
        Verify("using SeqGen;\n\nnamespace Demo;\n\n" + s_models[name] + "\n", name);

    private static void Verify(string source, string name, [CallerFilePath] string here = "")
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        run.AssertCleanBuild();
        string actual = Normalize(run.SingleSource().Text);

        string directory = Path.Combine(Path.GetDirectoryName(here)!, "Snapshots");
        string verified = Path.Combine(directory, name + ".verified.cs");
        string received = Path.Combine(directory, name + ".received.cs");
        string? expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        Directory.CreateDirectory(directory);
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified}. The generated code was written to {received}: review it, and if it is right, rename it to {name}.verified.cs (or run with {AcceptVariable}=1)."
            : $"The generated code differs from {verified}; the new code was written to {received}. If the change is intended, rename it over the verified file (or run with {AcceptVariable}=1).\n"
                + Diff(expected, actual));
    }

    /// <summary>Line endings only: a checkout with CRLF must not fail the test.</summary>
    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    /// <summary>
    /// A short unified-style diff: the lines between the common head and the common tail, with
    /// line numbers (verified on '-' lines, received on '+' lines), at most 20 of each.
    /// </summary>
    internal static string Diff(string expected, string actual, int maxLines = 20)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        int head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }
        int tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail])
        {
            tail++;
        }
        int removed = a.Length - head - tail;
        int added = b.Length - head - tail;
        var text = new StringBuilder();
        text.AppendLine($"--- verified");
        text.AppendLine($"+++ received");
        text.AppendLine($"@@ -{head + 1},{removed} +{head + 1},{added} @@");
        int context = Math.Max(0, head - 2);
        for (int i = context; i < head; i++)
        {
            text.AppendLine($"  {i + 1,5}  {a[i]}");
        }
        foreach ((int number, string line) in a.Skip(head).Take(Math.Min(removed, maxLines)).Select((l, i) => (head + i + 1, l)))
        {
            text.AppendLine($"- {number,5}  {line}");
        }
        if (removed > maxLines)
        {
            text.AppendLine($"- ... {removed - maxLines} more");
        }
        foreach ((int number, string line) in b.Skip(head).Take(Math.Min(added, maxLines)).Select((l, i) => (head + i + 1, l)))
        {
            text.AppendLine($"+ {number,5}  {line}");
        }
        if (added > maxLines)
        {
            text.AppendLine($"+ ... {added - maxLines} more");
        }
        return text.ToString();
    }
}
