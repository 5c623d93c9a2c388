using StackExchange.Redis;

namespace LiveViews.Redis.Tests;

/// <summary>Persisted view state in the real Redis: a page whose server went away gets its views' state back on another.</summary>
public sealed class PersistedStateTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task State_saved_on_one_server_is_restored_by_a_mount_of_the_same_page_on_another_encrypted_in_Redis()
    {
        await using var a = await BackplaneHost.StartAsync("a", redis.Configuration);
        var token = await a.TokenAsync();
        await using var b = await BackplaneHost.StartAsync("b", redis.Configuration);

        var (clientA, joinA) = await a.JoinAsync(token);
        var viewA = joinA["result"]!["id"]!.GetValue<string>();
        const string draft = "typed on server a";
        await clientA.SendAsync("e", viewA, 1, "Write", new { text = draft });
        await clientA.NextReplyAsync(viewA, r => r["r"]!.GetValue<long>() == 1); // saved before this reply
        await clientA.DisposeAsync();

        var (clientB, joinB) = await b.JoinAsync(token);
        await using var _ = clientB;
        Assert.Contains($"<p id=\"draft\">{draft}</p>", joinB["result"]!["h"]!.GetValue<string>());

        // In Redis under the application's prefix, and unreadable there.
        await using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var keys = raw.GetServer(raw.GetEndPoints()[0]).Keys(pattern: "*lv:state:*").ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.StartsWith(typeof(BackplaneHost).Assembly.GetName().Name + ":lv:state:", k.ToString()));
        foreach (var key in keys)
            Assert.DoesNotContain(draft, (string?)await raw.GetDatabase().HashGetAsync(key, "data") ?? "");
    }
}
