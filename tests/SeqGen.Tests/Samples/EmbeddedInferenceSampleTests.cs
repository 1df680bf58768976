using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace SeqGen.Tests.Samples;

/// <summary>
/// samples/EmbeddedInference published with NativeAOT: no trim or AOT warning, and the native
/// binary's streaming predictions equal the JIT build's (to float rounding: the JIT uses FMA where
/// the machine has it, NativeAOT's default instruction set does not). Prints the binary's size
/// and start-up time.
/// </summary>
[Collection(DotnetCli.Collection)]
public sealed class EmbeddedInferenceSampleTests(ITestOutputHelper output)
{
    [Fact]
    public void NativeAotBinaryMatchesTheJitBuild()
    {
        string root = DotnetCli.RepositoryRoot();
        using var folder = new DotnetCli.TempFolder();
        string publish = Path.Combine(folder.Path, "publish");
        ProcessResult published = DotnetCli.DotnetWithoutWarnings(root, "publish", "samples/EmbeddedInference", "-c", "Release", "-o", publish);

        string native = Path.Combine(publish, OperatingSystem.IsWindows() ? "EmbeddedInference.exe" : "EmbeddedInference");
        // a native program: no managed assembly is published beside it
        Assert.True(File.Exists(native), published.ToString());
        Assert.False(File.Exists(Path.Combine(publish, "EmbeddedInference.dll")), "the publish is not native");
        // the IL build the publish compiled natively (bin/Release/net9.0/<rid>/), run by the JIT
        string jit = Directory.GetFiles(Path.Combine(root, "samples", "EmbeddedInference", "bin", "Release", "net9.0"), "EmbeddedInference.dll", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).First();
        string input = DotnetCli.Run(native, folder.Path, null, "--sine", "120").Output;
        Assert.Equal(120, input.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        ProcessResult aot = DotnetCli.Run(native, folder.Path, input);
        ProcessResult managed = DotnetCli.Run("dotnet", folder.Path, input, jit);
        Assert.True(aot.ExitCode == 0, aot.ToString());
        Assert.True(managed.ExitCode == 0, managed.ToString());
        string[] aotLines = aot.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] jitLines = managed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(120, aotLines.Length);
        Assert.Equal(jitLines.Length, aotLines.Length);
        for (int i = 0; i < aotLines.Length; i++)
        {
            Assert.Equal(Prediction(jitLines[i]), Prediction(aotLines[i]), 1e-5);
        }
        // trained weights: the one-step-ahead error is near the noise floor (0.01), far below the signal's variance (0.5)
        double mse = double.Parse(aot.Error.Split("MSE ")[1].Trim(), CultureInfo.InvariantCulture);
        Assert.InRange(mse, 0.005, 0.02);

        double best = Enumerable.Range(0, 5).Min(_ => DotnetCli.Run(native, folder.Path, "").Elapsed.TotalMilliseconds);
        double bestJit = Enumerable.Range(0, 3).Min(_ => DotnetCli.Run("dotnet", folder.Path, "", jit).Elapsed.TotalMilliseconds);
        output.WriteLine($"native binary: {new FileInfo(native).Length:N0} bytes; start-up to exit (empty input), best of 5: {best:F1} ms; the JIT build: {bestJit:F1} ms");
        output.WriteLine($"native run on 120 samples: {aot.Error.Trim()}");
    }

    /// <summary>"17 -0.399288 -> -0.613352" -> -0.613352.</summary>
    private static double Prediction(string line) =>
        double.Parse(line.Split("->")[1].Trim(), CultureInfo.InvariantCulture);
}
