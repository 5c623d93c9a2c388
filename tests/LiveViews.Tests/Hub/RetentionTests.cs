using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using LiveViews.PubSub;
using LiveViews.Sessions;
using LiveViews.Tests.Live;
using LiveViews.Tokens;

namespace LiveViews.Tests.Hub;

/// <summary>
/// Reconnects to a living view over the real hub: a rejoin with the resume key re-attaches the retained instance (no
/// mount, its state and subscriptions intact, a full render); anything else mounts afresh. Bounded by the window and
/// <c>MaxRetainedViews</c>.
/// </summary>
public sealed class RetentionTests(RetentionHost host) : IClassFixture<RetentionHost>
{
    private ViewRetention Retention => host.Services.GetRequiredService<ViewRetention>();

    [Fact]
    public async Task A_rejoin_with_the_resume_key_reattaches_the_same_instance_with_its_state_and_a_full_render()
    {
        var page = await host.OpenAsync();
        var first = await page.JoinAsync();
        var key = first.Key;
        Assert.Matches("^[A-Za-z0-9_-]{22}$", key); // 128 random bits, base64url
        for (var i = 1; i <= 3; i++) await first.EventAsync(i, "Increment");
        var version = first.Version;
        await first.DropAsync();
        await WaitUntilAsync(() => Retention.Count > 0 && Contains(Retention, first.Instance));

        var second = await page.JoinAsync(key);
        Assert.Equal(first.ViewId, second.ViewId);          // the same view, not a new mount
        Assert.Equal(first.Instance, second.Instance);
        Assert.Equal("8", second.Count);                    // its state, in the full render the join carries
        Assert.Equal(version, second.Version);              // the next reply continues the version sequence
        Assert.Equal(key, second.Key);
        var reply = await second.EventAsync(4, "Increment");
        Assert.Equal(version + 1, reply["v"]!.GetValue<long>());
        Assert.Equal(4, SignalRJsonClient.AckOf(reply));
        Assert.Contains("\"9\"", reply["o"]!.ToJsonString());
        Assert.False(KeptView.Disposed.ContainsKey(first.Instance));
        await second.DropAsync();
    }

    [Fact]
    public async Task Pub_sub_messages_received_while_detached_show_in_the_full_render_and_the_subscription_goes_on()
    {
        var pubSub = host.Services.GetRequiredService<ILivePubSub>();
        var page = await host.OpenAsync();
        var first = await page.JoinAsync();
        await first.DropAsync();
        await WaitUntilAsync(() => Contains(Retention, first.Instance));
        var away = "away-" + Guid.NewGuid().ToString("N")[..6];
        await pubSub.PublishAsync("kept", away); // nothing is sent: no connection

        var second = await page.JoinAsync(first.Key);
        Assert.Equal(first.Instance, second.Instance);
        Assert.Contains($"<li>{away}</li>", second.Html);
        var back = "back-" + Guid.NewGuid().ToString("N")[..6];
        await pubSub.PublishAsync("kept", back);
        var push = await second.Client.NextReplyAsync(second.ViewId, r => r.ToJsonString().Contains(back));
        Assert.Equal(0, push["r"]!.GetValue<long>());
        Assert.Equal(second.Version + 1, push["v"]!.GetValue<long>());
        await second.DropAsync();
    }

    [Fact]
    public async Task Stream_rows_inserted_while_detached_follow_the_full_render_of_the_reattach()
    {
        var pubSub = host.Services.GetRequiredService<ILivePubSub>();
        var page = await host.OpenAsync();
        var first = await page.JoinAsync();
        await first.DropAsync();
        await WaitUntilAsync(() => Contains(Retention, first.Instance));
        var (early, late) = ("early" + Guid.NewGuid().ToString("N")[..6], "late" + Guid.NewGuid().ToString("N")[..6]);
        await pubSub.PublishAsync("kept-feed", early); // rendered while detached: the server forgets the row once rendered
        await pubSub.PublishAsync("kept-feed", late);

        // The re-attach runs in the view's mailbox after the messages queued before it.
        var second = await page.JoinAsync(first.Key);
        Assert.Equal(first.Instance, second.Instance);
        Assert.DoesNotContain(early, second.Html);           // the full render holds no stream rows...
        Assert.Contains($"feed-{early}", second.Ops);        // ...the ops after it do, oldest first
        Assert.True(second.Ops.IndexOf(early, StringComparison.Ordinal) < second.Ops.IndexOf(late, StringComparison.Ordinal));
        await second.DropAsync();

        var third = await page.JoinAsync(second.Key);       // handed over once: a later re-attach does not repeat them
        Assert.DoesNotContain(early, third.Ops);
        await third.DropAsync();
    }

