using System;

namespace SeqGen;

/// <summary>The argument checks the optimizers share, with messages that name the values.</summary>
internal static class OptimizerArguments
{
    public static void Check(int parameterCount, double learningRate, string learningRateName)
    {
        if (parameterCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(parameterCount), parameterCount,
                $"parameterCount must be at least 1, but is {parameterCount}.");
        }
        CheckRange(learningRate, 0, double.MaxValue, inclusiveUpper: true, learningRateName);
    }

    public static void CheckRange(double value, double min, double max, bool inclusiveUpper, string name)
    {
        bool ok = value >= min && (inclusiveUpper ? value <= max : value < max);
        if (!ok || double.IsNaN(value))
        {
            string upper = max == double.MaxValue ? "" : inclusiveUpper ? $" and at most {max}" : $" and below {max}";
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {min}{upper}, but is {value}.");
        }
    }

    public static void CheckSpans(int expected, int parameters, int gradients)
    {
        if (parameters != expected)
        {
            throw new ArgumentException(
                $"parameters has length {parameters}, but this optimizer was created for {expected} parameters.", "parameters");
        }
        if (gradients != expected)
        {
            throw new ArgumentException(
                $"gradients has length {gradients}, but this optimizer was created for {expected} parameters.", "gradients");
        }
    }
}
