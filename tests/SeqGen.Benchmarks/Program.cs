using System;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace SeqGen.Benchmarks;

public static class Program
{
    /// <summary>
    /// Runs the benchmarks chosen by the command line, e.g.
    /// <c>dotnet run -c Release --project tests/SeqGen.Benchmarks -- --filter '*' --job short</c>.
    /// Without a <c>--job</c> argument a short job (1 launch, 3 warmups, 5 iterations) is used, so
    /// that the whole suite finishes in minutes rather than an hour. <c>--count-steps model n</c> runs
    /// n streaming steps for a counter tool instead, and <c>--count-forward model n</c> the
    /// same steps through <c>Forward</c> (<see cref="StepCounter"/>), and <c>--count-read model n</c>
    /// n reads of that model's float weights (<see cref="WeightRead"/>). <c>--time-steps model n</c>
    /// and <c>--time-forward model n</c> time 201 rounds of n steps each after a warm-up and print
    /// the fastest and the median round, per step: for machines without hardware counters
    /// (<c>--time-read model n</c> likewise for the weight read).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] is "--count-steps" or "--count-forward")
        {
            return StepCounter.Run(args[1..], forward: args[0] == "--count-forward", timed: false);
        }
        if (args.Length > 0 && args[0] is "--time-steps" or "--time-forward")
        {
            return StepCounter.Run(args[1..], forward: args[0] == "--time-forward", timed: true);
        }
        if (args.Length > 0 && args[0] is "--count-read" or "--time-read")
        {
            return WeightRead.Count(args[1..], timed: args[0] == "--time-read");
        }
        // Median and range next to the mean: the machines this runs on are often shared and noisy.
        IConfig config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max);
        bool jobGiven = args.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));
        if (!jobGiven)
        {
            config = config.AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(5)
                .WithId("Quick"));
        }
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
