using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiveViews.Diffing;

namespace LiveViews.Conformance;

/// <summary>How one patch step ended in Chromium.</summary>
internal enum StepOutcome
{
    /// <summary>The patched DOM is Chromium's own parse of the new render.</summary>
    AsBrowser,
    /// <summary>The patched DOM is the server's tree, where Chromium's parse of the render differs (a parser difference, resynced to the server).</summary>
    AsServer,
    /// <summary>
    /// Each part of the DOM is the server's tree or, where the parsers disagree and no op touched it, Chromium's own
    /// parse of that part (e.g. a NUL Chromium kept as U+FFFD in an SVG text the server's parser dropped).
    /// </summary>
    Mixed,
    /// <summary>Neither: a wrong DOM on screen.</summary>
    Wrong,
}

/// <summary>One step's result, for the report and failure messages.</summary>
internal sealed record StepRecord(string Mode, int Chain, int Step, StepOutcome Outcome, bool Resynced, int ScriptsRun, int MarkerLeaks, string Render, string? Warning, string Dom, string Server, string Browser, string Ops, bool FirstRenderBalanced)
{
    /// <summary>
    /// Whether the step is held to "correct or resynced to correct": all of them, except in page mode after a first render
    /// that is not balanced (the development check rejects it; in production the page's own content after the view lands
    /// inside the view's root, where no op may touch it).
    /// </summary>
    public bool Asserted => Mode != "page" || FirstRenderBalanced;
}

/// <summary>
/// The suite's run: (1) AngleSharp's tree against Chromium's parse of every case; (2) every chain patched in Chromium by
/// the real client with the server's ops (first render as the browser parses the page or an innerHTML, with and
/// without segments), each step checked against Chromium's parse of the new render and the server's tree; (3) the real
/// client started on a real server for every case that passes the development check.
/// </summary>
internal sealed class ConformanceRun
{
    private const int Batch = 16;

    public int Cases { get; private set; }
    public int Agreeing { get; private set; }
    public List<(string Html, string Server, string Browser)> Disagreements { get; } = [];
    public List<StepRecord> Steps { get; } = [];
    /// <summary>Page-mode chains whose first render the browser parsed differently from the fragment parse (template unbalanced).</summary>
    public int PageFirstRenderDifferences { get; private set; }
    /// <summary>Page-mode first renders whose check passed though Chromium's page parse differs (must be 0).</summary>
    public List<string> BalancedButDifferent { get; } = [];
    public int PagesWithoutClientScript { get; private set; }
    public int Pages { get; private set; }
    public int ClientStartCandidates { get; private set; }
    public int RejectedByDevelopmentCheck { get; private set; }
    public List<int> ClientDidNotStart { get; } = [];
    /// <summary>Of the first batch of started clients, how many also joined over SignalR.</summary>
    public int Joined { get; private set; }
    public TimeSpan Elapsed { get; private set; }
    /// <summary>Segments mode: renders diffed with their segments, and renders parsed whole because a segment was unbalanced.</summary>
    public int SegmentedRenders { get; private set; }
    public int WholeRenderFallbacks { get; private set; }
    public List<(string Part, TimeSpan Time)> Laps { get; } = [];

    public static async Task<ConformanceRun> ExecuteAsync(ConformanceFixture fixture)
    {
        var run = new ConformanceRun();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        async Task Lap(string name, Func<Task> part)
        {
            var start = watch.Elapsed;
            await part();
            run.Laps.Add((name, watch.Elapsed - start));
        }
        await Lap("parsers", () => run.CompareParsersAsync(fixture.Harness));
        await Lap("plain", () => run.PatchAsync(fixture, "plain"));
        await Lap("segments", () => run.PatchAsync(fixture, "segments"));
        await Lap("page", () => run.PatchAsync(fixture, "page"));
        await Lap("client start", () => run.StartClientsAsync(fixture));
        run.Elapsed = watch.Elapsed;
        return run;
    }

    private async Task CompareParsersAsync(IPage harness)
    {
        var cases = Corpus.Cases;
        var parser = new HtmlTreeParser();
        var browser = await harness.EvaluateAsync<string[]>("htmls => lvHarness.parseAll(htmls)", cases);
        Cases = cases.Count;
        for (int i = 0; i < cases.Count; i++)
        {
            var server = DomJson.Of(parser.ParseFragment(cases[i], parser.RootContext));
            var chromium = DomJson.Canonical(browser[i]);
            if (server == chromium) Agreeing++;
            else Disagreements.Add((cases[i], server, chromium));
        }
    }

