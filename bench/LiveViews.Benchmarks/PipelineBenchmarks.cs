using BenchmarkDotNet.Attributes;

namespace LiveViews.Benchmarks;

/// <summary>
/// Server cost per event through the whole pipeline (handler, Razor render, diff, patch JSON) on a todo list of
/// <see cref="Rows"/> rows, with plain segments (every row's template runs) and memoized ones
/// (<c>Html.LiveSegment(key, template)</c>: only the changed row's template runs). Each invocation is an event and its
/// undo, reported per event. <c>LV_BENCH_ROWS=1000</c> and <c>LV_BENCH_MEMOIZED=true</c> (comma-separated lists) run
/// a subset, for a before/after comparison of one case.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private EventPipeline _pipeline = null!;

    [ParamsSource(nameof(RowCounts))]
    public int Rows { get; set; }

    [ParamsSource(nameof(Templates))]
    public RowTemplate Template { get; set; }

    public static IEnumerable<int> RowCounts => Subset("LV_BENCH_ROWS", [10, 100, 1000, 10000], int.Parse);

    /// <summary><c>LV_BENCH_TEMPLATE=Memoized,List</c>, or <c>LV_BENCH_MEMOIZED=true</c> for both memoized forms (false: plain).</summary>
    public static IEnumerable<RowTemplate> Templates =>
        Environment.GetEnvironmentVariable("LV_BENCH_TEMPLATE") is { Length: > 0 }
            ? Subset("LV_BENCH_TEMPLATE", Enum.GetValues<RowTemplate>(), v => Enum.Parse<RowTemplate>(v, ignoreCase: true))
            : Subset("LV_BENCH_MEMOIZED", [false, true], bool.Parse).SelectMany(m => m ? new[] { RowTemplate.Memoized, RowTemplate.List } : [RowTemplate.Plain]);

    [Params(TodoEvent.Toggle, TodoEvent.Insert, TodoEvent.Remove)]
    public TodoEvent Event { get; set; }

    [GlobalSetup]
    public async Task Setup() => _pipeline = await EventPipeline.CreateAsync(Rows, Template);

    [GlobalCleanup]
    public ValueTask Cleanup() => _pipeline.DisposeAsync();

    [Benchmark(OperationsPerInvoke = 2)]
    public Task<int> Event_() => _pipeline.RoundTripAsync(Event);

    private static IEnumerable<T> Subset<T>(string variable, T[] all, Func<string, T> parse) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } list ? list.Split(',').Select(v => parse(v.Trim())) : all;
}
