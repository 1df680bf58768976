using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml.Linq;

namespace SeqGen.Plotting;

/// <summary>
/// A line plot of one or more (x, y) series, written as a standalone SVG file: axes with labelled
/// ticks, one polyline per series, a legend, optionally a logarithmic y axis (for loss curves).
/// </summary>
/// <remarks>
/// Points whose x or y is NaN or infinite, and on a log axis points with y &lt;= 0, are skipped: the
/// polyline joins the remaining points, and <see cref="SkippedPoints"/> counts what was left out.
/// A series with no plottable point still gets a legend entry and an empty polyline.
/// </remarks>
public sealed class LinePlot
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
    private const double Left = 70, Right = 170, Top = 40, Bottom = 50;

    private readonly List<(string Name, double[] X, double[] Y)> _series = [];
    private int _width = 720, _height = 420;

    /// <summary>Title above the plot; none when null.</summary>
    public string? Title { get; set; }

    /// <summary>Label under the x axis.</summary>
    public string? XLabel { get; set; }

    /// <summary>Label beside the y axis.</summary>
    public string? YLabel { get; set; }

    /// <summary>Whether the y axis is logarithmic (base 10, a tick per decade).</summary>
    public bool LogY { get; set; }

    /// <summary>Width of the image in pixels (at least 300; default 720).</summary>
    public int Width
    {
        get => _width;
        set => _width = value >= 300 ? value : throw new ArgumentOutOfRangeException(nameof(Width), value, $"Width must be at least 300, but is {value}.");
    }

    /// <summary>Height of the image in pixels (at least 200; default 420).</summary>
    public int Height
    {
        get => _height;
        set => _height = value >= 200 ? value : throw new ArgumentOutOfRangeException(nameof(Height), value, $"Height must be at least 200, but is {value}.");
    }

    /// <summary>Number of series added.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>Points left out of the last <see cref="ToSvg"/> or <see cref="Save"/> because they were not plottable.</summary>
    public int SkippedPoints { get; private set; }

    /// <summary>Adds a series of points (<paramref name="x"/>[i], <paramref name="y"/>[i]); the values are copied.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public LinePlot Add(string name, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Series '{name}': x has {x.Length} values but y has {y.Length}; they must have the same length.", nameof(y));
        }
        _series.Add((name, x.ToArray(), y.ToArray()));
        return this;
    }

    /// <summary>Adds a series with x = 1, 2, ..., n (e.g. epochs).</summary>
    public LinePlot Add(string name, ReadOnlySpan<double> y)
    {
        var x = new double[y.Length];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = i + 1;
        }
        return Add(name, x, y);
    }

    /// <summary>The plot as an SVG document.</summary>
    public string ToSvg()
    {
        XDocument document = Build();
        return document.Declaration + Environment.NewLine + document.ToString(SaveOptions.None);
    }

    /// <summary>
    /// Writes the SVG to <paramref name="path"/> atomically: to a temporary file in the same folder,
    /// then renamed over the target, so a reader never sees a half-written file.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
        string svg = ToSvg();
        AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(svg)));
    }

    private bool Plottable(double x, double y) => double.IsFinite(x) && double.IsFinite(y) && (!LogY || y > 0);

    private XDocument Build()
    {
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        int skipped = 0;
        foreach (var (_, xs, ys) in _series)
        {
            for (int i = 0; i < xs.Length; i++)
            {
                if (!Plottable(xs[i], ys[i]))
                {
                    skipped++;
                    continue;
                }
                xMin = Math.Min(xMin, xs[i]);
                xMax = Math.Max(xMax, xs[i]);
                yMin = Math.Min(yMin, ys[i]);
                yMax = Math.Max(yMax, ys[i]);
            }
        }
        SkippedPoints = skipped;
        if (xMin > xMax)
        {
            (xMin, xMax, yMin, yMax) = (0, 1, LogY ? 1 : 0, LogY ? 10 : 1);
        }
        PlotAxis xAxis = PlotAxis.Create(xMin, xMax, log: false), yAxis = PlotAxis.Create(yMin, yMax, LogY);
        double plotWidth = Width - Left - Right, plotHeight = Height - Top - Bottom;
        double Px(double x) => Left + xAxis.Fraction(x) * plotWidth;
        double Py(double y) => Top + (1 - yAxis.Fraction(y)) * plotHeight;

        var root = new XElement(Svg + "svg",
            new XAttribute("width", Width), new XAttribute("height", Height),
            new XAttribute("viewBox", $"0 0 {Width} {Height}"),
            new XAttribute("font-family", "sans-serif"), new XAttribute("font-size", 12),
            new XElement(Svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "white")));
        if (Title is not null)
        {
            root.Add(Text(Width / 2.0, Top / 2 + 5, Title, "middle", ("font-size", "15")));
        }

        var axes = new XElement(Svg + "g", new XAttribute("class", "axes"), new XAttribute("stroke", "#999"));
        var labels = new XElement(Svg + "g", new XAttribute("class", "tick-labels"), new XAttribute("fill", "#333"));
        foreach (double tick in xAxis.Ticks)
        {
            double px = Px(tick);
            axes.Add(Line(px, Top, px, Top + plotHeight, ("stroke", "#eee")), Line(px, Top + plotHeight, px, Top + plotHeight + 5));
            labels.Add(Text(px, Top + plotHeight + 18, Format(tick), "middle"));
        }
        foreach (double tick in yAxis.Ticks)
        {
            double py = Py(tick);
            axes.Add(Line(Left, py, Left + plotWidth, py, ("stroke", "#eee")), Line(Left - 5, py, Left, py));
            labels.Add(Text(Left - 8, py + 4, Format(tick), "end"));
        }
        // the axis lines last, over the light grid lines
        axes.Add(Line(Left, Top + plotHeight, Left + plotWidth, Top + plotHeight), Line(Left, Top, Left, Top + plotHeight));
        root.Add(axes, labels);
        if (XLabel is not null)
        {
            root.Add(Text(Left + plotWidth / 2, Height - 10, XLabel, "middle"));
        }
        if (YLabel is not null)
        {
            root.Add(Text(16, Top + plotHeight / 2, YLabel, "middle", ("transform", $"rotate(-90 16 {N(Top + plotHeight / 2)})")));
        }

        var lines = new XElement(Svg + "g", new XAttribute("class", "series"), new XAttribute("fill", "none"), new XAttribute("stroke-width", 1.8));
        var legend = new XElement(Svg + "g", new XAttribute("class", "legend"));
        for (int s = 0; s < _series.Count; s++)
        {
            var (name, xs, ys) = _series[s];
            string color = Palette[s % Palette.Length];
            var points = new System.Text.StringBuilder();
            for (int i = 0; i < xs.Length; i++)
            {
                if (Plottable(xs[i], ys[i]))
                {
                    points.Append(points.Length == 0 ? "" : " ").Append(N(Px(xs[i]))).Append(',').Append(N(Py(ys[i])));
                }
            }
            lines.Add(new XElement(Svg + "polyline", new XAttribute("points", points.ToString()), new XAttribute("stroke", color),
                new XElement(Svg + "title", name)));
            double ly = Top + 10 + 20 * s, lx = Left + plotWidth + 15;
            legend.Add(Line(lx, ly, lx + 24, ly, ("stroke", color), ("stroke-width", "2.5")), Text(lx + 30, ly + 4, name, "start"));
        }
        root.Add(lines, legend);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static XElement Line(double x1, double y1, double x2, double y2, params (string Name, string Value)[] extra)
    {
        var line = new XElement(Svg + "line", new XAttribute("x1", N(x1)), new XAttribute("y1", N(y1)), new XAttribute("x2", N(x2)), new XAttribute("y2", N(y2)));
        foreach (var (attribute, value) in extra)
        {
            line.SetAttributeValue(attribute, value);
        }
        return line;
    }

    private static XElement Text(double x, double y, string content, string anchor, params (string Name, string Value)[] extra)
    {
        var text = new XElement(Svg + "text", new XAttribute("x", N(x)), new XAttribute("y", N(y)), new XAttribute("text-anchor", anchor), content);
        foreach (var (attribute, value) in extra)
        {
            text.SetAttributeValue(attribute, value);
        }
        return text;
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Format(double tick) => tick.ToString("G4", CultureInfo.InvariantCulture);
}
