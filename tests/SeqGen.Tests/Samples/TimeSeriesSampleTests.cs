using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using SeqGen.Samples.TimeSeries;
using Xunit;
using Xunit.Abstractions;

namespace SeqGen.Tests.Samples;

/// <summary>The TimeSeries sample, shortened (half the data, 5 epochs): it must beat the last-value baseline at least twofold.</summary>
public sealed class TimeSeriesSampleTests(ITestOutputHelper output)
{
    [Fact]
    public void ShortRunBeatsTheLastValueBaselineTwofoldAndPlotsTheLoss()
    {
        string plot = Path.Combine(Path.GetTempPath(), $"seqgen-timeseries-{Guid.NewGuid():N}.svg");
        try
        {
            TimeSeriesResult result = TimeSeriesTrainer.Run(new TimeSeriesOptions(Epochs: 5, Duration: 1200, PlotPath: plot));

            output.WriteLine($"held-out MSE {result.TestMse:F5}, last value {result.BaselineMse:F5}, " +
                $"{result.Training.EpochsRun} epochs, {result.Training.SequencesPerSecond:F0} sequences/s, {result.Elapsed.TotalSeconds:F1} s");
            Assert.True(result.TestMse < 0.5 * result.BaselineMse,
                $"held-out MSE {result.TestMse:F5} should be under half the last-value baseline's {result.BaselineMse:F5}");
            Assert.True(result.Measurements > 1000 && result.GridPoints > 1000, $"{result.Measurements} measurements, {result.GridPoints} grid points");

            XNamespace svg = "http://www.w3.org/2000/svg";
            var polylines = XDocument.Load(plot).Descendants(svg + "polyline").ToList();
            Assert.Equal(2, polylines.Count); // train and validation
            Assert.All(polylines, p => Assert.Equal(result.Training.EpochsRun, p.Attribute("points")!.Value.Split(' ').Length));
        }
        finally
        {
            File.Delete(plot);
        }
    }
}
