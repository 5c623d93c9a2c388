using Microsoft.Extensions.DependencyInjection;
using LiveViews.PubSub;
using LiveViews.Sessions;
using LiveViews.Tests.Hub;
using Xunit.Abstractions;

namespace LiveViews.Tests.Hardening;

/// <summary>Memory is measured process-wide, so these tests never run beside other test classes.</summary>
[CollectionDefinition("Lifecycle", DisableParallelization = true)]
public sealed class LifecycleCollection;

/// <summary>Views are disposed with their connection; many cycles leave no growth behind.</summary>
[Collection("Lifecycle")]
public sealed class LifecycleTests(LiveTestHost host, ITestOutputHelper output) : IClassFixture<LiveTestHost>
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
    public async Task A_thousand_connect_mount_disconnect_cycles_return_memory_to_baseline()
    {
        var tracker = host.Services.GetRequiredService<SessionTracker>();
        var token = await host.TokenAsync();
        await CycleAsync(token, 50); // warm up caches, JIT, pools
        var baseline = ManagedBytesAfterFullGc();
        await CycleAsync(token, 1000);
        await WaitUntilAsync(() => tracker.Count == 0);
        var after = ManagedBytesAfterFullGc();
        var growth = after - baseline;
        output.WriteLine($"managed memory: baseline {baseline / 1024} KiB, after 1,000 cycles {after / 1024} KiB, growth {growth / 1024} KiB");
        // A leaked view holds a DI scope, its tree and a subscription: well over 2 KiB each, so 1,000 of them would blow this bound.
        Assert.True(growth < 2 * 1024 * 1024, $"managed memory grew by {growth / 1024} KiB");
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
