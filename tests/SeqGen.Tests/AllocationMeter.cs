using System;
using System.Threading;

namespace SeqGen.Tests;

/// <summary>
/// Bytes a call allocates on this thread over 1,000 calls, measured with
/// GC.GetAllocatedBytesForCurrentThread (other threads' tests do not count). The runtime itself can
/// allocate once, on the calling thread, while it swaps in tier-1 code; so the call is warmed up
/// past the tiering thresholds, and a non-zero count is measured again, up to three times. A call
/// that allocates per call allocates in every attempt, so it cannot pass.
/// </summary>
internal static class AllocationMeter
{
    private const int Calls = 1000;

    public static long BytesOver1000Calls(Action action)
    {
        for (int i = 0; i < 2 * Calls; i++)
        {
            action();
        }
        Thread.Sleep(150); // the tier-1 compiler works in the background after a short delay
        long bytes = 0;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Calls; i++)
            {
                action();
            }
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            if (bytes == 0)
            {
                break;
            }
        }
        return bytes;
    }
}
