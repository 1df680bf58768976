using System;
using System.Collections;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace SeqGen.Tests.Samples;

/// <summary>The outcome of one child process.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}

/// <summary>
/// Runs the dotnet CLI and built programs as child processes, for the tests that publish the
/// NativeAOT sample and pack the NuGet package. They share one xunit collection, so that no two
/// build the same projects at once.
/// </summary>
public static class DotnetCli
{
    public const string Collection = "dotnet CLI";

    /// <summary>A compiler, NuGet, trimming or AOT warning as MSBuild prints it ("warning CS9057: ...", "warning IL2026: ...").</summary>
    public const string WarningPattern = @"(?i)warning [A-Z]+[0-9]+";

    /// <summary>The repository root (the folder of SeqGen.sln).</summary>
    public static string RepositoryRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "SeqGen.sln")))
            {
                return dir;
            }
        }
        throw new InvalidOperationException("SeqGen.sln not found above " + AppContext.BaseDirectory);
    }

    public static ProcessResult Dotnet(string workingDirectory, params string[] arguments) =>
        Run("dotnet", workingDirectory, null, arguments);

    /// <summary>Runs a dotnet command that must succeed without a single warning.</summary>
    public static ProcessResult DotnetWithoutWarnings(string workingDirectory, params string[] arguments)
    {
        ProcessResult result = Dotnet(workingDirectory, arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotMatch(WarningPattern, result.Output);
        return result;
    }

    /// <summary>Runs <paramref name="program"/>; the MSBuild variables of the test host's own build are not passed on.</summary>
    public static ProcessResult Run(string program, string workingDirectory, string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            string name = (string)variable.Key;
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish in 5 minutes");
        }
        process.WaitForExit();
        clock.Stop();
        return new ProcessResult(process.ExitCode, output.Result, error.Result, clock.Elapsed);
    }

    /// <summary>A fresh temporary folder, deleted by <see cref="IDisposable.Dispose"/>.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("seqgen-").FullName;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // a leftover temporary folder is harmless
            }
        }
    }
}
