using System;
using System.Linq;
using System.Numerics;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>
/// Forward of a streaming model runs each layer with its state in place and caches nothing
/// (<c>ForwardSteps</c>: the whole-sequence kernels for plain LSTM and GRU cells, Step's kernel in a
/// loop for the others); ComputeGradients keeps the caching pass. The two must agree bit for bit
/// on the outputs and on FinalHidden/FinalCell, from a non-zero initial state, and Forward must
/// not touch the streaming state.
/// </summary>
public sealed class SteppedForwardTests
{
    [Fact]
    public void SingleStackOfFusedKernelsMatchesTheCachingPass()
    {
        var model = new StreamingMixed(seed: 5);
        float[] input = Inputs<float>(StreamingMixed.InputLength, seed: 1);
        AssertMatchesCachingPass<float>(model, input, x => model.ComputeGradients(x, new float[StreamingMixed.OutputLength]));
    }

    [Fact]
    public void DoubleStackWithResetBeforeGruMatchesTheCachingPass()
    {
        var model = new StreamingMixedDouble(seed: 3);
        double[] input = Inputs<double>(StreamingMixedDouble.InputLength, seed: 2);
        AssertMatchesCachingPass<double>(model, input, x => model.ComputeGradients(x, new double[StreamingMixedDouble.OutputLength]));
    }

    [Fact]
    public void EightUnitOneMethodKernelsMatchTheCachingPass()
    {
        var model = new StreamingEight(seed: 6);
        float[] input = Inputs<float>(StreamingEight.InputLength, seed: 3);
        AssertMatchesCachingPass<float>(model, input, x => model.ComputeGradients(x, new float[StreamingEight.OutputLength]));
    }

    [Fact]
    public void ProjectedLstmStackMatchesTheCachingPass()
    {
        var model = new StreamingProjected(seed: 4);
        float[] input = Inputs<float>(StreamingProjected.InputLength, seed: 4);
        AssertMatchesCachingPass<float>(model, input, x => model.ComputeGradients(x, new float[StreamingProjected.OutputLength]));
    }

    [Fact]
    public void ManyToOneClassifierMatchesTheCachingPass()
    {
        var model = new SteppedManyToOne(seed: 7);
        float[] input = Inputs<float>(SteppedManyToOne.InputLength, seed: 5);
        AssertMatchesCachingPass<float>(model, input, x => model.ComputeGradients(x, new[] { 1 }));
    }

    [Fact]
    public void OneToManyModelMatchesTheCachingPass()
    {
        var model = new SteppedOneToMany(seed: 8);
        float[] input = Inputs<float>(SteppedOneToMany.InputLength, seed: 6);
        AssertMatchesCachingPass<float>(model, input, x => model.ComputeGradients(x, new float[SteppedOneToMany.OutputLength]));
    }

    [Fact]
    public void LayerNormPeepholeCoupledClippedAndSingleBiasCellsMatchTheCachingPass()
    {
        var model = new SteppedCellOptions(seed: 9);
        double[] input = Inputs<double>(SteppedCellOptions.InputLength, seed: 7);
        AssertMatchesCachingPass<double>(model, input, x => model.ComputeGradients(x, new double[SteppedCellOptions.OutputLength]));
    }

    [Fact]
    public void SingleCellOptionsMatchTheCachingPass()
    {
        var model = new SteppedCellOptionsSingle(seed: 10);
        float[] input = Inputs<float>(SteppedCellOptionsSingle.InputLength, seed: 12);
        AssertMatchesCachingPass<float>(model, input, x => model.ComputeGradients(x, new float[SteppedCellOptionsSingle.OutputLength]));
    }

