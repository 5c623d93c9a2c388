using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LiveViews.LoadGen;

// Load generator for the bench server (bench/LiveViews.BenchServer), loopback only. Modes:
//   memory --view counter|todos?rows=100 --count N      memory per connected idle view (managed after full GC, working set);
//          [--hold S] keeps the views open S more seconds after measuring (to take a heap dump of the server);
//          [--marginal true] then opens N more and reports what they added per view (the first N pay for what a process
//          allocates once: pools, per-thread buffers, a shared list's parse);
//          "{i}" in the view is replaced by the view's number (todos?rows=1000&salt={i}: views that share no rows)
//   load   --conns N --rate R --seconds S [--rows 10]   N connections each sending R toggles/s for S s: throughput, p50/p99, errors, server CPU
//   serial --rows 10,100,1000,10000 --events M          one connection, events one at a time: per-event latency, server CPU, allocations, reply bytes
//   persist --events M --rounds K                       /live/counter against /live/counter-persisted, events one at a time, alternating rounds: added latency of saving state
//   retained --count N                                  managed memory per counter view while connected, then while retained after its connection dropped
//                                                       (the bench server retains none unless started with LV_RECONNECT_RETENTION_SECONDS=120)
// Common: --base http://127.0.0.1:5180  --out file.json (results appended as one JSON object per line)
// load through a load balancer (bench/run.sh's cluster part): --stats URL,URL  the nodes whose /bench/stats are summed (default --base);
//   --pids PID,PID  other processes (nginx, Redis) whose CPU time is reported as infrastructure CPU (from /proc; --clk-tck, default 100);
//   --cookie lv_node=node1  sent with every WebSocket upgrade (nginx's affinity cookie: every connection on that node)
//   --label TEXT    copied into the result
var options = Options.Parse(args);
var baseUri = new Uri(options.Get("base", "http://127.0.0.1:5180"));
if (!IPAddress.TryParse(baseUri.Host, out var ip) ? baseUri.Host != "localhost" : !IPAddress.IsLoopback(ip))
{
    Console.Error.WriteLine("The load generator only targets loopback addresses.");
    return 2;
}
using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
var bench = new Bench(http, new Uri(new UriBuilder(baseUri) { Scheme = "ws", Path = "/_lv/hub" }.ToString()))
{
    StatsNodes = options.Get("stats", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToArray(),
    InfrastructurePids = options.Get("pids", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray(),
    ClockTicksPerSecond = options.GetInt("clk-tck", 100),
    Cookie = options.Get("cookie", "") is { Length: > 0 } cookie ? cookie : null,
};
JsonObject result;
try
{
    result = options.Mode switch
    {
        "memory" => await bench.MemoryAsync(options.Get("view", "counter"), options.GetInt("count", 1000), options.GetInt("hold", 0), options.Get("marginal", "false") == "true"),
        "load" => await bench.LoadAsync(options.GetInt("conns", 100), options.GetDouble("rate", 5), options.GetDouble("seconds", 10), options.GetInt("rows", 10)),
        "serial" => await bench.SerialAsync(options.Get("rows", "10,100,1000,10000").Split(',').Select(int.Parse).ToArray(), options.GetInt("events", 60)),
        "persist" => await bench.PersistAsync(options.GetInt("events", 200), options.GetInt("rounds", 10)),
        "retained" => await bench.RetainedAsync(options.GetInt("count", 1000)),
        _ => throw new ArgumentException("mode must be memory, load, serial, persist or retained"),
    };
}
catch (Exception ex)
{
    Console.Error.WriteLine($"{options.Mode} failed: {ex}");
    return 1;
}
if (options.Get("label", "") is { Length: > 0 } label) result["label"] = label;
if (options.Get("out", "") is { Length: > 0 } outFile)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
    await File.AppendAllTextAsync(outFile, result.ToJsonString() + "\n");
}
return result["errors"]?.GetValue<long>() is > 0 ? 1 : 0;

internal sealed partial class Bench(HttpClient http, Uri hub)
{
    private static readonly double TicksPerMs = Stopwatch.Frequency / 1000.0;

    [GeneratedRegex("data-lv-token=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private async Task<string> TokenAsync(string path)
    {
        var html = await http.GetStringAsync(path);
        var match = TokenPattern().Match(html);
        if (!match.Success) throw new InvalidOperationException($"no data-lv-token in {path}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private async Task<JsonObject> StatsAsync(bool gc = false) =>
        JsonNode.Parse(await http.GetStringAsync(gc ? "/bench/stats?gc=1" : "/bench/stats"))!.AsObject();

    /// <summary>Nodes whose /bench/stats are summed by the load mode (empty: the base address).</summary>
    public Uri[] StatsNodes { get; init; } = [];
    /// <summary>Processes (nginx, Redis) whose CPU time the load mode reports separately.</summary>
    public int[] InfrastructurePids { get; init; } = [];
    public int ClockTicksPerSecond { get; init; } = 100;
    /// <summary>Cookie sent with every WebSocket upgrade (a load balancer's affinity cookie pins all connections to one node).</summary>
    public string? Cookie { get; init; }

    /// <summary>CPU ms and allocated bytes of every node (summed), and the CPU ms of each.</summary>
    private async Task<(double CpuMs, long Allocated, double[] PerNodeCpuMs)> NodeStatsAsync()
    {
        if (StatsNodes.Length == 0)
        {
            var s = await StatsAsync();
            return (s["cpuMs"]!.GetValue<double>(), s["allocatedBytes"]!.GetValue<long>(), [s["cpuMs"]!.GetValue<double>()]);
        }
        var all = await Task.WhenAll(StatsNodes.Select(async u => JsonNode.Parse(await http.GetStringAsync(new Uri(u, "/bench/stats")))!.AsObject()));
        var perNode = all.Select(s => s["cpuMs"]!.GetValue<double>()).ToArray();
        return (perNode.Sum(), all.Sum(s => s["allocatedBytes"]!.GetValue<long>()), perNode);
    }

    /// <summary>User + system CPU ms of the infrastructure processes, from /proc/PID/stat (fields 14 and 15, in clock ticks).</summary>
    private double InfrastructureCpuMs() => InfrastructurePids.Sum(pid =>
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11]) + long.Parse(fields[12])) * 1000.0 / ClockTicksPerSecond;
        }
        catch (IOException) { return 0; }
    });

    /// <summary>
    /// Opens <paramref name="count"/> connections joined to <paramref name="path"/>, on up to <paramref name="maxPages"/>
    /// page loads (a page's token joins once per connection). "{i}" in the path is replaced by each view's number, from
    /// <paramref name="firstNumber"/> on.
    /// </summary>
    private async Task<List<HubConnection>> OpenAsync(string path, int count, int parallel = 16, int maxPages = 200, int firstNumber = 0) =>
        await ConnectAsync(await TokensAsync(path, count, maxPages, firstNumber), count, parallel);

    /// <summary>Page loads for <see cref="OpenAsync"/>'s tokens, <paramref name="parallel"/> at a time.</summary>
    private async Task<string[]> TokensAsync(string path, int count, int maxPages = 200, int firstNumber = 0, int parallel = 8)
    {
        // "{i}" in the path makes every view its own page (e.g. todos?rows=1000&salt={i}): one token per view.
        bool distinct = path.Contains("{i}", StringComparison.Ordinal);
        var tokens = new string[distinct ? count : Math.Min(count, maxPages)];
        await Parallel.ForAsync(0, tokens.Length, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
            tokens[i] = await TokenAsync(path.Replace("{i}", (firstNumber + i).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        return tokens;
    }

    /// <summary>Opens <paramref name="count"/> connections, joining <paramref name="tokens"/> round-robin.</summary>
    private async Task<List<HubConnection>> ConnectAsync(string[] tokens, int count, int parallel = 16)
    {
        var connections = new HubConnection[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
            connections[i] = await HubConnection.ConnectAsync(hub, tokens[i % tokens.Length], ct, Cookie));
        return [.. connections];
    }

    private static async Task CloseAsync(List<HubConnection> connections) =>
        await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (c, _) => await c.DisposeAsync());

    public async Task<JsonObject> MemoryAsync(string view, int count, int holdSeconds = 0, bool marginal = false)
    {
        var path = "/live/" + view;
        // Warm up: JIT, pools, the first views; numbered after the measured ones, so that with "{i}" no measured view
        // shows the rows of a warm-up view (a server that retains closed views would share them with it).
        await CloseAsync(await OpenAsync(path, Math.Min(20, count), firstNumber: count));
        // The page loads come before the baseline: what is measured is the connected views, not the requests before them.
        var tokens = await TokensAsync(path, count);
        await Task.Delay(500);
        var before = await StatsAsync(gc: true);
        var sw = Stopwatch.StartNew();
        var connections = await ConnectAsync(tokens, count);
        var openSeconds = sw.Elapsed.TotalSeconds;
        using var keepAlive = new CancellationTokenSource();
        var pinger = Task.Run(async () =>
        {
            while (!keepAlive.IsCancellationRequested)
            {
                try { await Task.Delay(10_000, keepAlive.Token); } catch (OperationCanceledException) { break; }
                foreach (var c in connections) await c.PingAsync(CancellationToken.None);
            }
        });
        await Task.Delay(1000);
        var after = await StatsAsync(gc: true);
        if (holdSeconds > 0)
        {
            Console.WriteLine($"memory {view}: holding {count} views for {holdSeconds} s");
            await Task.Delay(TimeSpan.FromSeconds(holdSeconds));
        }
        List<HubConnection> more = [];
        JsonObject? beforeMore = null, afterMore = null;
        if (marginal)
        {
            // N more views, numbered after the warm-up's: what one more user costs once the process has its pools.
            var moreTokens = await TokensAsync(path, count, firstNumber: count + 20);
            beforeMore = await StatsAsync(gc: true);
            more = await ConnectAsync(moreTokens, count);
            await Task.Delay(1000);
            afterMore = await StatsAsync(gc: true);
        }
        keepAlive.Cancel();
        await pinger;
        long Delta(string key) => after[key]!.GetValue<long>() - before[key]!.GetValue<long>();
        var errors = connections.Sum(c => c.ProtocolErrors) + more.Sum(c => c.ProtocolErrors);
        await CloseAsync(connections);
        await CloseAsync(more);
        var result = new JsonObject
        {
            ["mode"] = "memory", ["view"] = view, ["connections"] = count, ["openSeconds"] = Math.Round(openSeconds, 2),
            ["managedBytesPerView"] = Delta("managedBytes") / count,
            ["workingSetBytesPerView"] = Delta("workingSetBytes") / count,
            ["managedBytesTotal"] = after["managedBytes"]!.GetValue<long>(), ["workingSetBytesTotal"] = after["workingSetBytes"]!.GetValue<long>(),
            ["errors"] = errors,
        };
        Console.WriteLine($"memory {view}: {count} views, managed {Delta("managedBytes") / count / 1024.0:F1} KB/view, working set {Delta("workingSetBytes") / count / 1024.0:F1} KB/view (opened in {openSeconds:F1} s, errors {errors})");
        if (afterMore is not null)
        {
            long marginalBytes = (afterMore["managedBytes"]!.GetValue<long>() - beforeMore!["managedBytes"]!.GetValue<long>()) / count;
            result["marginalManagedBytesPerView"] = marginalBytes;
            Console.WriteLine($"memory {view}: {count} more views, managed {marginalBytes / 1024.0:F1} KB/view");
        }
        return result;
    }

    public async Task<JsonObject> LoadAsync(int conns, double rate, double seconds, int rows)
    {
        var path = $"/live/todos?rows={rows}";
        var sw = Stopwatch.StartNew();
        var connections = await OpenAsync(path, conns);
        var openSeconds = sw.Elapsed.TotalSeconds;
        var latencies = new List<long>(Math.Min(10_000_000, (int)(conns * rate * seconds * 1.1) + 16));
        long errorReplies = 0, replyBytes = 0, sent = 0, sendFailures = 0;
        foreach (var c in connections)
            c.OnReply = (ticks, bytes, error) =>
            {
                lock (latencies) latencies.Add(ticks);
                Interlocked.Add(ref replyBytes, bytes);
                if (error) Interlocked.Increment(ref errorReplies);
            };
        var toggleId = Math.Max(1, rows / 2 + 1);
        var interval = TimeSpan.FromSeconds(1 / rate);
        long nextRef = 0;
        async Task<double> PhaseAsync(double phaseSeconds)
        {
            var start = Stopwatch.GetTimestamp();
            var end = start + (long)(phaseSeconds * Stopwatch.Frequency);
            var firstRef = nextRef + 1;
            nextRef += 1_000_000;
            var senders = connections.Select((c, i) => Task.Run(async () =>
            {
                // Spread the connections' phases over one interval, then send at a steady rate.
                var next = start + (long)(interval.TotalSeconds * Stopwatch.Frequency * i / conns);
                for (var eventRef = firstRef; ; eventRef++)
                {
                    if (next >= end) break;
                    var wait = next - Stopwatch.GetTimestamp();
                    if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                    try
                    {
                        await c.SendEventAsync(eventRef, "Toggle", $"{{\"id\":{toggleId}}}", CancellationToken.None);
                        Interlocked.Increment(ref sent);
                    }
                    catch { Interlocked.Increment(ref sendFailures); break; }
                    next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
                }
            })).ToArray();
            await Task.WhenAll(senders);
            return Math.Min(phaseSeconds, (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency);
        }
        // Warm-up phase (JIT tiering, pools), not measured.
        var recording = false;
        foreach (var c in connections)
        {
            var record = c.OnReply!;
            c.OnReply = (ticks, bytes, error) => { if (recording) record(ticks, bytes, error); else if (error) Interlocked.Increment(ref errorReplies); };
        }
        await PhaseAsync(Math.Min(3, seconds / 2));
        for (var i = 0; i < 100 && connections.Any(c => c.Outstanding > 0); i++) await Task.Delay(50);
        recording = true;
        sent = 0;
        var stats0 = await NodeStatsAsync();
        var infra0 = InfrastructureCpuMs();
        var start = Stopwatch.GetTimestamp();
        var sendWindow = await PhaseAsync(seconds);
        for (var i = 0; i < 100 && connections.Any(c => c.Outstanding > 0); i++) await Task.Delay(50);
        var window = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        var stats1 = await NodeStatsAsync();
        var infraCpuMs = InfrastructureCpuMs() - infra0;
        var unanswered = connections.Sum(c => (long)c.Outstanding);
        var protocolErrors = connections.Sum(c => c.ProtocolErrors);
        await CloseAsync(connections);

        latencies.Sort();
        double Q(double q) => latencies.Count == 0 ? double.NaN : latencies[(int)Math.Min(latencies.Count - 1, Math.Round(q * (latencies.Count - 1)))] / TicksPerMs;
        var cpuMs = stats1.CpuMs - stats0.CpuMs;
        var allocated = stats1.Allocated - stats0.Allocated;
        var perNodeCpuPercent = new JsonArray(stats1.PerNodeCpuMs.Zip(stats0.PerNodeCpuMs, (b, a) => (JsonNode)Math.Round(100 * (b - a) / (window * 1000), 1)).ToArray());
        var received = latencies.Count;
        var errors = errorReplies + unanswered + protocolErrors + sendFailures;
        var result = new JsonObject
        {
            ["mode"] = "load", ["connections"] = conns, ["ratePerConnection"] = rate, ["rows"] = rows, ["seconds"] = Math.Round(sendWindow, 2),
            ["openSeconds"] = Math.Round(openSeconds, 2), ["sent"] = sent, ["replies"] = received,
            ["throughput"] = Math.Round(received / sendWindow, 1), ["targetRate"] = conns * rate,
            ["p50Ms"] = Math.Round(Q(0.50), 2), ["p99Ms"] = Math.Round(Q(0.99), 2), ["maxMs"] = Math.Round(Q(1), 2),
            ["errors"] = errors, ["errorReplies"] = errorReplies, ["unanswered"] = unanswered, ["protocolErrors"] = protocolErrors, ["sendFailures"] = sendFailures,
            ["serverCpuMs"] = Math.Round(cpuMs, 1), ["serverCpuPercent"] = Math.Round(100 * cpuMs / (window * 1000), 1),
            ["serverCpuUsPerEvent"] = received == 0 ? null : Math.Round(1000 * cpuMs / received, 1),
            ["serverAllocBytesPerEvent"] = received == 0 ? null : allocated / received,
            ["replyBytesAvg"] = received == 0 ? null : replyBytes / received,
            ["nodes"] = Math.Max(1, StatsNodes.Length), ["perNodeCpuPercent"] = perNodeCpuPercent,
            ["infraCpuPercent"] = InfrastructurePids.Length == 0 ? null : Math.Round(100 * infraCpuMs / (window * 1000), 1),
        };
        Console.WriteLine($"load {conns} conns x {rate}/s, {rows} rows: {received}/{sent} replies, {received / sendWindow:F0}/s, p50 {Q(0.5):F2} ms, p99 {Q(0.99):F2} ms, " +
                          $"errors {errors}, server CPU {100 * cpuMs / (window * 1000):F0}% ({(received == 0 ? 0 : 1000 * cpuMs / received):F0} us/event)");
        return result;
    }

    public async Task<JsonObject> SerialAsync(int[] rowCounts, int events)
    {
        var runs = new JsonArray();
        long totalErrors = 0;
        var handlers = new[] { "Toggle", "InsertMiddle", "RemoveMiddle" };
        // Pass 1 warms up every path (JIT tiering, pools) without measuring; pass 2 measures.
        foreach (var measure in new[] { false, true })
        {
            foreach (var rows in rowCounts)
            {
                var connection = (await OpenAsync($"/live/todos?rows={rows}", 1))[0];
                var n = measure ? (rows >= 10_000 ? Math.Max(5, events / 3) : events) : (rows >= 10_000 ? 5 : 40);
                foreach (var handler in handlers)
                {
                    var argsJson = handler == "Toggle" ? $"{{\"id\":{rows / 2 + 1}}}" : "{}";
                    var latencies = new List<double>();
                    long bytes = 0, errors = 0, eventRef = 1_000 * Array.IndexOf(handlers, handler) + 1;
                    var done = new SemaphoreSlim(0);
                    connection.OnReply = (ticks, size, error) =>
                    {
                        latencies.Add(ticks / TicksPerMs);
                        bytes += size;
                        if (error) errors++;
                        done.Release();
                    };
                    var s0 = await StatsAsync();
                    for (var i = 0; i < n; i++)
                    {
                        var t0 = Stopwatch.GetTimestamp();
                        await connection.SendEventAsync(eventRef++, handler, argsJson, CancellationToken.None);
                        if (!await done.WaitAsync(TimeSpan.FromSeconds(10))) { errors++; continue; }
                        // Stay under the per-connection event rate limit (100/s by default).
                        var spent = (Stopwatch.GetTimestamp() - t0) / TicksPerMs;
                        if (spent < 12) await Task.Delay(TimeSpan.FromMilliseconds(12 - spent));
                    }
                    var s1 = await StatsAsync();
                    totalErrors += errors;
                    if (!measure || latencies.Count == 0) continue;
                    latencies.Sort();
                    var cpu = s1["cpuMs"]!.GetValue<double>() - s0["cpuMs"]!.GetValue<double>();
                    var alloc = s1["allocatedBytes"]!.GetValue<long>() - s0["allocatedBytes"]!.GetValue<long>();
                    var row = new JsonObject
                    {
                        ["rows"] = rows, ["handler"] = handler, ["events"] = n,
                        ["medianMs"] = Math.Round(latencies[latencies.Count / 2], 3), ["p95Ms"] = Math.Round(latencies[(int)(0.95 * (latencies.Count - 1))], 3),
                        ["serverCpuUsPerEvent"] = Math.Round(1000 * cpu / n, 1), ["serverAllocBytesPerEvent"] = alloc / n,
                        ["replyBytesPerEvent"] = bytes / latencies.Count, ["errors"] = errors,
                    };
                    runs.Add(row);
                    Console.WriteLine($"serial {rows,6} rows {handler,-12}: median {row["medianMs"]} ms, server CPU {row["serverCpuUsPerEvent"]} us/event, " +
                                      $"alloc {alloc / n / 1024.0:F1} KB/event, reply {row["replyBytesPerEvent"]} B, errors {errors}");
                }
                await connection.DisposeAsync();
            }
        }
        return new JsonObject { ["mode"] = "serial", ["runs"] = runs, ["errors"] = totalErrors };
    }

    /// <summary>
    /// The same counter without and with a persisted count, one connection each, events one at a time (never two in
    /// flight), in alternating rounds so drift on a shared machine hits both alike. Reports each one's median, p90 and p99
    /// round trip and the median of the paired per-round differences.
    /// </summary>
    public async Task<JsonObject> PersistAsync(int eventsPerRound, int rounds)
    {
        var plain = (await OpenAsync("/live/counter", 1))[0];
        var persisted = (await OpenAsync("/live/counter-persisted", 1))[0];
        var all = new Dictionary<HubConnection, List<double>> { [plain] = [], [persisted] = [] };
        var roundMedians = new Dictionary<HubConnection, List<double>> { [plain] = [], [persisted] = [] };
        long errors = 0, eventRef = 1;
        async Task<List<double>> RunAsync(HubConnection connection, int n)
        {
            var latencies = new List<double>(n);
            var done = new SemaphoreSlim(0);
            connection.OnReply = (ticks, _, error) => { latencies.Add(ticks / TicksPerMs); if (error) Interlocked.Increment(ref errors); done.Release(); };
            for (var i = 0; i < n; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                await connection.SendEventAsync(eventRef++, "Increment", "{}", CancellationToken.None);
                if (!await done.WaitAsync(TimeSpan.FromSeconds(10))) { Interlocked.Increment(ref errors); continue; }
                var spent = (Stopwatch.GetTimestamp() - t0) / TicksPerMs;
                if (spent < 12) await Task.Delay(TimeSpan.FromMilliseconds(12 - spent)); // under the per-connection rate limit
            }
            return latencies;
        }
        await RunAsync(plain, 100); // warm-up: JIT, pools, the Redis connection
        await RunAsync(persisted, 100);
        for (var round = 0; round < rounds; round++)
            foreach (var connection in round % 2 == 0 ? new[] { plain, persisted } : [persisted, plain])
            {
                var latencies = await RunAsync(connection, eventsPerRound);
                all[connection].AddRange(latencies);
                latencies.Sort();
                roundMedians[connection].Add(latencies[latencies.Count / 2]);
            }
        await plain.DisposeAsync();
        await persisted.DisposeAsync();
        static double At(List<double> sorted, double q) => Math.Round(sorted[(int)(q * (sorted.Count - 1))], 3);
        JsonObject Summary(HubConnection c)
        {
            var sorted = all[c].OrderBy(x => x).ToList();
            return new JsonObject { ["events"] = sorted.Count, ["medianMs"] = At(sorted, 0.5), ["p90Ms"] = At(sorted, 0.9), ["p99Ms"] = At(sorted, 0.99) };
        }
        var differences = roundMedians[persisted].Zip(roundMedians[plain], (p, q) => p - q).OrderBy(x => x).ToList();
        var result = new JsonObject
        {
            ["mode"] = "persist", ["rounds"] = rounds, ["off"] = Summary(plain), ["on"] = Summary(persisted),
            ["addedMedianMs"] = Math.Round(differences[differences.Count / 2], 3),
            ["ratioMedian"] = Math.Round(Summary(persisted)["medianMs"]!.GetValue<double>() / Summary(plain)["medianMs"]!.GetValue<double>(), 2),
            ["errors"] = errors,
        };
        Console.WriteLine($"persist: off median {result["off"]!["medianMs"]} ms p99 {result["off"]!["p99Ms"]} ms | on median {result["on"]!["medianMs"]} ms " +
                          $"p99 {result["on"]!["p99Ms"]} ms | added (median of paired round medians) {result["addedMedianMs"]} ms, ratio {result["ratioMedian"]}, errors {errors}");
        return result;
    }

    /// <summary>
    /// Managed memory per counter view while its connection is open, then after every connection dropped (the server
    /// retains the views for <c>ReconnectRetention</c>), each against the baseline before they were opened (full GCs).
    /// </summary>
    public async Task<JsonObject> RetainedAsync(int count)
    {
        await CloseAsync(await OpenAsync("/live/counter", Math.Min(20, count))); // warm-up; these are retained too, before the baseline
        await Task.Delay(500);
        var before = await StatsAsync(gc: true);
        // One page per view: the server retains one view per page (the page knows the resume key of its last one only).
        var connections = await OpenAsync("/live/counter", count, maxPages: count);
        await Task.Delay(1000);
        var connected = await StatsAsync(gc: true);
        await CloseAsync(connections);
        await Task.Delay(2000); // the server notices the closes and detaches the views
        var retained = await StatsAsync(gc: true);
        long PerView(JsonObject s) => (s["managedBytes"]!.GetValue<long>() - before["managedBytes"]!.GetValue<long>()) / count;
        var result = new JsonObject
        {
            ["mode"] = "retained", ["views"] = count,
            ["connectedManagedBytesPerView"] = PerView(connected), ["retainedManagedBytesPerView"] = PerView(retained),
            ["errors"] = connections.Sum(c => c.ProtocolErrors),
        };
        Console.WriteLine($"retained: {count} counter views, managed {PerView(connected) / 1024.0:F1} KB/view connected, {PerView(retained) / 1024.0:F1} KB/view retained");
        return result;
    }
}

internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    public string Mode { get; private set; } = "";

    public static Options Parse(string[] args)
    {
        var o = new Options { Mode = args.FirstOrDefault() ?? "" };
        for (var i = 1; i < args.Length; i++)
            if (args[i].StartsWith("--") && i + 1 < args.Length) o._values[args[i][2..]] = args[++i];
        return o;
    }

    public string Get(string key, string fallback) => _values.TryGetValue(key, out var v) ? v : fallback;
    public int GetInt(string key, int fallback) => int.Parse(Get(key, fallback.ToString()));
    public double GetDouble(string key, double fallback) => double.Parse(Get(key, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);
}
