using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using SeqGen.Plotting;
using Xunit;

namespace SeqGen.Tests.Plotting;

public sealed class LinePlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void WritesWellFormedSvgWithOnePolylinePerSeries()
    {
        var plot = new LinePlot { Title = "loss <&> \"curves\"", XLabel = "epoch", YLabel = "MSE" }
            .Add("train", [0.9, 0.5, 0.3, 0.2])
            .Add("validation", [1, 2, 3, 4, 5, 6], [1.0, 0.6, 0.4, 0.35, 0.33, 0.32]);
        string path = Path.Combine(Path.GetTempPath(), $"seqgen-plot-{Guid.NewGuid():N}.svg");
        try
        {
            plot.Save(path);
            XDocument document = XDocument.Load(path);
            Assert.Equal(Svg + "svg", document.Root!.Name);
            var polylines = document.Descendants(Svg + "polyline").ToList();
            Assert.Equal(2, polylines.Count);
            Assert.Equal([4, 6], polylines.Select(p => p.Attribute("points")!.Value.Split(' ').Length));
            Assert.Contains(document.Descendants(Svg + "text"), t => t.Value == "loss <&> \"curves\"");
            Assert.Contains(document.Descendants(Svg + "text"), t => t.Value == "validation");
            Assert.True(document.Descendants(Svg + "text").Count() > 8, "tick labels expected");
            // no temporary file left beside it
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!, $"*{Path.GetFileName(path)}*"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PointsLieInsideThePlotAreaAndFollowTheData()
    {
        var plot = new LinePlot().Add("line", [0, 1, 2], [0, 10, 5]);
        XDocument document = XDocument.Parse(plot.ToSvg());
        var points = document.Descendants(Svg + "polyline").Single().Attribute("points")!.Value.Split(' ')
            .Select(p => p.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.True(points[0][0] < points[1][0] && points[1][0] < points[2][0]);
        Assert.True(points[1][1] < points[2][1] && points[2][1] < points[0][1]); // SVG y grows downward
        Assert.All(points, p => Assert.InRange(p[0], 0, plot.Width));
        Assert.All(points, p => Assert.InRange(p[1], 0, plot.Height));
    }

    [Fact]
    public void NonFiniteAndNonPositiveOnLogAxisAreSkipped()
    {
        var plot = new LinePlot { LogY = true }
            .Add("a", [1, 2, 3, 4, 5], [1, double.NaN, 0.1, double.PositiveInfinity, 0.001])
            .Add("b", [1, 2, 3], [0.5, -1, 0]);
        XDocument document = XDocument.Parse(plot.ToSvg());
        var polylines = document.Descendants(Svg + "polyline").ToList();
        Assert.Equal(3, polylines[0].Attribute("points")!.Value.Split(' ').Length);
        Assert.Single(polylines[1].Attribute("points")!.Value.Split(' '));
        Assert.Equal(4, plot.SkippedPoints);
        // a tick per decade from 1e-3 to 1
        string[] labels = document.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "tick-labels")
            .Elements().Select(e => e.Value).ToArray();
        Assert.Contains("0.001", labels);
        Assert.Contains("0.01", labels);
        Assert.Contains("1", labels);
    }

    [Fact]
    public void EmptyAndConstantSeriesStillRender()
    {
        XDocument.Parse(new LinePlot().ToSvg());
        XDocument.Parse(new LinePlot().Add("flat", [2, 2, 2]).ToSvg());
        XDocument.Parse(new LinePlot().Add("none", [double.NaN]).ToSvg());
        Assert.Throws<ArgumentException>(() => new LinePlot().Add("x", [1, 2], [1]));
    }
}
