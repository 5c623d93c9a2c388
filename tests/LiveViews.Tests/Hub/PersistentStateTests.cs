using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using LiveViews.Persistence;
using LiveViews.Tests.Live;

namespace LiveViews.Tests.Hub;

/// <summary>
/// Persisted view state over the real hub: restored by a fresh mount of the same page (here: a join without the resume
/// key, as on another server), saved before the reply that confirms it, and never trusted when tampered with, too large
/// or expired.
/// </summary>
public sealed class PersistentStateTests(RetentionHost host) : IClassFixture<RetentionHost>
{
    private IDistributedCache Cache => host.Services.GetRequiredService<IDistributedCache>();

    [Fact]
    public async Task A_fresh_mount_of_the_same_page_restores_the_persisted_properties_and_what_SaveState_wrote()
    {
        var page = await host.OpenAsync("ada");
        var first = await page.JoinAsync();
        await first.EventAsync(1, "Increment");
        await first.EventAsync(2, "Increment");
        await first.EventAsync(3, "Note", new { text = "remember" });
        var elsewhere = await page.JoinAsync(); // another connection, no key: what another server does
        Assert.NotEqual(first.Instance, elsewhere.Instance);
        Assert.Equal("7", elsewhere.Count);
        Assert.Contains("<li>remember</li>", elsewhere.Html);
        var fresh = await (await host.OpenAsync("ada")).JoinAsync(); // another page of the same user: its own state
        Assert.Equal("5", fresh.Count);
        foreach (var view in new[] { first, elsewhere, fresh }) await view.DropAsync();
    }

    [Fact]
    public async Task The_state_is_saved_before_the_reply_that_confirms_it_and_only_when_it_changed()
    {
        var page = await host.OpenAsync();
        var view = await page.JoinAsync();
        await view.EventAsync(1, "Increment");
        var writes = host.Cache.Writes;
        await view.EventAsync(2, "Touch"); // nothing persisted changed: no write
        Assert.Equal(writes, host.Cache.Writes);

        host.Cache.Hold();
        await view.Client.SendAsync("e", view.ViewId, 3, "Increment", new { });
        await host.Cache.WriteWaiting.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the save of 7 has started, and waits
        // A round trip on the same connection: anything the server wrote before this completion has arrived by now.
        await view.Client.InvokeAsync("join", "not-a-token");
        Assert.False(HasReply(view, 3), "the reply was sent before the state was saved");
        host.Cache.Release();
        var reply = await view.Client.NextReplyAsync(view.ViewId, r => r["r"]?.GetValue<long>() == 3);
        Assert.Contains("\"7\"", reply["o"]!.ToJsonString());
        Assert.Equal(writes + 1, host.Cache.Writes);
        await view.DropAsync();
    }

    [Fact]
    public async Task Tampered_state_is_ignored_with_a_warning()
    {
        var page = await host.OpenAsync();
        var view = await page.JoinAsync();
        await view.EventAsync(1, "Increment");
        var key = ViewStateStore.CacheKey(page.Nonce);
        var stored = (await Cache.GetAsync(key))!;
        stored[^3] ^= 0x40; // one bit of the authenticated ciphertext
        await Cache.SetAsync(key, stored, new DistributedCacheEntryOptions());

        var again = await page.JoinAsync();
        Assert.Equal("5", again.Count);
        Assert.Contains(host.Logs.ToArray(), l => l.Contains("KeptView: persisted state ignored: it does not decrypt"));
        foreach (var v in new[] { view, again }) await v.DropAsync();
    }

    [Fact]
    public async Task State_saved_for_another_page_does_not_decrypt_for_this_one()
    {
        var one = await host.OpenAsync();
        var other = await host.OpenAsync();
        var view = await one.JoinAsync();
        await view.EventAsync(1, "Increment");
        var copied = (await Cache.GetAsync(ViewStateStore.CacheKey(one.Nonce)))!;
        await Cache.SetAsync(ViewStateStore.CacheKey(other.Nonce), copied, new DistributedCacheEntryOptions());
        var joined = await other.JoinAsync();
        Assert.Equal("5", joined.Count);
        foreach (var v in new[] { view, joined }) await v.DropAsync();
    }

    [Fact]
    public async Task A_state_over_MaxPersistentStateBytes_is_refused_with_a_warning_never_truncated_and_the_earlier_one_dropped()
    {
        var page = await host.OpenAsync();
        var view = await page.JoinAsync();
        await view.EventAsync(1, "Increment"); // 6, saved
        Assert.NotNull(await Cache.GetAsync(ViewStateStore.CacheKey(page.Nonce)));
        await view.EventAsync(2, "Grow", new { size = 2000 }); // over the host's 1,024 bytes
        Assert.Contains(host.Logs.ToArray(), l => l.Contains("exceeds MaxPersistentStateBytes (1024); not saved"));
        Assert.Null(await Cache.GetAsync(ViewStateStore.CacheKey(page.Nonce)));
        var again = await page.JoinAsync();
        Assert.Equal("5", again.Count); // what its mount set: neither an outdated 6 nor a cut blob
        foreach (var v in new[] { view, again }) await v.DropAsync();
    }

    [Fact]
    public async Task Expired_state_is_ignored_with_a_warning()
    {
        var page = await host.OpenAsync();
        var view = await page.JoinAsync();
        await view.EventAsync(1, "Increment");
        await view.DropAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(31)); // PersistentStateLifetime (30 min) on the options' clock
        var again = await page.JoinAsync();
        Assert.Equal("5", again.Count);
        Assert.Contains(host.Logs.ToArray(), l => l.Contains("KeptView: persisted state ignored: it expired"));
        await again.DropAsync();
    }

    [Fact]
    public async Task Graceful_shutdown_disposes_retained_views_keeps_every_views_state_and_closes_the_connections()
    {
        var own = new RetentionHost();
        await own.InitializeAsync();
        try
        {
            var livePage = await own.OpenAsync();
            var live = await livePage.JoinAsync();
            await live.EventAsync(1, "Increment");
            var waiting = await (await own.OpenAsync()).JoinAsync();
            await waiting.DropAsync();
            var retention = own.Services.GetRequiredService<LiveViews.Sessions.ViewRetention>();
            await RetentionTests.WaitUntilAsync(() => retention.Count == 1);

            await own.StopAsync();
            Assert.True(KeptView.Disposed.ContainsKey(waiting.Instance));
            Assert.True(KeptView.Disposed.ContainsKey(live.Instance));
            Assert.Equal(0, retention.Count);
            await RetentionTests.WaitUntilAsync(() => live.Client.State != System.Net.WebSockets.WebSocketState.Open);
            var store = own.Services.GetRequiredService<ViewStateStore>();
            var saved = await store.LoadAsync(typeof(KeptView), livePage.Nonce, null);
            Assert.Contains("\"Count\":6", System.Text.Encoding.UTF8.GetString(saved!));
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    private static bool HasReply(Joined view, long eventRef)
    {
        var found = false;
        while (view.Client.Messages.TryRead(out var message))
            found |= message["target"]?.GetValue<string>() == "p" && message["arguments"]![1]!["r"]?.GetValue<long>() == eventRef;
        return found;
    }
}
