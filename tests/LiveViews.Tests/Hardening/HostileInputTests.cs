using Microsoft.Extensions.DependencyInjection;
using LiveViews.Hosting;
using LiveViews.Tests.Hub;
using LiveViews.Tokens;

namespace LiveViews.Tests.Hardening;

public sealed class SmallLimitsHost : LiveTestHost
{
    public override void Configure(LiveViewOptions options)
    {
        options.MaxMessageBytes = 4096;
        options.MaxViewsPerConnection = 3;
    }
}

/// <summary>Malformed and hostile hub input: each gets a clear error or a clean close, and nobody else is affected.</summary>
public sealed class HostileInputTests(SmallLimitsHost host) : IClassFixture<SmallLimitsHost>
{
    /// <summary>A bystander joined before the attack must still round-trip with its state intact.</summary>
    private static async Task AssertStillWorksAsync(SignalRJsonClient client, string viewId, long eventRef, string expectedCount)
    {
        await client.SendAsync("e", viewId, eventRef, "Add", new { amount = 1 });
        var reply = await client.NextReplyAsync(viewId, r => r["r"]!.GetValue<long>() == eventRef);
        Assert.Null(reply["e"]);
        Assert.Contains($"\"{expectedCount}\"", reply.ToJsonString());
    }

    [Theory]
    [InlineData("this is not json\u001e")]
    [InlineData("{\"type\":1,\"target\":\u001e")]
    [InlineData("\u0000\u0001\u0002\u001e")]
    public async Task Garbage_closes_only_the_sending_connection(string frame)
    {
        var (bystander, viewId) = await host.JoinAsync("/probe?start=10");
        await using var _ = bystander;
        await using var attacker = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        await attacker.SendRawAsync(frame);
        await WaitClosedAsync(attacker);
        await AssertStillWorksAsync(bystander, viewId, 1, "11");
    }

    [Theory]
    [InlineData("{\"type\":1,\"target\":\"e\",\"arguments\":\"nope\"}\u001e")]
    [InlineData("[1,2,3]\u001e")]
    public async Task Messages_of_the_wrong_shape_close_only_the_sending_connection(string frame)
    {
        var (bystander, viewId) = await host.JoinAsync("/probe?start=30");
        await using var _ = bystander;
        var (attacker, __) = await host.JoinAsync();
        await using var ___ = attacker;
        await attacker.SendRawAsync(frame);
        await WaitClosedAsync(attacker);
        await AssertStillWorksAsync(bystander, viewId, 1, "31");
    }

    [Theory]
    [InlineData("{\"type\":42}\u001e")]
    [InlineData("{\"type\":42,\"target\":\"e\"}\u001e")]
    [InlineData("{\"type\":\"1\"}\u001e")]
    [InlineData("{}\u001e")]
    public async Task A_message_of_an_unknown_type_is_answered_by_a_clean_close(string frame)
    {
        var (bystander, viewId) = await host.JoinAsync("/probe?start=40");
        await using var _ = bystander;
        var (attacker, __) = await host.JoinAsync();
        await using var ___ = attacker;
        await attacker.SendRawAsync(frame);
        await WaitClosedAsync(attacker);
        await AssertStillWorksAsync(bystander, viewId, 1, "41");
    }

    [Fact]
    public async Task Wrong_argument_types_and_unknown_targets_are_rejected_and_the_connection_keeps_working()
    {
        var (client, viewId) = await host.JoinAsync("/probe?start=1");
        await using var _ = client;
        await client.SendRawAsync("{\"type\":1,\"target\":\"e\",\"arguments\":[\"" + viewId + "\",\"not-a-number\",\"Add\",{}]}\u001e");
        await client.SendRawAsync("{\"type\":1,\"target\":\"e\",\"arguments\":[\"" + viewId + "\"]}\u001e");
        await client.SendRawAsync("{\"type\":1,\"target\":\"NoSuchMethod\",\"arguments\":[]}\u001e");
        var badJoin = await client.InvokeAsync("join", 12345);
        Assert.NotNull(badJoin["error"]);
        var unknownMethod = await client.InvokeAsync("OnDisconnectedAsync", "x");
        Assert.NotNull(unknownMethod["error"]);
        await client.SendAsync("e", "no-such-view", 1, "Add", new { amount = 1 });
        await AssertStillWorksAsync(client, viewId, 2, "2");
    }

    [Fact]
    public async Task An_oversized_message_closes_that_connection_cleanly()
    {
        var (bystander, viewId) = await host.JoinAsync("/probe?start=20");
        await using var _ = bystander;
        var (attacker, attackerView) = await host.JoinAsync();
        await using var __ = attacker;
        await attacker.SendAsync("e", attackerView, 1, "Rename", new { title = new string('x', 10_000) });
        await WaitClosedAsync(attacker);
        await AssertStillWorksAsync(bystander, viewId, 1, "21");
    }

    [Fact]
    public async Task Views_per_connection_are_bounded()
    {
        await using var client = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        for (var i = 0; i < 3; i++) Assert.NotNull((await client.InvokeAsync("join", await host.TokenAsync()))["result"]);
        var fourth = await client.InvokeAsync("join", await host.TokenAsync());
        Assert.Contains("Too many views", fourth["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_for_a_view_the_server_does_not_serve_is_rejected()
    {
        var tokens = host.Services.GetRequiredService<ViewTokenService>();
        var forged = tokens.Issue("System.Diagnostics.Process", new Dictionary<string, string>(), new(), "");
        await using var client = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        var reply = await client.InvokeAsync("join", forged);
        Assert.Contains("does not serve", reply["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_replayed_token_cannot_mount_twice_on_one_connection()
    {
        await using var client = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        var token = await host.TokenAsync();
        Assert.NotNull((await client.InvokeAsync("join", token))["result"]);
        Assert.Contains("already joined", (await client.InvokeAsync("join", token))["error"]!.GetValue<string>());
    }

    /// <summary>Returns when the server sent a close message or closed the socket; fails after 10 s.</summary>
    private static async Task WaitClosedAsync(SignalRJsonClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while ((await client.Messages.ReadAsync(timeout.Token))["type"]?.GetValue<int>() != 7) { }
        }
        catch (System.Threading.Channels.ChannelClosedException) { }
    }
}
