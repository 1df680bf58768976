using System;
using SeqGen.Data;

namespace SeqGen.Samples.TimeSeries;

/// <summary>
/// The data: a signal measured at irregular times with noise, and its resampling onto a uniform
/// grid with the natural cubic spline (a recurrent model needs one sample per step).
/// </summary>
public static class Measurements
{
    /// <summary>Standard deviation of the measurement noise.</summary>
    public const double NoiseStdDev = 0.05;

    /// <summary>The underlying signal: two sines, periods 40 and 13 time units.</summary>
    public static double Signal(double t) => Math.Sin(2 * Math.PI * t / 40) + 0.5 * Math.Sin(2 * Math.PI * t / 13 + 1);

    /// <summary>
    /// Measures <see cref="Signal"/> from t = 0 to <paramref name="duration"/> at irregular times
    /// (gaps uniform in [0.3, 1.7], mean 1) with Gaussian noise; seeded.
    /// </summary>
    public static (double[] Times, double[] Values) Measure(double duration, Random random)
    {
        var times = new System.Collections.Generic.List<double>();
        var values = new System.Collections.Generic.List<double>();
        for (double t = 0; t <= duration; t += 0.3 + 1.4 * random.NextDouble())
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double gaussian = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            times.Add(t);
            values.Add(Signal(t) + NoiseStdDev * gaussian);
        }
        return (times.ToArray(), values.ToArray());
    }

    /// <summary>The natural cubic spline through the measurements, evaluated every <paramref name="step"/> from the first measurement to the last.</summary>
    public static float[] Resample(double[] times, double[] values, double step)
    {
        var spline = new CubicSpline<double>(times, values);
        int count = (int)Math.Floor((spline.End - spline.Start) / step) + 1;
        var grid = new double[count];
        spline.Resample(spline.Start, step, grid);
        return Array.ConvertAll(grid, v => (float)v);
    }
}
