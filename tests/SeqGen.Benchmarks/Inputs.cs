using System;

namespace SeqGen.Benchmarks;

/// <summary>Deterministic, small inputs: a slow sine plus a little fixed jitter, amplitude below 0.6.</summary>
internal static class Inputs
{
    public static float[] Sequence(int steps, int inputSize, int seed = 7)
    {
        var random = new Random(seed);
        var values = new float[steps * inputSize];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < inputSize; i++)
            {
                double phase = 2 * Math.PI * (t + 3 * i) / 25.0;
                values[t * inputSize + i] = (float)(0.5 * Math.Sin(phase) + 0.05 * (random.NextDouble() - 0.5));
            }
        }
        return values;
    }
}
