using BenchmarkDotNet.Attributes;

namespace LiveViews.Benchmarks;

/// <summary>
/// Server cost per event through the whole pipeline (handler, Razor render, diff, patch JSON) on a todo list of
/// <see cref="Rows"/> rows, with plain segments (every row's template runs) and memoized ones
/// (<c>Html.LiveSegment(key, template)</c>: only the changed row's template runs). Each invocation is an event and its
/// undo, reported per event.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private EventPipeline _pipeline = null!;

    [Params(10, 100, 1000, 10000)]
    public int Rows { get; set; }

    [Params(false, true)]
    public bool Memoized { get; set; }

    [Params(TodoEvent.Toggle, TodoEvent.Insert, TodoEvent.Remove)]
    public TodoEvent Event { get; set; }

    [GlobalSetup]
    public async Task Setup() => _pipeline = await EventPipeline.CreateAsync(Rows, Memoized);

    [GlobalCleanup]
    public ValueTask Cleanup() => _pipeline.DisposeAsync();

    [Benchmark(OperationsPerInvoke = 2)]
    public Task<int> Event_() => _pipeline.RoundTripAsync(Event);
}
