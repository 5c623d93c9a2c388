using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using LiveViews.Tests.Hub;
using LiveViews.Tests.Live;
using Xunit.Abstractions;

namespace LiveViews.Tests.Streams;

/// <summary>The shared test host plus <see cref="StreamView"/> at /stream.</summary>
public sealed class StreamHost : LiveTestHost
{
    // The memory test sends a few hundred events as fast as replies come back.
    public override void Configure(LiveViews.Hosting.LiveViewOptions options) => options.EventsPerSecondPerConnection = options.EventBurstPerConnection = 100_000;

    protected override void ConfigureApp(WebApplication app) => app.MapLiveView<StreamView>("/stream");
}

/// <summary>Streams through the real hub: rows travel as stream ops (op 7), the tree keeps the container empty.</summary>
public sealed class StreamTests(StreamHost host) : IClassFixture<StreamHost>
{
    private static string StreamOp(JsonNode? ops) =>
        Assert.Single(ops!.AsArray(), o => o![0]!.GetValue<int>() == 7)!.ToJsonString(Relaxed);

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task The_static_page_shows_the_mount_rows_and_the_join_resets_the_container_to_them()
    {
        var page = await host.Http.GetStringAsync(new Uri(host.BaseAddress, "/stream?limit=5"));
        Assert.Contains("<li id=\"row-1\">one</li>", page); // no JavaScript: the rows are in the page
        await using var client = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        var joined = (await client.InvokeAsync("join", LiveTestHost.TokensIn(page).First()))["result"]!;
        Assert.Null(joined["h"]); // the page is what the view renders
        // [7, path, reset, limit, deletes, inserts, nodeName, count]: the <ul> is child 2 of the root's 6 nodes
        Assert.Equal("""[7,[2],1,5,[],[["row-1",-1,"<li id=\"row-1\">one</li>"],["row-2",-1,"<li id=\"row-2\">two</li>"]],"UL",6]""",
            StreamOp(joined["o"]));
    }

    [Fact]
    public async Task Inserts_deletes_and_resets_travel_as_stream_ops_and_renders_without_changes_send_none()
    {
        var (client, viewId) = await host.JoinAsync("/stream");
        await using var _ = client;

        await client.SendAsync("e", viewId, 1, "Add", new { id = 3, text = "<three>", at = 0 });
        var reply = await client.NextReplyAsync(viewId);
        Assert.Equal("""[7,[2],0,0,[],[["row-3",0,"<li id=\"row-3\">&lt;three&gt;</li>"]],"UL",6]""", StreamOp(reply["o"]));

        await client.SendAsync("e", viewId, 2, "Remove", new { id = 1 });
        Assert.Equal("""[7,[2],0,0,["row-1"],[],"UL",6]""", StreamOp((await client.NextReplyAsync(viewId))["o"]));

        await client.SendAsync("e", viewId, 3, "ResetTo", new { id = 9 });
        Assert.Equal("""[7,[2],1,0,[],[["row-9",-1,"<li id=\"row-9\">reset</li>"]],"UL",6]""", StreamOp((await client.NextReplyAsync(viewId))["o"]));

        await client.SendAsync("e", viewId, 4, "Touch", new { });
        var touched = (await client.NextReplyAsync(viewId))["o"]!.AsArray();
        Assert.DoesNotContain(touched, o => o![0]!.GetValue<int>() == 7);
        Assert.Single(touched); // the render counter's text: the empty container diffs as unchanged
    }

    [Fact]
    public async Task A_template_that_renders_a_row_without_its_id_is_refused_and_the_row_is_not_lost()
    {
        var (client, viewId) = await host.JoinAsync("/stream");
        await using var _ = client;
        host.ClearLogs();
        await client.SendAsync("e", viewId, 1, "Break", new { });
        var refused = await client.NextReplyAsync(viewId);
        Assert.NotNull(refused["e"]);
        Assert.Empty(refused["o"]!.AsArray());
        lock (host.Logs) Assert.Contains(host.Logs, l => l.Contains("row 0 of stream 'rows' has id ''") && l.Contains("row-99"));

        await client.SendAsync("e", viewId, 2, "Add", new { id = 4, text = "four", at = -1 });
        // Still refused (the template still omits ids): the view keeps its state and both rows stay pending.
        Assert.NotNull((await client.NextReplyAsync(viewId))["e"]);
    }
}

/// <summary>Memory is measured process-wide, so this test never runs beside other test classes.</summary>
[CollectionDefinition("StreamMemory", DisableParallelization = true)]
public sealed class StreamMemoryCollection;

/// <summary>A view streaming 10,000 rows keeps none of them: its server memory stays flat.</summary>
[Collection("StreamMemory")]
public sealed class StreamMemoryTests(StreamHost host, ITestOutputHelper output) : IClassFixture<StreamHost>
{
    [Fact]
    public async Task Ten_thousand_streamed_rows_leave_no_row_and_no_growth_behind()
    {
        var (client, viewId) = await host.JoinAsync("/stream?limit=20");
        await using var _ = client;
        int next = 1_000;
        long eventRef = 0;
        async Task StreamAsync(int rows)
        {
            for (int sent = 0; sent < rows; sent += 50)
            {
                await client.SendAsync("e", viewId, ++eventRef, "AddMany", new { from = next, count = 50 });
                next += 50;
                var reply = await client.NextReplyAsync(viewId);
                Assert.Null(reply["e"]);
                Assert.Equal(50, reply["o"]!.AsArray().Single(o => o![0]!.GetValue<int>() == 7)![5]!.AsArray().Count);
                while (client.RawFrames.TryDequeue(out var _)) { } // the test client's own record of frames
            }
        }
        await StreamAsync(1_000); // warm up: JIT, pools
        host.ClearLogs();
        long before = ManagedBytesAfterFullGc();
        await StreamAsync(10_000);
        host.ClearLogs();
        long after = ManagedBytesAfterFullGc();
        output.WriteLine($"managed memory: before {before / 1024} KiB, after 10,000 streamed rows {after / 1024} KiB, growth {(after - before) / 1024} KiB");

        // The deterministic proof: no streamed row is reachable from the server once sent.
        for (int i = 0; i < 50 && StreamView.Alive > 0; i++) { ManagedBytesAfterFullGc(); await Task.Delay(20); }
        Assert.True(StreamView.Alive == 0, $"{StreamView.Alive} streamed rows are still reachable");
        // Kept, the rows and their HTML would be megabytes; the bound only catches a gross leak (the figure is process-wide).
        Assert.True(after - before < 512 * 1024, $"managed memory grew by {(after - before) / 1024} KiB over 10,000 streamed rows");
    }

    private static long ManagedBytesAfterFullGc()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
