using System;
using System.Collections.Generic;

namespace SeqGen.Benchmarks;

/// <summary>
/// Runs a fixed number of streaming steps of one benchmark model, for a hardware counter tool to
/// measure. Steps go through <see cref="IStreamingModel{T}"/>, an interface call more than the
/// BenchmarkDotNet rows make; <c>--count-forward model n</c> runs n steps as n / 100 calls of
/// <c>Forward</c> over the models' 100-step sequences instead, to compare a step of each (the
/// Half and BFloat16 models' <c>Forward</c> is the caching pass, with float weights). Every model
/// here has 100 steps and one output.
/// <para>
/// Counting only the measured steps: with <c>SEQGEN_PERF_CONTROL</c> set to the control FIFO of
/// <c>perf stat --control</c> (counters started disabled), the program first runs one second of
/// warm-up steps (so that the JIT's tiering has finished; a method's optimized code arrives only
/// after 30 calls and a 100 ms delay, so a short run measures some unoptimized code, by a varying
/// amount), then enables the counters, runs the n steps, and disables them:
/// <c>mkfifo /tmp/ctl; SEQGEN_PERF_CONTROL=/tmp/ctl perf stat -D -1 --control fifo:/tmp/ctl -e cycles,instructions dotnet tests/SeqGen.Benchmarks/bin/Release/net10.0/SeqGen.Benchmarks.dll --count-steps Lstm1x8 5000000</c>,
/// then divide by n. Without it, the whole process is counted, and the difference between two
/// step counts divided by the difference in steps is the figure (earlier sessions' method).
/// Cycles are less disturbed than time by a busy shared machine (the host's other load shows up
/// as time the process is not running, not as cycles), though a shared core's caches still affect them.
/// </para>
/// </summary>
internal static class StepCounter
{
    private static readonly Dictionary<string, (Func<ISequenceModel<float>> Create, int InputSize)> s_models = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Lstm1x8"] = (() => new Lstm1x8(seed: 1), Lstm1x8.InputSize),
        ["Lstm1x16"] = (() => new Lstm1x16(seed: 1), Lstm1x16.InputSize),
        ["Lstm1x32"] = (() => new Lstm1x32(seed: 1), Lstm1x32.InputSize),
        ["Lstm1x64"] = (() => new Lstm1x64(seed: 1), Lstm1x64.InputSize),
        ["Gru1x8"] = (() => new Gru1x8(seed: 1), Gru1x8.InputSize),
        ["Gru1x16"] = (() => new Gru1x16(seed: 1), Gru1x16.InputSize),
        ["Gru1x32"] = (() => new Gru1x32(seed: 1), Gru1x32.InputSize),
        ["Gru1x64"] = (() => new Gru1x64(seed: 1), Gru1x64.InputSize),
        ["Lstm16x128"] = (() => new Lstm16x128(seed: 1), Lstm16x128.InputSize),
        ["Lstm1x32Half"] = (() => new Lstm1x32Half(seed: 1), Lstm1x32Half.InputSize),
        ["Lstm1x64Half"] = (() => new Lstm1x64Half(seed: 1), Lstm1x64Half.InputSize),
        ["Lstm16x128Half"] = (() => new Lstm16x128Half(seed: 1), Lstm16x128Half.InputSize),
        ["Lstm1x32BFloat16"] = (() => new Lstm1x32BFloat16(seed: 1), Lstm1x32BFloat16.InputSize),
        ["Lstm1x64BFloat16"] = (() => new Lstm1x64BFloat16(seed: 1), Lstm1x64BFloat16.InputSize),
        ["Lstm16x128BFloat16"] = (() => new Lstm16x128BFloat16(seed: 1), Lstm16x128BFloat16.InputSize),
        ["Gru1x64BFloat16"] = (() => new Gru1x64BFloat16(seed: 1), Gru1x64BFloat16.InputSize),
    };

    /// <summary>Runs <c>--count-steps model n</c> (or <c>--count-forward</c>); <paramref name="arguments"/> are what follows the switch.</summary>
    public static int Run(string[] arguments, bool forward, bool timed)
    {
        string name = (timed ? "--time-" : "--count-") + (forward ? "forward" : "steps");
        if (arguments.Length != 2 || !s_models.TryGetValue(arguments[0], out var entry) || !long.TryParse(arguments[1], out long count) || count < (timed ? 1 : 0) || (forward && count % 100 != 0))
        {
            Console.Error.WriteLine($"{name} needs a model ({string.Join(", ", s_models.Keys)}) and a step count >= {(timed ? 1 : 0)}{(forward ? ", a multiple of 100" : "")}; got '{string.Join(" ", arguments)}'.");
            return 2;
        }
        string model = arguments[0];
        ISequenceModel<float> sequenceModel = entry.Create();
        int inputSize = entry.InputSize;
        float[] input = Inputs.Sequence(100, inputSize);
        var output = new float[sequenceModel.Outputs.Length];
        Action<long, Action<int>> run = timed ? Time : Count;
        run(count, steps => RunChunk(sequenceModel, forward, input, inputSize, output, steps));
        float last = forward ? output[^1] : output[0];
        Console.WriteLine($"{count} steps of {model}{(forward ? " in Forward calls" : "")}; last output {last}");
        return 0;
    }

    /// <summary>
    /// Runs <paramref name="count"/> operations through <paramref name="runChunk"/> (called with at
    /// most <see cref="Chunk"/> at a time), with the warm-up and counter control described above.
    /// </summary>
    internal static void Count(long count, Action<int> runChunk)
    {
        string? control = Environment.GetEnvironmentVariable("SEQGEN_PERF_CONTROL");
        using var perf = control is null ? null : new System.IO.StreamWriter(control) { AutoFlush = true };
        if (perf is not null)
        {
            WarmUp(runChunk);
            perf.WriteLine("enable");
        }
        RunAll(count, runChunk);
        perf?.WriteLine("disable");
    }

    /// <summary>One second of chunks, so that the JIT's tiering has finished before anything is measured.</summary>
    private static void WarmUp(Action<int> runChunk)
    {
        var warmUp = System.Diagnostics.Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < 1000)
        {
            runChunk(Chunk);
        }
    }

    /// <summary><paramref name="count"/> operations, at most <see cref="Chunk"/> per call.</summary>
    private static void RunAll(long count, Action<int> runChunk)
    {
        for (long n = 0; n < count; n += Chunk)
        {
            runChunk((int)Math.Min(Chunk, count - n));
        }
    }

    /// <summary>
    /// After one second of warm-up, times <see cref="Rounds"/> rounds of <paramref name="count"/>
    /// operations and prints the fastest and the median round per operation. The fastest round is
    /// the one least disturbed by the host's other load, which only ever adds time.
    /// </summary>
    internal static void Time(long count, Action<int> runChunk)
    {
        WarmUp(runChunk);
        var perOperation = new double[Rounds];
        for (int r = 0; r < Rounds; r++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            RunAll(count, runChunk);
            perOperation[r] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalNanoseconds / count;
        }
        Array.Sort(perOperation);
        Console.WriteLine($"ns per operation: fastest {perOperation[0]:F1}, median {perOperation[Rounds / 2]:F1} ({Rounds} rounds of {count})");
    }

    private const int Rounds = 201;

    /// <summary>Steps per call of <see cref="RunChunk"/>: many calls, so that the JIT's call counting promotes it.</summary>
    private const int Chunk = 10_000;

    // Not inlined into Count's delegate: there the JIT's inlining budget ran out before the step's own
    // small helpers (span slicing, the head's product), which then cost a call each and 200 more
    // instructions per LSTM 1->8 step (591 against 393) than this method compiled on its own.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void RunChunk(ISequenceModel<float> model, bool forward, float[] input, int inputSize, float[] output, int steps)
    {
        if (forward)
        {
            for (int n = 0; n < steps; n += 100)
            {
                model.Forward(input, output);
            }
            return;
        }
        var streaming = (IStreamingModel<float>)model;
        for (int n = 0; n < steps; n++)
        {
            streaming.Step(input.AsSpan(n % 100 * inputSize, inputSize), output.AsSpan(0, 1));
        }
    }
}
