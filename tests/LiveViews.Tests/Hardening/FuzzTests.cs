using System.Text;
using System.Text.Json;
using LiveViews.Tests.Hub;
using Xunit.Abstractions;

namespace LiveViews.Tests.Hardening;

/// <summary>Thousands of generated frames at the hub; afterwards a normal client on another connection still round-trips.</summary>
public sealed class FuzzTests(LiveTestHost host, ITestOutputHelper output) : IClassFixture<LiveTestHost>
{
    private static readonly string[] Targets = ["e", "join", "resync", "leave", "p", "", "E", "OnConnectedAsync", "Dispose"];
    private static readonly string[] Handlers = ["Add", "Rename", "Fail", "Reset", "MountAsync", "ToString", "", "Slide", "Broadcast"];

    [Fact]
    public async Task Random_frames_never_hurt_other_connections_or_views()
    {
        var (victim, victimView) = await host.JoinAsync("/probe?start=1000");
        await using var _ = victim;
        var random = new Random(20261121);
        var sent = 0;
        var (closedConnections, connections) = (0, 0);
        // How many frames a connection takes before the server closes it depends on timing (the close reaches the client
        // asynchronously): more connections until enough frames went out.
        for (; connections < 40 && (connections < 12 || sent < 1500); connections++)
        {
            var (fuzzer, fuzzView) = await host.JoinAsync();
            await using var __ = fuzzer;
            for (var i = 0; i < 300; i++)
            {
                try { await fuzzer.SendRawAsync(RandomFrame(random, fuzzView)); sent++; }
                catch (Exception) { closedConnections++; break; } // the server closed this one: expected for garbage
            }
        }
        output.WriteLine($"sent {sent} fuzz frames over {connections} connections; {closedConnections} closed by the server");
        Assert.True(sent >= 1000, $"only {sent} frames were sent");

        var (fresh, freshView) = await host.JoinAsync("/probe?start=5");
        await using var ___ = fresh;
        await fresh.SendAsync("e", freshView, 1, "Add", new { amount = 2 });
        var reply = await fresh.NextReplyAsync(freshView, r => r["r"]!.GetValue<long>() == 1);
        Assert.Null(reply["e"]);
        Assert.Contains("\"7\"", reply.ToJsonString());

        await victim.SendAsync("e", victimView, 1, "Add", new { amount = 1 });
        var victimReply = await victim.NextReplyAsync(victimView, r => r["r"]!.GetValue<long>() == 1);
        Assert.Contains("\"1001\"", victimReply.ToJsonString());
    }

    private static string RandomFrame(Random random, string viewId)
    {
        switch (random.Next(8))
        {
            case 0: // random bytes
                var bytes = new byte[random.Next(1, 64)];
                random.NextBytes(bytes);
                return Encoding.Latin1.GetString(bytes) + "\u001e";
            case 1: // truncated JSON
                var json = ValidEvent(random, viewId);
                return json[..random.Next(1, json.Length)] + "\u001e";
            case 2: // wrong message types
                return $"{{\"type\":{random.Next(-2, 12)},\"target\":\"{Pick(random, Targets)}\"}}\u001e";
            default: // well-formed invocations with random targets, handlers and argument shapes
                return ValidEvent(random, viewId) + "\u001e";
        }
    }

    private static string ValidEvent(Random random, string viewId)
    {
        object?[] args = random.Next(6) switch
        {
            0 => [],
            1 => [viewId],
            2 => [viewId, random.Next(-5, 1_000_000), Pick(random, Handlers), RandomValue(random)],
            3 => [random.Next().ToString(), "x", Pick(random, Handlers), null],
            4 => [viewId, random.Next(1, 100), Pick(random, Handlers), new Dictionary<string, object?> { ["amount"] = RandomValue(random), ["title"] = RandomValue(random) }],
            _ => [RandomValue(random), RandomValue(random)],
        };
        var target = Pick(random, Targets);
        return target == "join" || target == "leave"
            ? JsonSerializer.Serialize(new { type = 1, invocationId = random.Next().ToString(), target, arguments = args })
            : JsonSerializer.Serialize(new { type = 1, target, arguments = args });
    }

    private static object? RandomValue(Random random) => random.Next(7) switch
    {
        0 => null,
        1 => random.Next(),
        2 => "<script>alert(1)</script>",
        3 => new string('z', random.Next(0, 2000)),
        4 => new[] { 1, 2, 3 },
        5 => double.MaxValue,
        _ => new { nested = new { deeper = random.Next() } },
    };

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