    private static string Render(List<string> blocks, bool segments) =>
        segments ? string.Concat(blocks.Select(b => SegmentMarkers.Start + b + SegmentMarkers.End)) : string.Concat(blocks);

    private async Task PatchAsync(ConformanceFixture fixture, string mode)
    {
        bool segments = mode == "segments", page = mode == "page";
        var chains = Corpus.Chains;
        var balanceParser = new HtmlTreeParser();
        for (int from = 0; from < chains.Count; from += Batch)
        {
            var payload = new JsonArray();
            var servers = new List<List<(string Tree, string Render, string Ops)>>();
            var firsts = new List<string>();
            for (int c = from; c < Math.Min(chains.Count, from + Batch); c++)
            {
                var chain = chains[c];
                // Production behaviour: an unbalanced segment makes the render parse whole.
                var tree = new ViewTree(policy: new SegmentPolicy { ThrowOnUnbalanced = false });
                var first = Render(chain[0], segments);
                tree.Initialize(first);
                var firstHtml = SegmentMarkers.Strip(first);
                firsts.Add(firstHtml);
                var steps = new JsonArray();
                var expected = new List<(string, string, string)>();
                foreach (var blocks in chain.Skip(1))
                {
                    var render = Render(blocks, segments);
                    var ops = PatchOpJson.ToJson(tree.Update(render));
                    if (segments && tree.LastSegmentCount > 0) SegmentedRenders++;
                    if (ops.Contains("lv:", StringComparison.Ordinal) && !blocks.Any(b => b.Contains("lv:", StringComparison.Ordinal)))
                        throw new InvalidOperationException($"{mode} chain {c}: a segment marker in the ops {ops}");
                    steps.Add(new JsonObject
                    {
                        ["ops"] = JsonNode.Parse(ops),
                        ["nodes"] = JsonNode.Parse(PatchOpJson.ToJson(tree.ToContent(asNodes: true))),
                        ["html"] = SegmentMarkers.Strip(render),
                    });
                    expected.Add((DomJson.Of(tree.Children), SegmentMarkers.Strip(render), ops));
                }
                var item = new JsonObject { ["first"] = firstHtml, ["steps"] = steps };
                if (page)
                    item["page"] = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head><body><header>site</header>"
                        + fixture.AssetTags + "<div id=\"lv-0\" data-lv-root data-lv-token=\"t\">" + firstHtml + "</div><footer>after</footer></body></html>";
                payload.Add(item);
                servers.Add(expected);
                if (segments) WholeRenderFallbacks += tree.WholeRenderFallbackCount;
            }
            var text = await fixture.Harness.EvaluateAsync<string>("async chains => JSON.stringify(await lvHarness.runChains(JSON.parse(chains)))", payload.ToJsonString());
            using var json = JsonDocument.Parse(text);
            int index = 0;
            foreach (var result in json.RootElement.EnumerateArray())
            {
                int c = from + index;
                if (page)
                {
                    Pages++;
                    if (!result.GetProperty("clientScript").GetBoolean()) PagesWithoutClientScript++;
                    if (result.GetProperty("firstExpected").ValueKind != JsonValueKind.Null)
                    {
                        PageFirstRenderDifferences++;
                        // Chromium's page parse differs from its fragment parse: the development check must have said so.
                        if (RenderBalance.Problem(firsts[index], balanceParser) is null)
                            BalancedButDifferent.Add(firsts[index] + "\n  page:     " + DomJson.Canonical(result.GetProperty("firstDom").GetString()!)
                                + "\n  fragment: " + DomJson.Canonical(result.GetProperty("firstExpected").GetString()!));
                    }
                }
                bool balanced = !page || RenderBalance.Problem(firsts[index], balanceParser) is null;
                int s = 0;
                foreach (var step in result.GetProperty("steps").EnumerateArray())
                {
                    var (serverTree, render, opsJson) = servers[index][s];
                    var dom = DomJson.Canonical(step.GetProperty("dom").GetString()!);
                    var browser = step.GetProperty("expected").ValueKind == JsonValueKind.Null ? dom : DomJson.Canonical(step.GetProperty("expected").GetString()!);
                    var outcome = dom == browser ? StepOutcome.AsBrowser
                        : dom == serverTree ? StepOutcome.AsServer
                        : DomJson.EachPartFrom(dom, serverTree, browser) ? StepOutcome.Mixed : StepOutcome.Wrong;
                    Steps.Add(new StepRecord(mode, c, s + 1, outcome, step.GetProperty("resynced").GetBoolean(), step.GetProperty("ran").GetInt32(),
                        step.GetProperty("leaks").GetInt32(), render, step.TryGetProperty("warning", out var w) && w.ValueKind == JsonValueKind.String ? w.GetString() : null,
                        dom, serverTree, browser, opsJson, balanced));
                    s++;
                }
                index++;
            }
        }
    }

