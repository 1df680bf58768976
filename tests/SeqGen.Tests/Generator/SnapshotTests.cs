using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace SeqGen.Tests.Generator;

/// <summary>
/// The generated code of one small model, compared with a reviewed copy in Snapshots/. A change to
/// the emitters shows up here as a diff to read, not only as a passing or failing numeric test.
/// </summary>
public class SnapshotTests
{
    private const string Source = """
        using SeqGen;

        namespace Demo;

        [SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 3, OutputSize = 1)]
        [Lstm(3)]
        public partial class Snap { }
        """;

    [Fact]
    public void LstmManyToOne_matches_snapshot() => Verify(Source, "LstmManyToOne");

    private static void Verify(string source, string name, [CallerFilePath] string here = "")
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        run.AssertCleanBuild();
        string actual = Normalize(run.SingleSource().Text);

        string directory = Path.Combine(Path.GetDirectoryName(here)!, "Snapshots");
        string snapshot = Path.Combine(directory, name + ".g.cs.txt");
        string received = Path.Combine(directory, name + ".received.txt");
        string? expected = File.Exists(snapshot) ? Normalize(File.ReadAllText(snapshot)) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {snapshot}. The generated code was written to {received}: review it, and if it is right, copy it over the snapshot."
            : $"The generated code differs from {snapshot}. The new code was written to {received}: review the difference, and if the change is intended, copy it over the snapshot.");
    }

    /// <summary>Line endings only: a checkout with CRLF must not fail the test.</summary>
    private static string Normalize(string text) => text.Replace("\r\n", "\n");
}
