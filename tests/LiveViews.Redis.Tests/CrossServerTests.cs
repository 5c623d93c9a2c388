using System.Text.Json;
using StackExchange.Redis;

namespace LiveViews.Redis.Tests;

/// <summary>Two (or three) application servers on one real redis-server: delivery, order, types, views and tokens across them.</summary>
public sealed class CrossServerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static string Relaxed(System.Text.Json.Nodes.JsonObject reply) => reply.ToJsonString(RelaxedJson);

    [Fact]
    public async Task A_message_published_on_one_server_reaches_subscribers_on_every_server_once()
    {
        await using var a = await BackplaneHost.StartAsync("a", redis.Configuration);
        await using var b = await BackplaneHost.StartAsync("b", redis.Configuration);
        using var onA = new Collector(a.PubSub, "news");
        using var onB = new Collector(b.PubSub, "news");
        using var otherTopic = new Collector(b.PubSub, "sport");
        await a.WaitUntilSubscribedAsync("news");
        await b.WaitUntilSubscribedAsync("news");
        await b.WaitUntilSubscribedAsync("sport");

        await a.PubSub.PublishAsync("news", "from a");
        await b.PubSub.PublishAsync("news", "from b");
        await onA.WaitForCountAsync(2, who: "a");
        await onB.WaitForCountAsync(2, who: "b");
        await Task.Delay(200); // nothing more may arrive: each server delivers each message once

        Assert.Equal(onA.Messages, onB.Messages);
        Assert.Equal(["from a", "from b"], onA.Messages.Order().ToList());
        Assert.All(onB.Topics, t => Assert.Equal("news", t));
        Assert.Equal(0, otherTopic.Count);
    }

    [Fact]
    public async Task Every_subscriber_on_every_server_sees_one_order_per_topic_under_concurrent_publishers()
    {
        await using var a = await BackplaneHost.StartAsync("a", redis.Configuration);
        await using var b = await BackplaneHost.StartAsync("b", redis.Configuration);
        var subscribers = new[] { new Collector(a.PubSub, "race"), new Collector(a.PubSub, "race"), new Collector(b.PubSub, "race"), new Collector(b.PubSub, "race") };
        await a.WaitUntilSubscribedAsync("race");
        await b.WaitUntilSubscribedAsync("race");

        const int perPublisher = 250;
        var publishers = new[] { ("a1", a), ("a2", a), ("b1", b), ("b2", b) };
        // Four publishers at once, two per server; each awaits its own publishes, so its messages have an order.
        await Task.WhenAll(publishers.Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perPublisher; i++) await p.Item2.PubSub.PublishAsync("race", $"{p.Item1}:{i}");
        })));
        foreach (var s in subscribers) await s.WaitForCountAsync(publishers.Length * perPublisher);
        await Task.Delay(200);

        var reference = subscribers[0].Messages.Cast<string>().ToList();
        Assert.Equal(publishers.Length * perPublisher, reference.Count);
        Assert.Equal(reference.Count, reference.Distinct().Count());
        foreach (var s in subscribers) Assert.Equal(reference, s.Messages.Cast<string>().ToList()); // one order everywhere
        foreach (var (name, _) in publishers) // and each publisher's messages in the order it published them
            Assert.Equal(Enumerable.Range(0, perPublisher), reference.Where(m => m.StartsWith(name + ":")).Select(m => int.Parse(m[(name.Length + 1)..])));
        // The concurrency was real: the two servers' messages interleave.
        Assert.True(reference.Take(reference.Count / 2).Any(m => m.StartsWith('a')) && reference.Take(reference.Count / 2).Any(m => m.StartsWith('b')));
        foreach (var s in subscribers) s.Dispose();
    }

    [Fact]
    public async Task Built_in_and_registered_types_cross_servers_and_anything_else_is_refused_at_publish()
    {
        await using var a = await BackplaneHost.StartAsync("a", redis.Configuration, o => o.MaxMessageBytes = 4096);
        await using var b = await BackplaneHost.StartAsync("b", redis.Configuration, o => o.MaxMessageBytes = 4096);
        using var onB = new Collector(b.PubSub, "types");
        await b.WaitUntilSubscribedAsync("types");

        var sent = new object[] { "text", 42, 9_000_000_000L, 2.5, true, 1.5m, Guid.NewGuid(), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), new Note("ada", "hi", 2), JsonDocument.Parse("""{"x":[1,2]}""").RootElement };
        await Assert.ThrowsAsync<NotSupportedException>(() => a.PubSub.PublishAsync("types", new Uri("http://example.test/")));
        await Assert.ThrowsAsync<ArgumentException>(() => a.PubSub.PublishAsync("types", new string('x', 5000)));
        foreach (var message in sent) await a.PubSub.PublishAsync("types", message);
        await onB.WaitForCountAsync(sent.Length);

        var received = onB.Messages;
        Assert.Equal(sent.Length, received.Count); // the refused ones never left
        for (var i = 0; i < sent.Length; i++)
        {
            Assert.IsType(sent[i].GetType(), received[i]);
            if (sent[i] is JsonElement json) Assert.Equal(json.GetRawText(), ((JsonElement)received[i]).GetRawText());
            else Assert.Equal(sent[i], received[i]);
        }
    }

    [Fact]
    public async Task A_view_on_one_server_receives_what_a_view_on_another_server_publishes()
    {
        await using var a = await BackplaneHost.StartAsync("a", redis.Configuration);
        await using var b = await BackplaneHost.StartAsync("b", redis.Configuration);
        var (clientA, joinA) = await a.JoinAsync(await a.TokenAsync());
        var (clientB, joinB) = await b.JoinAsync(await b.TokenAsync());
        await using var _ = clientA;
        await using var __ = clientB;
        var viewA = joinA["result"]!["id"]!.GetValue<string>();
        var viewB = joinB["result"]!["id"]!.GetValue<string>();
        await a.WaitUntilSubscribedAsync(Live.BoardView.Topic);
        await b.WaitUntilSubscribedAsync(Live.BoardView.Topic);

        await clientA.SendAsync("e", viewA, 1, "Post", new { text = "<b>hello</b> from a" });
        var pushOnB = await clientB.NextReplyAsync(viewB, r => r["r"]!.GetValue<long>() == 0);
        Assert.Contains("<li>&lt;b&gt;hello&lt;/b&gt; from a</li>", Relaxed(pushOnB)); // encoded by the template, on the other server
        var onA = await clientA.NextReplyAsync(viewA, r => Relaxed(r).Contains("&lt;/b&gt; from a</li>")); // and on the publisher's own server
        Assert.NotNull(onA);
    }

    [Fact]
    public async Task A_view_token_rendered_by_one_server_mounts_on_another_and_not_on_another_application()
    {
        await using var a = await BackplaneHost.StartAsync("a", redis.Configuration);
        Assert.Contains("data-lv-node=\"a\"", await a.Http.GetStringAsync(new Uri(a.BaseAddress, "/board"))); // LiveViewOptions.NodeName
        var token = await a.TokenAsync(); // the first token creates the key ring, in Redis
        await using var b = await BackplaneHost.StartAsync("b", redis.Configuration);
        await using var stranger = await BackplaneHost.StartAsync("c", redis.Configuration, o => o.ApplicationName = "another-app");

        var (clientB, onB) = await b.JoinAsync(token);
        await using var _ = clientB;
        Assert.True(onB["result"]?["id"] is not null, "server b refused a token from server a: " + onB.ToJsonString());

        var (clientC, onC) = await stranger.JoinAsync(token);
        await using var __ = clientC;
        Assert.Null(onC["result"]?["id"]);
        Assert.Contains("token", onC["error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);

        // The key ring lives in Redis under the application's key.
        await using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        Assert.True(await raw.GetDatabase().ListLengthAsync("lv:LiveViews.Redis.Tests:data-protection-keys") >= 1);
    }

    [Fact]
    public async Task The_last_subscriber_leaving_unsubscribes_the_server_in_Redis()
    {
        await using var a = await BackplaneHost.StartAsync("a", redis.Configuration);
        await using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var channel = RedisChannel.Literal("lv:LiveViews.Redis.Tests:topic:leave");
        async Task<long> SubscribersInRedis() => (long)(await raw.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", (RedisValue)channel.ToString()))[1];

        var first = new Collector(a.PubSub, "leave");
        var second = new Collector(a.PubSub, "leave");
        await a.WaitUntilSubscribedAsync("leave");
        Assert.Equal(1, await SubscribersInRedis()); // one Redis subscription per server, not per subscriber
        first.Dispose();
        await Task.Delay(100);
        Assert.Equal(1, await SubscribersInRedis());
        second.Dispose();
        await Eventually.TrueAsync(() => SubscribersInRedis().GetAwaiter().GetResult() == 0, 5000, "the Redis subscription to be dropped");
        Assert.Equal(0, a.Backplane.TopicCount);
    }
}
