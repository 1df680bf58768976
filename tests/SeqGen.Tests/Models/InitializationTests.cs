using System;
using System.Linq;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>Seeded initialization: PyTorch's ranges, and the same seed gives the same weights.</summary>
public sealed class InitializationTests
{
    [Fact]
    public void SameSeedSameWeightsOtherSeedOtherWeights()
    {
        Assert.Equal(new SentimentLike(seed: 9).Parameters.ToArray(), new SentimentLike(seed: 9).Parameters.ToArray());
        Assert.NotEqual(new SentimentLike(seed: 9).Parameters.ToArray(), new SentimentLike(seed: 10).Parameters.ToArray());
        Assert.Equal(new SentimentLike(seed: 0).Parameters.ToArray(), new SentimentLike().Parameters.ToArray());

        var model = new SentimentLike(seed: 9);
        float[] first = model.Parameters.ToArray();
        model.Parameters.Fill(0);
        model.InitializeParameters(9);
        Assert.Equal(first, model.Parameters.ToArray());
    }

    [Fact]
    public void EachTensorIsUniformWithinPyTorchsBound()
    {
        // SentimentLike: LSTM 16 (2 layers, bidirectional), then GRU 8, head from 8 features.
        var model = new SentimentLike(seed: 4);
        foreach (ParameterInfo info in SentimentLike.ParameterTable)
        {
            var values = new float[info.Length];
            model.GetParameter(info.Name, values);
            double bound = info.Name.StartsWith("head.", StringComparison.Ordinal) ? 1 / Math.Sqrt(8)
                : info.Name.EndsWith("_l2", StringComparison.Ordinal) ? 1 / Math.Sqrt(8)
                : 1 / Math.Sqrt(16);
            Assert.All(values, v => Assert.InRange(v, -bound, bound));
            if (values.Length >= 64)
            {
                // Uniform on [-b, b]: mean 0 (sd b/sqrt(3n)), and values reach close to both ends.
                Assert.InRange(values.Average(), -4 * bound / Math.Sqrt(3 * values.Length), 4 * bound / Math.Sqrt(3 * values.Length));
                Assert.True(values.Max() > 0.8 * bound && values.Min() < -0.8 * bound, $"{info.Name} does not span its range");
            }
        }
    }
}
