using System;
using System.Text.RegularExpressions;
using Xunit;

namespace SeqGen.Tests.Runtime;

public class ModelGuardTests
{
    [Fact]
    public void LengthAcceptsTheExpectedLength()
    {
        ModelGuard.Length(12, 12, "input", "[steps=4][features=3]");
    }

    [Theory]
    [InlineData(11, 12)]
    [InlineData(0, 12)]
    [InlineData(13, 12)]
    public void LengthMismatchNamesArgumentLengthsAndLayout(int actual, int expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ModelGuard.Length(actual, expected, "input", "[steps=4][features=3]"));
        Assert.Equal("input", e.ParamName);
        Assert.Matches(new Regex($@"\b{actual}\b"), e.Message);
        Assert.Matches(new Regex($@"\b{expected}\b"), e.Message);
        Assert.Contains("[steps=4][features=3]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FiniteAcceptsFiniteValues()
    {
        ModelGuard.Finite<double>(new[] { 0.0, -1e308, 1e308, double.Epsilon }, "input");
        ModelGuard.Finite<float>(new[] { float.MaxValue, float.MinValue }, "input");
        ModelGuard.Finite<double>(ReadOnlySpan<double>.Empty, "input");
    }

    [Theory]
    [InlineData(double.NaN, 2)]
    [InlineData(double.PositiveInfinity, 0)]
    [InlineData(double.NegativeInfinity, 4)]
    public void FiniteNamesTheFirstBadIndex(double bad, int index)
    {
        double[] values = { 1, 2, 3, 4, 5 };
        values[index] = bad;
        var e = Assert.Throws<ArgumentException>(() => ModelGuard.Finite<double>(values, "targets"));
        Assert.Equal("targets", e.ParamName);
        Assert.Contains($"targets[{index}]", e.Message, StringComparison.Ordinal);

        float[] floats = { 1, 2, 3, 4, 5 };
        floats[index] = (float)bad;
        var f = Assert.Throws<ArgumentException>(() => ModelGuard.Finite<float>(floats, "input"));
        Assert.Contains($"input[{index}]", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassIdsAcceptsZeroToClassesMinusOne()
    {
        ModelGuard.ClassIds(new[] { 0, 1, 2, 3, 4 }, 5, "targets");
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(-1, 3)]
    [InlineData(int.MinValue, 0)]
    public void ClassIdsOutOfRangeThrowsNamingIndexAndRange(int bad, int index)
    {
        int[] targets = { 0, 1, 2, 3, 4 };
        targets[index] = bad;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ModelGuard.ClassIds(targets, 5, "targets"));
        Assert.Equal("targets", e.ParamName);
        Assert.Contains($"targets[{index}]", e.Message, StringComparison.Ordinal);
        Assert.Contains(bad.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        Assert.Contains("[0, 4]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownParameterListsTheValidNames()
    {
        var table = new[] { new ParameterInfo("rnn.weight_ih_l0", 8, 3), new ParameterInfo("rnn.bias_ih_l0", 8), new ParameterInfo("head.weight", 2, 2) };
        ArgumentException e = ModelGuard.UnknownParameter("rnn.weight_hh_l7", table);
        Assert.Equal("name", e.ParamName);
        Assert.Contains("'rnn.weight_hh_l7'", e.Message, StringComparison.Ordinal);
        Assert.Contains("rnn.weight_ih_l0, rnn.bias_ih_l0, head.weight", e.Message, StringComparison.Ordinal);
    }
}
