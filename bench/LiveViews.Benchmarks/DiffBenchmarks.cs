using System.Buffers;
using BenchmarkDotNet.Attributes;
using LiveViews.Diffing;

namespace LiveViews.Benchmarks;

/// <summary>
/// <see cref="ViewTree.Update"/> per event on a todo list of <see cref="Rows"/> rows wrapped in live segments. Each
/// invocation applies the event and its undo (two updates, each parsing one segment), reported per update.
/// The "patch B" column is the forward event's ops as UTF-8 JSON.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(DiffBenchmarkConfig))]
public class DiffBenchmarks
{
    private TodoScenario _toggle = null!, _insert = null!, _remove = null!;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    [Params(10, 100, 1000, 10000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _toggle = new TodoScenario(Rows, TodoEvent.Toggle);
        _insert = new TodoScenario(Rows, TodoEvent.Insert);
        _remove = new TodoScenario(Rows, TodoEvent.Remove);
    }

    [Benchmark(OperationsPerInvoke = 2)]
    public object Toggle() => _toggle.RoundTrip();

    [Benchmark(OperationsPerInvoke = 2)]
    public object Insert() => _insert.RoundTrip();

    [Benchmark(OperationsPerInvoke = 2)]
    public object Remove() => _remove.RoundTrip();

    /// <summary>Toggle plus writing its ops as JSON bytes (what the reply carries).</summary>
    [Benchmark(OperationsPerInvoke = 2)]
    public int ToggleAndSerialize()
    {
        var (forward, back) = _toggle.RoundTrip();
        _buffer.ResetWrittenCount();
        int bytes = PatchOpJson.WriteAll(_buffer, forward);
        _buffer.ResetWrittenCount();
        return bytes + PatchOpJson.WriteAll(_buffer, back);
    }
}
