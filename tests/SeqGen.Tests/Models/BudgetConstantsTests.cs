using System;
using System.Linq;
using System.Reflection;
using SeqGen.Tests.Reference;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>The generated budget constants are exact: checked against what an instance really holds.</summary>
public sealed class BudgetConstantsTests
{
    /// <summary>Bytes of every array field of a model instance (the parameters and gradients, which are not workspace, are AlignedBuffers).</summary>
    private static long MeasuredWorkspaceBytes(object model) =>
        model.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
            .Where(f => f.FieldType.IsArray)
            .Sum(f =>
            {
                var array = (Array)f.GetValue(model)!;
                return (long)array.Length * (f.FieldType == typeof(double[]) ? 8 : 4);
            });

    private static long Constant(Type type, string name) => Convert.ToInt64(type.GetField(name)!.GetRawConstantValue());

    [Theory]
    [InlineData(typeof(SentimentLike))]
    [InlineData(typeof(StreamingMixedDouble))]
    [InlineData(typeof(TruncatedGru))]
    [InlineData(typeof(LstmOneToManyD))]
    [InlineData(typeof(GruBidirectionalStacked2ManyToManyF))]
    [InlineData(typeof(GruResetBeforeManyToOneD))]
    [InlineData(typeof(AttentionAllocationModel))]
    [InlineData(typeof(FdGruBlockPreNormCausal))]
    public void WorkspaceBytesIsWhatTheModelAllocates(Type type)
    {
        object model = Activator.CreateInstance(type)!;
        Assert.Equal(MeasuredWorkspaceBytes(model), Constant(type, "WorkspaceBytes"));
    }

    [Fact]
    public void MultiplyAddsPerStepCountsEveryProductOfOneStep()
    {
        // SentimentLike: input 3; LSTM 16 x2 bidirectional; GRU 8; head 8 -> 4.
        long lstm0 = 2 * 64 * (3 + 16), lstm1 = 2 * 64 * (32 + 16), gru = 24 * (32 + 8), head = 4 * 8;
        Assert.Equal(lstm0 + lstm1 + gru + head, Constant(typeof(SentimentLike), "MultiplyAddsPerStep"));
        // StreamingMixed: input 3; LSTM 16; GRU 8; RNN 4; head 4 -> 2.
        Assert.Equal(64 * (3 + 16) + 24 * (16 + 8) + 4 * (8 + 4) + 2 * 4, Constant(typeof(StreamingMixed), "MultiplyAddsPerStep"));
    }
}
