namespace LiveViews.Redis.Tests;

/// <summary>Redis dies mid-stream and comes back: logged, retried, local delivery never stops, remote delivery resumes.</summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task A_Redis_restart_mid_stream_loses_no_local_message_and_remote_delivery_resumes()
    {
        await using var redis = new RedisServer();
        await redis.StartAsync();
        await using var a = await BackplaneHost.StartAsync("a", redis.Configuration);
        await using var b = await BackplaneHost.StartAsync("b", redis.Configuration);
        using var onA = new Collector(a.PubSub, "stream");
        using var onB = new Collector(b.PubSub, "stream");
        await a.WaitUntilSubscribedAsync("stream");
        await b.WaitUntilSubscribedAsync("stream");

        // One publisher on server a, a message every 10 ms, until told to stop (bounded: at most 3,000 messages).
        var published = 0;
        using var stop = new CancellationTokenSource();
        var publisher = Task.Run(async () =>
        {
            for (var i = 1; i <= 3000 && !stop.IsCancellationRequested; i++)
            {
                await a.PubSub.PublishAsync("stream", i);
                published = i;
                await Task.Delay(10);
            }
        });

        await onB.WaitForCountAsync(30, who: "b, before the outage");
        await redis.KillAsync();
        var killedAt = published;
        await Eventually.TrueAsync(() => a.Logged("Redis connection lost"), 5000, "server a to log the lost connection");
        await Eventually.TrueAsync(() => published >= killedAt + 50, 10_000, "50 messages published while Redis is down");
        var beforeRestart = published;

        await redis.StartAsync();
        await a.WaitUntilSubscribedAsync("stream", 15_000);
        await b.WaitUntilSubscribedAsync("stream", 15_000);
        var restoredAt = published;
        await Eventually.TrueAsync(() => published >= restoredAt + 50, 10_000, "50 messages published after the restore");
        stop.Cancel();
        await publisher; // publishing never threw, Redis or not
        var total = published;

        // Server a: every message exactly once, in order, through the whole outage.
        await onA.WaitForCountAsync(total, who: "a");
        await Task.Delay(300);
        Assert.Equal(Enumerable.Range(1, total), onA.Messages.Cast<int>());

        // Server b: in order, missed what was published while Redis was down, and got the messages after the restore.
        await Eventually.TrueAsync(() => onB.Messages.Cast<int>().Contains(total), 5000, "b to receive the last message");
        var atB = onB.Messages.Cast<int>().ToList();
        Assert.Equal(atB.Order(), atB);
        Assert.Equal(atB.Count, atB.Distinct().Count());
        Assert.DoesNotContain(atB, m => m > killedAt + 5 && m <= beforeRestart);
        Assert.Contains(atB, m => m > restoredAt);

        Assert.True(a.Logged("Redis connection restored"), string.Join("\n", a.Logs));
        Assert.True(b.Logged("Redis connection lost") && b.Logged("Redis connection restored"), string.Join("\n", b.Logs));
    }

    [Fact]
    public async Task A_server_started_while_Redis_is_down_serves_views_locally_and_joins_the_cluster_when_Redis_starts()
    {
        await using var redis = new RedisServer(); // not started yet
        await using var a = await BackplaneHost.StartAsync("a", redis.Configuration, o => o.PersistDataProtectionKeys = false);
        using var onA = new Collector(a.PubSub, "late");
        await a.PubSub.PublishAsync("late", "while down");
        await onA.WaitForCountAsync(1);
        await Eventually.TrueAsync(() => a.Logged("is not reachable"), 10_000, "a to log that Redis is not reachable");

        await redis.StartAsync();
        await using var b = await BackplaneHost.StartAsync("b", redis.Configuration, o => o.PersistDataProtectionKeys = false);
        using var onB = new Collector(b.PubSub, "late");
        await a.WaitUntilSubscribedAsync("late", 15_000);
        await b.WaitUntilSubscribedAsync("late");
        await a.PubSub.PublishAsync("late", "after");
        await onB.WaitForCountAsync(1, who: "b");
        await onA.WaitForCountAsync(2, who: "a");
        Assert.Equal(["while down", "after"], onA.Messages);
        Assert.Equal(["after"], onB.Messages);
    }
}
