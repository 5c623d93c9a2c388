using System.Diagnostics;
using BenchmarkDotNet.Running;
using LiveViews.Benchmarks;
using LiveViews.Diffing;

// --smoke: run every scenario once without BenchmarkDotNet and check it produces ops (for CI); else BenchmarkDotNet.
if (args.Contains("--smoke"))
{
    Console.WriteLine("| rows | event | ops | patch bytes | update µs (1 run, cold-ish) | segments parsed |");
    Console.WriteLine("|---:|---|---:|---:|---:|---:|");
    foreach (var rows in new[] { 10, 100, 1000, 10000 })
    foreach (var e in Enum.GetValues<TodoEvent>())
    {
        var scenario = new TodoScenario(rows, e);
        var watch = Stopwatch.StartNew();
        var (forward, back) = scenario.RoundTrip();
        watch.Stop();
        if (forward.Count == 0 || back.Count == 0)
        {
            Console.Error.WriteLine($"smoke: {e} on {rows} rows produced no ops");
            return 1;
        }
        if (scenario.Tree.ToHtml() != new ViewTree().Initialize(scenario.Before))
        {
            Console.Error.WriteLine($"smoke: {e} on {rows} rows did not return to the initial tree");
            return 1;
        }
        Console.WriteLine($"| {rows} | {e} | {forward.Count} | {TodoScenario.PatchBytes(rows, e)} | {watch.Elapsed.TotalMicroseconds / 2:F0} | {scenario.Tree.LastParsedSegmentCount} |");
    }
    // The whole pipeline, plain and memoized: both must render the same HTML after the same events.
    Console.WriteLine();
    Console.WriteLine("| rows | event | memoized | patch bytes (event + undo) | rows rendered on the last render |");
    Console.WriteLine("|---:|---|---|---:|---:|");
    foreach (var rows in new[] { 10, 1000 })
    foreach (var e in Enum.GetValues<TodoEvent>())
    {
        await using var plain = await EventPipeline.CreateAsync(rows, memoized: false);
        await using var memo = await EventPipeline.CreateAsync(rows, memoized: true);
        await using var list = await EventPipeline.CreateAsync(rows, RowTemplate.List);
        var plainBytes = await plain.RoundTripAsync(e);
        var memoBytes = await memo.RoundTripAsync(e);
        var listBytes = await list.RoundTripAsync(e);
        // The plain template's rows carry the code block's indentation and newline; compare markup, not whitespace.
        if (plainBytes == 0 || memoBytes == 0 || WithoutInterTagSpace(plain.Tree.ToHtml()) != WithoutInterTagSpace(memo.Tree.ToHtml()))
        {
            Console.Error.WriteLine($"smoke: {e} on {rows} rows: the memoized pipeline's page differs from the plain one's");
            return 1;
        }
        if (listBytes != memoBytes || WithoutInterTagSpace(list.Tree.ToHtml()) != WithoutInterTagSpace(memo.Tree.ToHtml()))
        {
            Console.Error.WriteLine($"smoke: {e} on {rows} rows: the Html.LiveSegments pipeline's page or patch differs from the loop's");
            return 1;
        }
        Console.WriteLine($"| {rows} | {e} | yes | {memoBytes} | {memo.State.Memo.LastMisses} of {memo.View.Items.Count} |");
    }
    Console.WriteLine("smoke: ok");
    return 0;
}

// --loop SECONDS [ROWS] [TEMPLATE]: the toggle round trip of a memoized list (RowTemplate, default Memoized) in a loop, for
// a profiler to attach to (perf, dotnet-trace), and its mean time per event.
if (args.Length >= 2 && args[0] == "--loop")
{
    var rows = args.Length > 2 ? int.Parse(args[2]) : 1000;
    var template = args.Length > 3 ? Enum.Parse<RowTemplate>(args[3], ignoreCase: true) : RowTemplate.Memoized;
    await using var pipeline = await EventPipeline.CreateAsync(rows, template);
    // LV_BENCH_COLD=1: 32 MB are written between events, so each starts with the caches holding none of the view (as
    // after a browser's paint on the same cores); only the events are timed.
    var thrash = Environment.GetEnvironmentVariable("LV_BENCH_COLD") == "1" ? new byte[32 << 20] : null;
    var until = Stopwatch.StartNew();
    var timed = new Stopwatch();
    long events = 0;
    while (until.Elapsed.TotalSeconds < double.Parse(args[1]))
    {
        if (thrash is not null) Array.Fill(thrash, (byte)events);
        timed.Start();
        await pipeline.RoundTripAsync(TodoEvent.Toggle);
        timed.Stop();
        events += 2;
    }
    Console.WriteLine($"{events} events, {timed.Elapsed.TotalMicroseconds / events:F1} µs per event{(thrash is null ? "" : " (caches cold before each round trip)")}");
    return 0;
}

// BenchmarkDotNet finds this project by searching from the working directory's solution: outside the repo, use the repo.
if (!InRepo(Environment.CurrentDirectory) && FindRepo(AppContext.BaseDirectory) is { } repo)
    Environment.CurrentDirectory = repo;
BenchmarkSwitcher.FromAssembly(typeof(DiffBenchmarks).Assembly).Run(args);
return 0;

static string? FindRepo(string start)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "LiveView.sln"))) return dir.FullName;
    return null;
}

static bool InRepo(string dir) => FindRepo(dir) is not null;

static string WithoutInterTagSpace(string html) => System.Text.RegularExpressions.Regex.Replace(html, @">\s+<", "><");
