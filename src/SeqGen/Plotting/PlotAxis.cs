using System;
using System.Collections.Generic;

namespace SeqGen.Plotting;

/// <summary>One axis of a plot: its range after rounding out to tick values, the ticks, and the map to pixels.</summary>
internal sealed class PlotAxis
{
    private PlotAxis(double min, double max, bool log, List<double> ticks)
    {
        Min = min;
        Max = max;
        Log = log;
        Ticks = ticks;
    }

    public double Min { get; }

    public double Max { get; }

    public bool Log { get; }

    public IReadOnlyList<double> Ticks { get; }

    /// <summary>The fraction of the axis length at which <paramref name="value"/> lies (0 at Min, 1 at Max).</summary>
    public double Fraction(double value) =>
        Log ? (Math.Log10(value) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min)) : (value - Min) / (Max - Min);

    /// <summary>An axis over [min, max] (finite; for a log axis, above zero) with about five "nice" ticks (1, 2 or 5 x 10^k), or one tick per decade.</summary>
    public static PlotAxis Create(double min, double max, bool log)
    {
        if (log)
        {
            int low = (int)Math.Floor(Math.Log10(min));
            int high = Math.Max((int)Math.Ceiling(Math.Log10(max)), low + 1);
            int every = Math.Max(1, (high - low + 7) / 8); // at most about 8 labelled decades
            var decades = new List<double>();
            for (int k = low; k <= high; k += every)
            {
                decades.Add(Math.Pow(10, k));
            }
            return new PlotAxis(Math.Pow(10, low), Math.Pow(10, high), true, decades);
        }
        if (max == min)
        {
            double half = min == 0 ? 1 : Math.Abs(min) * 0.5;
            min -= half;
            max += half;
        }
        double step = NiceStep((max - min) / 5);
        double first = Math.Floor(min / step) * step, last = Math.Ceiling(max / step) * step;
        var ticks = new List<double>();
        for (int i = 0; first + i * step <= last + step * 1e-9; i++)
        {
            double tick = first + i * step;
            ticks.Add(Math.Abs(tick) < step * 1e-9 ? 0 : tick);
        }
        return new PlotAxis(first, last, false, ticks);
    }

    private static double NiceStep(double rough)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double scaled = rough / magnitude;
        double nice = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