    /// <summary>Every case on the real server with the development check on: rejected, or the real client starts and joins.</summary>
    private async Task StartClientsAsync(ConformanceFixture fixture)
    {
        using var http = new HttpClient();
        var passed = new bool[Corpus.Cases.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, passed.Length), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, token) =>
        {
            using var response = await http.GetAsync(new Uri(fixture.BaseUrl, $"/corpus?case={i}"), token);
            passed[i] = response.IsSuccessStatusCode;
        });
        var candidates = Enumerable.Range(0, passed.Length).Where(i => passed[i]).ToList();
        RejectedByDevelopmentCheck = passed.Length - candidates.Count;
        ClientStartCandidates = candidates.Count;
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/_lv/liveview.css"); // same origin as the frames, nothing live in it
        // Every candidate: the real client script ran and bound a view to the page's root (what a template that swallowed
        // the script or pulled it into the root would prevent). The first batch also waits for the join over SignalR.
        bool first = true;
        foreach (var batch in candidates.Take(24).Chunk(24).Concat(candidates.Skip(24).Chunk(48)))
        {
            var started = await page.EvaluateAsync<bool[]>("""
                async ([ids, join]) => {
                  const frames = ids.map(id => { const f = document.createElement('iframe'); f.src = '/corpus?case=' + id; document.body.append(f); return f; });
                  const live = f => {
                    const w = f.contentWindow, root = w?.document.querySelector('[data-lv-root][data-lv-token]'), v = w?.LiveView?.views?.[0];
                    return !!(v && v.root === root && (!join || (v.connected && v.id)));
                  };
                  const until = Date.now() + 20000;
                  while (Date.now() < until && !frames.every(live)) await new Promise(r => setTimeout(r, 20));
                  const result = frames.map(live);
                  frames.forEach(f => f.remove());
                  return result;
                }
                """, new object[] { batch, first });
            for (int k = 0; k < batch.Length; k++)
                if (!started[k]) ClientDidNotStart.Add(batch[k]);
            if (first) Joined = started.Count(s => s);
            first = false;
        }
        await context.CloseAsync();
    }

    /// <summary>The figures, as the README reports them.</summary>
    public string Report()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"cases: {Cases}; AngleSharp tree = Chromium parse: {Agreeing}/{Cases} ({Disagreements.Count} known parser differences)");
        foreach (var mode in new[] { "plain", "segments", "page" })
        {
            var steps = Steps.Where(s => s.Mode == mode).ToList();
            sb.AppendLine($"{mode}: {steps.Count} steps; as the browser parses: {steps.Count(s => s.Outcome == StepOutcome.AsBrowser)}; " +
                          $"as the server's tree (parser difference): {steps.Count(s => s.Outcome == StepOutcome.AsServer)}; " +
                          $"server's tree with Chromium's own parse where untouched: {steps.Count(s => s.Outcome == StepOutcome.Mixed)}; " +
                          $"wrong: {steps.Count(s => s.Outcome == StepOutcome.Wrong)}; resyncs: {steps.Count(s => s.Resynced)}; " +
                          $"scripts run: {steps.Sum(s => s.ScriptsRun)}; marker leaks: {steps.Sum(s => s.MarkerLeaks)}");
        }
        sb.AppendLine($"segments: {SegmentedRenders} renders diffed by segment, {WholeRenderFallbacks} parsed whole because a segment was unbalanced");
        var unbalanced = Steps.Where(s => !s.Asserted).ToList();
        sb.AppendLine($"page first renders: {Pages}; parsed differently in the page (unbalanced templates): {PageFirstRenderDifferences}; without the client script outside the root: {PagesWithoutClientScript}");
        sb.AppendLine($"page steps after an unbalanced first render (rejected in development, not asserted): {unbalanced.Count}, wrong: {unbalanced.Count(s => s.Outcome == StepOutcome.Wrong)}");
        sb.AppendLine($"real server, development check on: {Cases} cases, {RejectedByDevelopmentCheck} rejected, {ClientStartCandidates - ClientDidNotStart.Count}/{ClientStartCandidates} started the client (bound its view; the first {Math.Min(24, ClientStartCandidates)} also joined: {Joined})");
        sb.AppendLine($"elapsed: {Elapsed.TotalSeconds:F1} s ({string.Join(", ", Laps.Select(l => $"{l.Part} {l.Time.TotalSeconds:F1} s"))})");
        return sb.ToString();
    }
}