    [Fact]
    public async Task A_key_with_another_token_or_user_mounts_afresh_and_leaves_the_retained_view_a_wrong_key_mounts_afresh_and_discards_it()
    {
        var ada = await host.OpenAsync("ada");
        var kept = await ada.JoinAsync();
        await kept.EventAsync(1, "Increment");
        await kept.DropAsync();
        await WaitUntilAsync(() => Contains(Retention, kept.Instance));

        // Another user's page (its own token) presenting ada's key, and an anonymous one: fresh mounts.
        var bob = await (await host.OpenAsync("bob")).JoinAsync(kept.Key);
        var anonymous = await (await host.OpenAsync()).JoinAsync(kept.Key);
        Assert.NotEqual(kept.Instance, bob.Instance);
        Assert.NotEqual(kept.Instance, anonymous.Instance);
        Assert.Equal("5", bob.Count);
        Assert.Contains(host.Logs.ToArray(), l => l.Contains("resume key of a retained KeptView with another token or user"));
        Assert.True(Contains(Retention, kept.Instance)); // still waiting for its own page

        var back = await ada.JoinAsync(kept.Key);
        Assert.Equal(kept.Instance, back.Instance);
        await back.DropAsync();
        await WaitUntilAsync(() => Contains(Retention, kept.Instance));

        // Its own page with a wrong key: a fresh mount (with the persisted count), and the retained one is disposed.
        var wrong = await ada.JoinAsync("AAAAAAAAAAAAAAAAAAAAAA");
        Assert.NotEqual(kept.Instance, wrong.Instance);
        Assert.Equal("6", wrong.Count);
        await WaitUntilAsync(() => KeptView.Disposed.ContainsKey(kept.Instance));
        Assert.False(Contains(Retention, kept.Instance));
        foreach (var view in new[] { bob, anonymous, wrong }) await view.DropAsync();
    }

    [Fact]
    public async Task The_window_ending_disposes_the_view_and_releases_its_subscription_then_a_rejoin_mounts_afresh_with_the_persisted_state()
    {
        var pubSub = (InProcessPubSub)host.Services.GetRequiredService<ILivePubSub>();
        var page = await host.OpenAsync();
        var first = await page.JoinAsync();
        await first.EventAsync(1, "Increment");
        await first.EventAsync(2, "Note", new { text = "kept note" });
        await first.DropAsync();
        await WaitUntilAsync(() => Contains(Retention, first.Instance));
        var subscribers = pubSub.CountSubscribers("kept");

        host.Clock.Advance(TimeSpan.FromMinutes(2)); // ReconnectRetention
        await WaitUntilAsync(() => KeptView.Disposed.ContainsKey(first.Instance));
        Assert.False(Contains(Retention, first.Instance));
        Assert.True(pubSub.CountSubscribers("kept") < subscribers);

        var second = await page.JoinAsync(first.Key);
        Assert.NotEqual(first.Instance, second.Instance); // mounted afresh…
        Assert.Equal("6", second.Count);                  // …with its [PersistentState] restored
        Assert.Contains("<li>kept note</li>", second.Html); // and what SaveState wrote
        await second.DropAsync();
    }

    [Fact]
    public async Task Past_MaxRetainedViews_the_longest_retained_views_are_disposed_first()
    {
        var joined = new List<Joined>();
        for (var i = 0; i < RetentionHost.MaxRetained + 2; i++) joined.Add(await (await host.OpenAsync()).JoinAsync());
        foreach (var view in joined)
        {
            await view.DropAsync();
            await WaitUntilAsync(() => Contains(Retention, view.Instance) || KeptView.Disposed.ContainsKey(view.Instance));
        }
        await WaitUntilAsync(() => KeptView.Disposed.ContainsKey(joined[0].Instance) && KeptView.Disposed.ContainsKey(joined[1].Instance));
        Assert.All(joined.Skip(2), v => Assert.True(Contains(Retention, v.Instance)));
        Assert.Equal(RetentionHost.MaxRetained, Retention.Count);
        Assert.Contains(host.Logs.ToArray(), l => l.Contains("more than MaxRetainedViews"));
        var tracker = host.Services.GetRequiredService<SessionTracker>();
        Assert.True(tracker.Count >= RetentionHost.MaxRetained); // retained views count as mounted views
    }

    [Fact]
    public async Task A_rejoin_racing_the_window_end_gets_the_living_view_or_a_fresh_mount_never_a_disposed_one()
    {
        var (reattached, fresh) = (0, 0);
        for (var i = 0; i < 30; i++)
        {
            var page = await host.OpenAsync();
            var first = await page.JoinAsync();
            await first.EventAsync(1, "Increment");
            await first.DropAsync();
            await WaitUntilAsync(() => Contains(Retention, first.Instance));

            var expiry = Task.Run(() => host.Clock.Advance(TimeSpan.FromMinutes(2)));
            var second = await page.JoinAsync(first.Key);
            await expiry;
            if (second.Instance == first.Instance) reattached++;
            else fresh++;
            Assert.Equal("6", second.Count); // the living instance, or a fresh one with the persisted count
            var reply = await second.EventAsync(2, "Increment");
            Assert.Null(reply["e"]);
            Assert.Contains("\"7\"", reply["o"]!.ToJsonString()); // it runs events: not a disposed view
            if (second.Instance == first.Instance) Assert.False(KeptView.Disposed.ContainsKey(first.Instance));
            await second.DropAsync();
            await WaitUntilAsync(() => Contains(Retention, second.Instance));
            host.Clock.Advance(TimeSpan.FromMinutes(2));
        }
        Assert.Equal(30, reattached + fresh);
    }

