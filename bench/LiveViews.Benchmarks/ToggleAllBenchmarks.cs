using BenchmarkDotNet.Attributes;

namespace LiveViews.Benchmarks;

/// <summary>
/// The server's half of the browser bench's toggle-all (every row's class and checkbox change): handler, Razor render,
/// diff and reply JSON, twice (toggled and back), as <see cref="PipelineBenchmarks"/> does for one row.
/// <c>dotnet run -c Release --project bench/LiveViews.Benchmarks -- --filter '*ToggleAll*' --job short</c>
/// </summary>
[MemoryDiagnoser]
public class ToggleAllBenchmarks
{
    private EventPipeline _pipeline = null!;

    [Params(100, 1000)]
    public int Rows { get; set; }

    [Params(false, true)]
    public bool Memoized { get; set; }

    [GlobalSetup]
    public async Task Setup() => _pipeline = await EventPipeline.CreateAsync(Rows, Memoized);

    [GlobalCleanup]
    public ValueTask Cleanup() => _pipeline.DisposeAsync();

    [Benchmark]
    public async Task<int> ToggleAll_() => await _pipeline.EventAsync(v => v.ToggleAll()) + await _pipeline.EventAsync(v => v.ToggleAll());
}
