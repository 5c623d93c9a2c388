using System.Diagnostics;
using System.Runtime;

namespace LiveViews.Bench;

/// <summary>
/// The <c>/bench/stats</c> figures, compiled into every bench host (the framework's bench server and the Blazor twin) so both
/// sides are measured by the same code.
/// </summary>
public static class BenchStats
{
    /// <summary>
    /// Process figures: <c>managedBytes</c> (GC heap size, bytes), <c>workingSetBytes</c>, <c>privateBytes</c>, <c>cpuMs</c>
    /// (user + kernel time of the process, ms), <c>allocatedBytes</c> (bytes allocated since start, all threads), GC counts and
    /// threads. With <paramref name="fullGc"/> a blocking, compacting gen-2 collection (LOH compacted too) runs first, twice
    /// around the finalizers, so <c>managedBytes</c> is what is still reachable.
    /// </summary>
    public static Dictionary<string, object> Snapshot(bool fullGc)
    {
        if (fullGc)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        using var process = Process.GetCurrentProcess();
        return new Dictionary<string, object>
        {
            ["managedBytes"] = GC.GetTotalMemory(false),
            ["workingSetBytes"] = process.WorkingSet64,
            ["privateBytes"] = process.PrivateMemorySize64,
            ["cpuMs"] = process.TotalProcessorTime.TotalMilliseconds,
            ["allocatedBytes"] = GC.GetTotalAllocatedBytes(precise: true),
            ["gen0"] = GC.CollectionCount(0),
            ["gen1"] = GC.CollectionCount(1),
            ["gen2"] = GC.CollectionCount(2),
            ["threads"] = process.Threads.Count,
        };
    }

    /// <summary><c>?gc=1</c> (or <c>true</c>) asks for the full collection.</summary>
    public static bool WantsFullGc(string? gc) => gc is "1" or "true";
}