    [Fact]
    public async Task A_view_idle_for_the_compaction_delay_drops_what_its_tree_held_for_a_next_update()
    {
        var page = await host.OpenAsync();
        var joined = await page.JoinAsync();
        var session = host.Services.GetRequiredService<SessionTracker>().Sessions.Single(s => s.View is KeptView v && v.Instance == joined.Instance);
        Assert.False(session.Tree.HoldsForNextUpdate); // a first render holds nothing for later
        await joined.EventAsync(1, "Increment");
        await joined.EventAsync(2, "Increment");
        Assert.True(session.Tree.HoldsForNextUpdate); // the tree before the last update

        host.Clock.Advance(ViewSession.CompactionDelay - TimeSpan.FromMilliseconds(1));
        await joined.EventAsync(3, "Increment"); // activity re-arms the delay
        host.Clock.Advance(TimeSpan.FromMilliseconds(2));
        await Task.Delay(100);
        Assert.True(session.Tree.HoldsForNextUpdate);

        host.Clock.Advance(ViewSession.CompactionDelay);
        await WaitUntilAsync(() => !session.Tree.HoldsForNextUpdate);
        var reply = await joined.EventAsync(4, "Increment"); // a compacted view still diffs right
        Assert.Contains("\"9\"", reply["o"]!.ToJsonString());
    }

    private static bool Contains(ViewRetention retention, Guid instance) =>
        retention.Snapshot().Any(s => s.View is KeptView view && view.Instance == instance);

    internal static async Task WaitUntilAsync(Func<bool> condition, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline) throw new TimeoutException("condition not reached");
            await Task.Delay(10);
        }
    }
}

/// <summary>A page of /kept as a browser loaded it: its token and user; joins it over new connections.</summary>
public sealed class KeptPage(RetentionHost host, string token, string? user)
{
    public string Token { get; } = token;

    /// <summary>The nonce inside the token (what the persisted state is keyed by).</summary>
    public string Nonce => host.Services.GetRequiredService<ViewTokenService>().Verify(Token, Principal(user)).Nonce;

    /// <summary>Connects as the page's user and joins with the token (and <paramref name="key"/>, a rejoin's resume key).</summary>
    public async Task<Joined> JoinAsync(string? key = null)
    {
        var client = await SignalRJsonClient.ConnectAsync(host.HubUrl, user is null ? null : new Dictionary<string, string> { ["X-Test-User"] = user });
        var completion = await client.InvokeAsync("join", key is null ? Token : new { t = Token, r = key });
        var result = completion["result"]?.AsObject() ?? throw new InvalidOperationException("join failed: " + completion.ToJsonString());
        return new Joined(client, result);
    }

    internal static ClaimsPrincipal Principal(string? user) => user is null
        ? new ClaimsPrincipal(new ClaimsIdentity())
        : new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user), new Claim(ClaimTypes.Name, user)], "TestHeader"));
}

/// <summary>A joined /kept view on one connection.</summary>
public sealed class Joined(SignalRJsonClient client, JsonObject result)
{
    public SignalRJsonClient Client { get; } = client;
    public string ViewId { get; } = result["id"]!.GetValue<string>();
    public string Key { get; } = result["r"]?.GetValue<string>() ?? "";
    public string Html { get; private set; } = result["h"]?.GetValue<string>() ?? "";
    /// <summary>The join's ops after its content (stream rows), as JSON; "" when none.</summary>
    public string Ops { get; } = result["o"]?.ToJsonString() ?? "";
    public long Version { get; private set; } = result["v"]!.GetValue<long>();
    public Guid Instance => Guid.Parse(Between(Html, "<p id=\"instance\">", "</p>"));
    public string Count => Between(Html, "<p id=\"count\">", "</p>");

    /// <summary>Sends an event and returns its reply.</summary>
    public async Task<JsonObject> EventAsync(long eventRef, string handler, object? args = null)
    {
        await Client.SendAsync("e", ViewId, eventRef, handler, args ?? new { });
        var reply = await Client.NextReplyAsync(ViewId, r => r["r"]?.GetValue<long>() == eventRef);
        Version = reply["v"]!.GetValue<long>();
        return reply;
    }

    /// <summary>Closes the connection (as a network blip does).</summary>
    public ValueTask DropAsync() => Client.DisposeAsync();

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        if (from < 0) throw new InvalidOperationException($"'{start}' not in {text}");
        from += start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }
}
