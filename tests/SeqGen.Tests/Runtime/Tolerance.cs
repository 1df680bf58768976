using System;
using System.Globalization;
using Xunit;

namespace SeqGen.Tests.Runtime;

/// <summary>Comparisons with explicit tolerances and messages that show both values.</summary>
internal static class Tolerance
{
    /// <summary>
    /// Passes when |actual - expected| &lt;= relative * |expected| + absolute. NaN never passes.
    /// </summary>
    public static void Close(double expected, double actual, double relative, double absolute, string what)
    {
        double diff = Math.Abs(actual - expected);
        double allowed = relative * Math.Abs(expected) + absolute;
        if (!(diff <= allowed))
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{what}: expected {expected:R}, actual {actual:R}, |diff| {diff:R} > allowed {allowed:R}."));
        }
    }

    /// <summary>Element-wise <see cref="Close(double, double, double, double, string)"/>, lengths must match.</summary>
    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double relative, double absolute, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Close(expected[i], actual[i], relative, absolute, $"{what}[{i}]");
        }
    }

    /// <summary>Element-wise comparison of a float result with a double reference.</summary>
    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double relative, double absolute, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Close(expected[i], actual[i], relative, absolute, $"{what}[{i}]");
        }
    }

    /// <summary>
    /// Analytic gradient against a central difference: |a - n| &lt;= relative * max(|a|, |n|) + absolute.
    /// </summary>
    public static void Gradient(double numeric, double analytic, double relative, double absolute, string what)
    {
        double diff = Math.Abs(analytic - numeric);
        double allowed = relative * Math.Max(Math.Abs(analytic), Math.Abs(numeric)) + absolute;
        if (!(diff <= allowed))
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{what}: central difference {numeric:R}, analytic {analytic:R}, |diff| {diff:R} > allowed {allowed:R}."));
        }
    }

    public static float[] ToFloat(ReadOnlySpan<double> values)
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = (float)values[i];
        }
        return result;
    }

    /// <summary>Row <paramref name="step"/> of a flattened [steps][width] table.</summary>
    public static ReadOnlySpan<double> Row(double[] table, int step, int width) => table.AsSpan(step * width, width);
}
