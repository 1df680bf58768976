using System;
using System.Linq;
using System.Numerics;
using Xunit;

namespace SeqGen.Tests.Reference;

/// <summary>
/// The lockstep batch path (ComputeBatchGradients) against PyTorch: every reference vector whose
/// model has it, as a batch of copies of the vector's one sequence. The loss and every parameter
/// gradient must be the copies' count times PyTorch's. Five copies take one group of four lanes
/// (the matrix-matrix kernels, where the widths allow) and one lane on its own. Identical copies
/// cannot show one lane reading another's values: BatchedGradientTests, with distinct sequences, can.
/// </summary>
public sealed class BatchedReferenceVectorTests
{
    public static TheoryData<string, int> Cases
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach ((string name, var models) in ReferenceVectorTests.s_models)
            {
                if (models.Double() is IBatchedRegressionModel<double> or IBatchedClassifierModel<double>)
                {
                    data.Add(name, 1);
                    data.Add(name, 5);
                }
            }
            return data;
        }
    }

    [Fact]
    public void TheEligibleVectorsAreThePlainStacks()
    {
        string[] eligible = ReferenceVectorTests.s_models
            .Where(m => m.Value.Double() is IBatchedRegressionModel<double> or IBatchedClassifierModel<double>)
            .Select(m => m.Key).Order().ToArray();
        Assert.Equal(
            ["gru_bidirectional_many_to_one", "gru_bidirectional_stacked2_many_to_many", "gru_h16_stacked2_many_to_many", "gru_h8_bidirectional_many_to_one_ce",
             "lstm_h16_stacked2_many_to_many", "lstm_h40_many_to_one", "lstm_initial_state", "lstm_many_to_one_ce", "lstm_stacked2_many_to_many_ce", "rnn_relu_many_to_many", "rnn_tanh_many_to_one"],
            eligible);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorchInDouble(string name, int copies) => Check(ReferenceCase.Load(name), ReferenceVectorTests.s_models[name].Double(), copies, 1e-9);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorchInSingle(string name, int copies) => Check(ReferenceCase.Load(name), ReferenceVectorTests.s_models[name].Single(), copies, 1e-4);

    private static void Check<T>(ReferenceCase c, ISequenceModel<T> model, int copies, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach ((string name, double[] data) in c.Params)
        {
            model.SetParameter(name, ReferenceVectorTests.Convert<T>(data));
        }
        if (c.H0 is not null)
        {
            ReferenceVectorTests.Convert<T>(c.H0).CopyTo(model.InitialHidden);
        }
        if (c.C0 is not null)
        {
            ReferenceVectorTests.Convert<T>(c.C0).CopyTo(((ICellStateModel<T>)model).InitialCell);
        }
        T[] x = ReferenceVectorTests.Convert<T>(c.X);
        T[] inputs = Enumerable.Repeat(x, copies).SelectMany(v => v).ToArray();
        model.ZeroGradients();
        T loss = c.IsCrossEntropy
            ? ((IBatchedClassifierModel<T>)model).ComputeBatchGradients(inputs, Enumerable.Repeat(c.ClassTargets!, copies).SelectMany(v => v).ToArray(), copies)
            : ((IBatchedRegressionModel<T>)model).ComputeBatchGradients(inputs, Enumerable.Repeat(ReferenceVectorTests.Convert<T>(c.Targets!), copies).SelectMany(v => v).ToArray(), copies);
        ReferenceVectorTests.AssertClose("loss", [copies * c.Loss], [loss], tolerance);
        foreach ((string name, double[] expected) in c.Grads)
        {
            var actual = new T[expected.Length];
            model.GetGradient(name, actual);
            ReferenceVectorTests.AssertClose("grad " + name, expected.Select(g => copies * g).ToArray(), actual, tolerance);
        }
    }
}