    [Fact]
    public void ProjectedEightUnitLstmAndResetBeforeGruInSingleMatchTheCachingPass()
    {
        // the H = 8 one-method kernel with a narrower recurrent input; the reset-before GRU's float path
        var model = new SteppedProjectedEight(seed: 14);
        float[] input = Inputs<float>(SteppedProjectedEight.InputLength, seed: 13);
        AssertMatchesCachingPass<float>(model, input, x => model.ComputeGradients(x, new float[SteppedProjectedEight.OutputLength]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(9)]
    public void PaddedForwardMatchesThePaddedCachingPass(int length)
    {
        var manyToMany = new StreamingMixed(seed: 11);
        float[] input = Inputs<float>(StreamingMixed.InputLength, seed: 8);
        AssertMatchesCachingPass<float>(manyToMany, input,
            x => manyToMany.ComputeGradients(x, new float[StreamingMixed.OutputLength], length),
            (x, y) => manyToMany.Forward(x, y, length));

        var manyToOne = new SteppedManyToOne(seed: 12);
        float[] sequence = Inputs<float>(SteppedManyToOne.InputLength, seed: 9);
        AssertMatchesCachingPass<float>(manyToOne, sequence,
            x => manyToOne.ComputeGradients(x, new[] { 2 }, length),
            (x, y) => manyToOne.Forward(x, y, length));
    }

    [Fact]
    public void ForwardLeavesTheStreamingStateAlone()
    {
        var model = new StreamingMixed(seed: 13);
        float[] input = Inputs<float>(StreamingMixed.InputLength, seed: 10);
        float[] other = Inputs<float>(StreamingMixed.InputLength, seed: 11);
        var uninterrupted = new float[StreamingMixed.OutputLength];
        for (int t = 0; t < StreamingMixed.Steps; t++)
        {
            model.Step(input.AsSpan(t * StreamingMixed.InputSize, StreamingMixed.InputSize), uninterrupted.AsSpan(t * StreamingMixed.OutputSize, StreamingMixed.OutputSize));
        }
        model.ResetState();
        var interrupted = new float[StreamingMixed.OutputLength];
        for (int t = 0; t < StreamingMixed.Steps; t++)
        {
            if (t == 4)
            {
                model.Forward(other, new float[StreamingMixed.OutputLength]);
            }
            model.Step(input.AsSpan(t * StreamingMixed.InputSize, StreamingMixed.InputSize), interrupted.AsSpan(t * StreamingMixed.OutputSize, StreamingMixed.OutputSize));
        }
        Assert.Equal(uninterrupted, interrupted);
    }

    [Fact]
    public void ModelsWithoutAStreamingForwardKeepTheCachingPass()
    {
        // bidirectional, 16-bit Step weights, feedback, convolution: Forward has no ForwardSteps
        const System.Reflection.BindingFlags Private = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
        Assert.Null(typeof(SentimentLike).GetMethod("ForwardSteps", Private));
        Assert.Null(typeof(HalfLstm1x64).GetMethod("ForwardSteps", Private));
        Assert.Null(typeof(FeedBackCharsF).GetMethod("ForwardSteps", Private));
        Assert.Null(typeof(TemporalConvLstmManyToManyF).GetMethod("ForwardSteps", Private));
        Assert.NotNull(typeof(StreamingMixed).GetMethod("ForwardSteps", Private));
    }

    /// <summary>
    /// Forward from a non-zero initial state, then the caching pass over the same input: the
    /// outputs (Outputs holds the caching pass's) and the final states must be the same bits.
    /// </summary>
    private static void AssertMatchesCachingPass<T>(ISequenceModel<T> model, T[] input, Action<T[]> cachingPass, Action<T[], T[]>? forward = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < model.InitialHidden.Length; i++)
        {
            model.InitialHidden[i] = T.CreateChecked(0.1 * (i % 5) - 0.2);
        }
        var cellModel = model as ICellStateModel<T>;
        if (cellModel is not null)
        {
            for (int i = 0; i < cellModel.InitialCell.Length; i++)
            {
                cellModel.InitialCell[i] = T.CreateChecked(0.3 - 0.1 * (i % 4));
            }
        }
        var output = new T[model.Outputs.Length];
        (forward ?? ((x, y) => model.Forward(x, y)))(input, output);
        T[] hidden = model.FinalHidden.ToArray();
        T[] cell = cellModel?.FinalCell.ToArray() ?? [];

        cachingPass(input);
        Assert.Equal(model.Outputs.ToArray(), output);
        Assert.Equal(model.FinalHidden.ToArray(), hidden);
        Assert.Equal(cellModel?.FinalCell.ToArray() ?? [], cell);
        Assert.Contains(output, v => T.Abs(v) > T.CreateChecked(1e-3)); // not a trivially zero output
    }

    private static T[] Inputs<T>(int length, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => T.CreateChecked(random.NextDouble() * 2 - 1)).ToArray();
    }
}

// A classifier: two layers (the fused H = 16 LSTM kernel under an H = 8 GRU), head once on the final state.
[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 9, OutputSize = 3, Loss = LossKind.CrossEntropy)]
[Lstm(16)]
[Gru(8)]
public partial class SteppedManyToOne { }

// One input vector at step 0, zeros after, an output at every step.
[SequenceModel(Topology.OneToMany, InputSize = 3, Steps = 6, OutputSize = 2)]
[Lstm(8)]
public partial class SteppedOneToMany { }

// Every cell option that changes the step kernel, stacked.
[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 7, OutputSize = 2, Precision = Precision.Double)]
[Lstm(5, LayerNorm = true)]
[Lstm(4, Peephole = true)]
[Lstm(4, CellClip = 0.5)]
[Lstm(4, CoupledGates = true, ProjectionSize = 3)]
[Gru(4, LayerNorm = true)]
[Rnn(3, SingleBias = true, Activation = RnnActivation.Relu)]
public partial class SteppedCellOptions { }

// The same cell options in single precision (their float kernels).
[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 7, OutputSize = 2)]
[Lstm(8, LayerNorm = true)]
[Lstm(8, Peephole = true)]
[Lstm(8, CellClip = 0.5)]
[Lstm(8, CoupledGates = true)]
[Gru(8, LayerNorm = true)]
[Rnn(8, SingleBias = true, Activation = RnnActivation.Relu)]
public partial class SteppedCellOptionsSingle { }

// A projected LSTM at H = 8 (the one-method kernel reading a 5-wide h), then a reset-before GRU, in single precision.
[SequenceModel(Topology.ManyToMany, InputSize = 3, Steps = 7, OutputSize = 2)]
[Lstm(8, ProjectionSize = 5)]
[Gru(16, Variant = GruVariant.ResetBefore)]
public partial class SteppedProjectedEight { }
