using System.Text;
using StackExchange.Redis;

namespace LiveViews.Redis.Tests;

/// <summary>Whoever can publish to Redis cannot crash a server or make it build an arbitrary type: bad messages are dropped and logged.</summary>
public sealed class HostileWireTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Malformed_unknown_and_oversized_messages_are_dropped_and_logged_and_the_topic_keeps_working()
    {
        await using var a = await BackplaneHost.StartAsync("a", redis.Configuration, o => o.MaxMessageBytes = 8 * 1024);
        await using var b = await BackplaneHost.StartAsync("b", redis.Configuration, o => o.MaxMessageBytes = 8 * 1024);
        using var onA = new Collector(a.PubSub, "wire");
        await a.WaitUntilSubscribedAsync("wire");
        await using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var channel = RedisChannel.Literal("lv:LiveViews.Redis.Tests:topic:wire");
        var hostile = new RedisValue[]
        {
            "garbage", "", "{}", "[]", "null", "\"just a string\"",
            """{"n":"evil","s":1,"t":"System.Diagnostics.Process, System.Diagnostics.Process","d":{"StartInfo":{"FileName":"/bin/sh"}}}""",
            """{"n":"evil","s":2,"t":"note","d":{"$type":"System.IO.FileInfo","author":1}}""",
            """{"n":"evil","s":3,"t":"$i","d":"forty-two"}""",
            """{"n":"evil","s":4,"t":"$j","d":""" + new string('[', 5000) + new string(']', 5000) + "}",
            """{"n":"evil","s":5,"t":"$s","d":" """ + new string('x', 20_000) + "\"}",
            new byte[] { 0xff, 0xfe, 0x00, 0x7b },
        };
        foreach (var message in hostile) await raw.GetSubscriber().PublishAsync(channel, message);
        // A well-formed message from a server this one does not know is fine: the envelope carries no authority.
        await raw.GetSubscriber().PublishAsync(channel, Encoding.UTF8.GetBytes("""{"n":"other-node","s":1,"t":"$s","d":"valid"}"""));
        await b.PubSub.PublishAsync("wire", "from b");

        await onA.WaitForCountAsync(2);
        await Task.Delay(300);
        Assert.Equal(["valid", "from b"], onA.Messages);
        Assert.True(a.Logged("Dropped a message from Redis on topic wire"), string.Join("\n", a.Logs));
        Assert.DoesNotContain(a.Logs, l => l.StartsWith("Error") || l.StartsWith("Critical"));

        // Still working both ways.
        await a.PubSub.PublishAsync("wire", "after");
        await onA.WaitForCountAsync(3);
        Assert.Equal("after", onA.Messages[^1]);
    }

    [Fact]
    public async Task Messages_on_other_applications_channels_never_reach_this_one()
    {
        await using var a = await BackplaneHost.StartAsync("a", redis.Configuration);
        await using var other = await BackplaneHost.StartAsync("x", redis.Configuration, o => o.ApplicationName = "other-app");
        using var onA = new Collector(a.PubSub, "shared-name");
        using var onOther = new Collector(other.PubSub, "shared-name");
        await a.WaitUntilSubscribedAsync("shared-name");
        await other.WaitUntilSubscribedAsync("shared-name");

        await other.PubSub.PublishAsync("shared-name", "for other-app only");
        await a.PubSub.PublishAsync("shared-name", "for a");
        await onA.WaitForCountAsync(1);
        await onOther.WaitForCountAsync(1);
        await Task.Delay(200);
        Assert.Equal(["for a"], onA.Messages);
        Assert.Equal(["for other-app only"], onOther.Messages);
    }
}
