using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace SeqGen.Tests.Samples;

/// <summary>The reference for tests/SeqGen.PackageTests: its model, without embedded weights.</summary>
[SequenceModel(Topology.ManyToMany, InputSize = 1, Steps = 40, OutputSize = 1)]
[Lstm(12)]
public partial class PackageSineReference { }

/// <summary>
/// `dotnet pack src/SeqGen` makes one package holding the runtime (lib/net8.0, lib/net9.0), the
/// generator (analyzers/dotnet/cs) and the MSBuild files (build/); tests/SeqGen.PackageTests,
/// which references only that package, restores it from a temporary folder into a fresh packages
/// folder (so no stale copy in the global cache is used), builds without a warning (no CS9057, no
/// SEQ) and computes what the same model built from the sources computes.
/// </summary>
[Collection(DotnetCli.Collection)]
public sealed class PackageTests(ITestOutputHelper output)
{
    [Fact]
    public void PackedPackageBuildsAndRunsAConsumer()
    {
        var clock = Stopwatch.StartNew();
        string root = DotnetCli.RepositoryRoot();
        using var folder = new DotnetCli.TempFolder();
        string feed = Path.Combine(folder.Path, "feed");
        DotnetCli.DotnetWithoutWarnings(root, "pack", "src/SeqGen", "-c", "Release", "-o", feed);

        string package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
        Assert.Equal("SeqGen.0.1.0.nupkg", Path.GetFileName(package));
        using (ZipArchive zip = ZipFile.OpenRead(package))
        {
            string[] files = zip.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("lib/net8.0/SeqGen.dll", files);
            Assert.Contains("lib/net9.0/SeqGen.dll", files);
            Assert.Contains("build/SeqGen.props", files);
            Assert.Contains("build/SeqGen.targets", files);
            // the generator alone: Roslyn is the compiler's own, and nothing else is needed
            Assert.Equal(new[] { "analyzers/dotnet/cs/SeqGen.Generator.dll" }, files.Where(f => f.StartsWith("analyzers/", StringComparison.Ordinal)).ToArray());
            string nuspec = new StreamReader(zip.GetEntry("SeqGen.nuspec")!.Open()).ReadToEnd();
            Assert.DoesNotContain("SeqGen.Generator", nuspec);
        }
        TimeSpan packTime = clock.Elapsed;

        string consumer = Path.Combine(root, "tests", "SeqGen.PackageTests");
        // no warning at all: no CS9057 (generator built against a newer Roslyn than the compiler), no SEQ
        ProcessResult built = DotnetCli.DotnetWithoutWarnings(consumer, "build", "-c", "Release",
            "-p:RestoreAdditionalProjectSources=" + feed,
            "-p:RestorePackagesPath=" + Path.Combine(folder.Path, "packages"));
        Assert.True(File.Exists(Path.Combine(folder.Path, "packages", "seqgen", "0.1.0", "analyzers", "dotnet", "cs", "SeqGen.Generator.dll")),
            "the consumer restored the package into the fresh packages folder");

        ProcessResult run = DotnetCli.Dotnet(consumer, Path.Combine("bin", "Release", "net10.0", "SeqGen.PackageTests.dll"));
        Assert.True(run.ExitCode == 0, run.ToString());
        string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"parameters {PackageSineReference.ParameterCount}", lines[0]);

        var reference = new PackageSineReference();
        reference.LoadWeights(Path.Combine(root, "samples", "EmbeddedInference", "sine.safetensors"));
        float[] x = new float[1];
        float[] y = new float[1];
        Assert.Equal(13, lines.Length);
        for (int i = 0; i < 12; i++)
        {
            x[0] = MathF.Sin(i / 3f);
            reference.Step(x, y);
            Assert.Equal(y[0], float.Parse(lines[i + 1], CultureInfo.InvariantCulture), 1e-6f);
        }
        output.WriteLine($"pack {packTime.TotalSeconds:F1} s; consumer restore + build {built.Elapsed.TotalSeconds:F1} s; run {run.Elapsed.TotalSeconds:F1} s; total {clock.Elapsed.TotalSeconds:F1} s");
    }
}
