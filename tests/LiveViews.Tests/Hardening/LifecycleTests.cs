using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using LiveViews.Hosting;
using LiveViews.PubSub;
using LiveViews.Sessions;
using LiveViews.Tests.Hub;
using LiveViews.Tests.Live;
using Xunit.Abstractions;

namespace LiveViews.Tests.Hardening;

/// <summary>Memory is measured process-wide, so these tests never run beside other test classes.</summary>
[CollectionDefinition("Lifecycle", DisableParallelization = true)]
public sealed class LifecycleCollection;

/// <summary>
/// The shared test host plus <see cref="CycleView"/> at /cycle, without reconnect retention: these tests check that a
/// closed connection disposes its views at once (RetentionTests checks the retained ones' disposal at expiry).
/// </summary>
public sealed class LifecycleHost : LiveTestHost
{
    public override void Configure(LiveViewOptions options) => options.ReconnectRetention = TimeSpan.Zero;
    protected override void ConfigureApp(WebApplication app) => app.MapLiveView<CycleView>("/cycle");
}

/// <summary>Views are disposed with their connection; many cycles leave no growth behind.</summary>
[Collection("Lifecycle")]
public sealed class LifecycleTests(LifecycleHost host, ITestOutputHelper output) : IClassFixture<LifecycleHost>
{
    [Fact]
    public async Task Disconnecting_disposes_views_and_releases_subscriptions()
    {
        var tracker = host.Services.GetRequiredService<SessionTracker>();
        var pubSub = (InProcessPubSub)host.Services.GetRequiredService<ILivePubSub>();
        var before = pubSub.CountSubscribers("probe");
        var (client, _) = await host.JoinAsync();
        Assert.Equal(before + 1, pubSub.CountSubscribers("probe"));
        await client.DisposeAsync();
        await WaitUntilAsync(() => pubSub.CountSubscribers("probe") == before && tracker.Count == 0);
    }

    [Fact]
    public async Task A_thousand_connect_mount_disconnect_cycles_leave_no_view_behind()
    {
        var tracker = host.Services.GetRequiredService<SessionTracker>();
        var pubSub = (InProcessPubSub)host.Services.GetRequiredService<ILivePubSub>();
        var token = await host.TokenAsync("/cycle");
        await CycleAsync(token, 50); // warm up caches, JIT, pools
        await WaitUntilAsync(() => tracker.Count == 0);
        host.ClearLogs(); // the test's log sink keeps every line; it is not the server's memory
        var baseline = ManagedBytesAfterFullGc();
        var createdBefore = CycleView.Created;
        var disposedBefore = CycleView.Disposed;

        await CycleAsync(token, 1000);

        await WaitUntilAsync(() => tracker.Count == 0 && pubSub.CountSubscribers("cycle") == 0);
        Assert.Equal(1000, CycleView.Created - createdBefore);
        Assert.Equal(1000, CycleView.Disposed - disposedBefore);
        // The deterministic proof: after a full blocking GC no view instance is reachable from anywhere.
        await WaitUntilAsync(() => { ManagedBytesAfterFullGc(); return CycleView.Alive == 0; });

        host.ClearLogs();
        var after = ManagedBytesAfterFullGc();
        var growth = after - baseline;
        output.WriteLine($"managed memory: baseline {baseline / 1024} KiB, after 1,000 cycles {after / 1024} KiB, growth {growth / 1024} KiB ({growth / 1000} B per cycle)");
        // The figure is process-wide (Kestrel, SignalR and the test's own client pools share it), so the bound only
        // catches a gross leak: one retained view with its DI scope, tree and connection state costs tens of KiB.
        Assert.True(growth < 8 * 1024 * 1024, $"managed memory grew by {growth / 1024} KiB over 1,000 cycles");
    }

    [Fact]
    public async Task Graceful_shutdown_lets_the_event_in_flight_finish_and_reply()
    {
        var own = new LiveTestHost();
        await own.InitializeAsync();
        try
        {
            var (client, viewId) = await own.JoinAsync("/probe?start=1");
            await using var _ = client;
            await client.SendAsync("e", viewId, 1, "Slow", new { ms = 600 });
            await Task.Delay(100); // the event is now running
            var stopping = own.StopAsync();
            var reply = await client.NextReplyAsync(viewId, r => r["r"]!.GetValue<long>() == 1);
            Assert.Null(reply["e"]);
            Assert.Contains("\"2\"", reply.ToJsonString());
            await stopping;
            // The server closed the connection itself, with a SignalR close message, so the client reconnects and remounts.
            var messages = new List<string>();
            await foreach (var message in client.Messages.ReadAllAsync().WithCancellation(new CancellationTokenSource(5000).Token))
                messages.Add(message.ToJsonString());
            Assert.Contains(messages, m => m.Contains("\"type\":7"));
            Assert.NotEqual(System.Net.WebSockets.WebSocketState.Open, client.State);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    private async Task CycleAsync(string token, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await using var client = await SignalRJsonClient.ConnectAsync(host.HubUrl);
            var joined = await client.InvokeAsync("join", token);
            Assert.NotNull(joined["result"]);
        }
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

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition(), "condition not reached within 10 s");
    }
}
