using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using LiveViews.Navigation;
using LiveViews.Sessions;
using LiveViews.Tests.Hub;
using LiveViews.Tests.Live;

namespace LiveViews.Tests.Navigation;

/// <summary>
/// URL state and live navigation over the real hub: <c>HandleParamsAsync</c> on the page, the join and patches; the
/// effects of <c>PushPatch</c>/<c>Navigate</c>/<c>Redirect</c>/<c>PutFlash</c>; <c>navigate</c> mounting the next view over
/// the same connection; stale messages of a view navigated away from; the last navigation winning.
/// </summary>
public sealed class NavigationHubTests(NavigationHost host) : IClassFixture<NavigationHost>
{
    private const string Gone = "This view is gone";

    private async Task<(SignalRJsonClient Client, string ViewId, JsonObject Result)> JoinAtAsync(string pageUrl, string? browserUrl = null)
    {
        var client = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        var token = await host.TokenAsync(pageUrl);
        var completion = await client.InvokeAsync("join", browserUrl is null ? token : new { t = token, u = browserUrl });
        var result = completion["result"]?.AsObject() ?? throw new InvalidOperationException("join failed: " + completion.ToJsonString());
        return (client, result["id"]!.GetValue<string>(), result);
    }

    /// <summary>The next server message for which <paramref name="match"/> holds (others are skipped).</summary>
    private static async Task<JsonObject> NextAsync(SignalRJsonClient client, Func<JsonObject, bool> match, int timeoutMs = 10_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        while (true)
        {
            var message = await client.Messages.ReadAsync(timeout.Token);
            if (match(message)) return message;
        }
    }

    private static bool IsNavigated(JsonObject m) => m["target"]?.GetValue<string>() == "navigated";

    private static bool IsReplyFor(JsonObject m, string viewId) =>
        m["target"]?.GetValue<string>() == "p" && m["arguments"]![0]!.GetValue<string>() == viewId;

    private static JsonObject Args1(JsonObject message) => message["arguments"]![1]!.AsObject();

    private static async Task<JsonObject> NavigateAsync(SignalRJsonClient client, long seq, string url)
    {
        await client.SendAsync("navigate", seq, url);
        var message = await NextAsync(client, IsNavigated);
        Assert.Equal(seq, message["arguments"]![0]!.GetValue<long>());
        return Args1(message);
    }

    /// <summary>Every message that arrives within <paramref name="ms"/> milliseconds.</summary>
    private static async Task<List<JsonObject>> DrainAsync(SignalRJsonClient client, int ms)
    {
        var messages = new List<JsonObject>();
        using var quiet = new CancellationTokenSource(ms);
        try { while (true) messages.Add(await client.Messages.ReadAsync(quiet.Token)); }
        catch (OperationCanceledException) { }
        return messages;
    }

    /// <summary>Collects messages up to and including the first that <paramref name="last"/> matches (at most 10 s: a loaded machine is slow, not broken).</summary>
    private static async Task<List<JsonObject>> ReadThroughAsync(SignalRJsonClient client, Func<JsonObject, bool> last)
    {
        var messages = new List<JsonObject>();
        using var timeout = new CancellationTokenSource(10_000);
        try
        {
            while (true)
            {
                var message = await client.Messages.ReadAsync(timeout.Token);
                messages.Add(message);
                if (last(message)) return messages;
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("timed out; got:\n" + string.Join("\n", messages.Select(m => m.ToJsonString())));
            throw;
        }
    }

    private static string Text(JsonObject reply) => reply.ToJsonString();

    /// <summary>True when the reply's ops set some text node to <paramref name="text"/> (a set-text op: <c>[3, path, text, …]</c>).</summary>
    private static bool SetsText(JsonObject reply, string text) =>
        reply["o"]!.AsArray().Any(op => op![0]!.GetValue<int>() == 3 && op[2]!.GetValue<string>() == text);

    [Fact]
    public async Task The_page_render_runs_HandleParams_with_the_route_values_and_the_query()
    {
        var html = await host.Http.GetStringAsync(new Uri(host.BaseAddress, "/items/7?q=hello%20there"));
        Assert.Contains("<h1 id=\"id\">7</h1>", html);
        Assert.Contains("<p id=\"q\">hello there</p>", html);
        Assert.Contains("<p id=\"calls\">1</p>", html);
        Assert.Contains("data-lv-main", html);
        Assert.Contains("<title data-prefix=\"\" data-suffix=\" | Tests\">Item 7 | Tests</title>", html);
    }

    [Fact]
    public async Task An_invalid_required_param_answers_400_with_the_message_and_a_view_navigating_in_its_first_render_redirects()
    {
        var bad = await host.Http.GetAsync(new Uri(host.BaseAddress, "/items/1?n=many"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("The URL parameter 'n' is not a valid Int32.", await bad.Content.ReadAsStringAsync());

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var moved = await noRedirects.GetAsync(new Uri(host.BaseAddress, "/items/1?go=/other"));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal("/other", moved.Headers.Location!.OriginalString);
        var cookie = Assert.Single(moved.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("lv_flash=", cookie);

        // The next page shows the carried flash once, and deletes the cookie.
        var next = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseAddress, "/other"));
        next.Headers.Add("Cookie", cookie.Split(';')[0]);
        var shown = await noRedirects.SendAsync(next);
        var page = await shown.Content.ReadAsStringAsync();
        Assert.Contains("<span id=\"flash-text\">Moved on mount</span>", page);
        Assert.DoesNotContain("data-kind=\"info\" hidden", page);
        Assert.Contains(shown.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lv_flash=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tampered_flash_cookie_shows_nothing()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseAddress, "/other"));
        request.Headers.Add("Cookie", "lv_flash=CfDJ8forged");
        var page = await (await host.Http.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("data-kind=\"info\" hidden><span id=\"flash-text\"></span>", page);
    }

    [Fact]
    public async Task The_join_runs_HandleParams_with_the_url_the_browser_shows_and_without_one_with_the_pages()
    {
        var (client, _, result) = await JoinAtAsync("/items/7?q=served", "/items/7?q=patched");
        await using (client)
        {
            Assert.Contains("<p id=\"q\">patched</p>", result["h"]!.GetValue<string>());
        }
        var (plain, _, unchanged) = await JoinAtAsync("/items/7?q=served");
        await using (plain) Assert.Null(unchanged["h"]); // the page's own URL: the render is the page's
    }

    [Fact]
    public async Task A_join_whose_url_routes_to_another_view_is_refused_with_a_clear_error()
    {
        await using var client = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        var token = await host.TokenAsync("/items/7");
        foreach (var url in new[] { "/other", "/nowhere", "https://evil.example/items/7" })
        {
            var error = (await client.InvokeAsync("join", new { t = token, u = url }))["error"]!.GetValue<string>();
            Assert.Contains("does not show ParamsView; reload the page", error);
        }
        var wrongShape = (await client.InvokeAsync("join", 42))["error"]!.GetValue<string>();
        Assert.Contains("A join carries a view token", wrongShape);
        Assert.NotNull((await client.InvokeAsync("join", new { t = token, u = "/items/7?q=ok" }))["result"]); // and the connection is fine
    }

    [Fact]
    public async Task An_embedded_view_gets_its_mount_params_and_never_HandleParams()
    {
        var html = await host.Http.GetStringAsync(new Uri(host.BaseAddress, "/embed-params"));
        Assert.Contains("<p id=\"calls\">0</p>", html);
        Assert.DoesNotContain("data-lv-main", html);
        await using var client = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        var joined = await client.InvokeAsync("join", new { t = LiveTestHost.TokensIn(html).Single(), u = "/items/9?q=ignored" });
        Assert.Null(joined["result"]!["h"]);
        var viewId = joined["result"]!["id"]!.GetValue<string>();
        await client.SendAsync("patch", viewId, 1, "/items/9");
        Assert.Contains("not a routed view", (await client.NextReplyAsync(viewId))["e"]!.GetValue<string>());
        await client.SendAsync("e", viewId, 2, "PatchEmbedded", new { });
        Assert.Equal("The server failed to handle the navigation after 'PatchEmbedded'.", (await client.NextReplyAsync(viewId))["e"]!.GetValue<string>());
        lock (host.Logs) Assert.Contains(host.Logs, l => l.Contains("the navigation asked for by 'PatchEmbedded' threw"));
    }

    [Fact]
    public async Task A_patch_runs_HandleParams_and_patches_the_view_and_a_patch_to_another_views_url_becomes_a_navigation()
    {
        var (client, viewId, _) = await JoinAtAsync("/items/7");
        await using var _ = client;
        await client.SendAsync("patch", viewId, 1, "?q=second");
        var reply = await client.NextReplyAsync(viewId);
        Assert.Equal(1, reply["r"]!.GetValue<long>());
        Assert.Contains("\"second\"", Text(reply));
        Assert.True(SetsText(reply, "2"), Text(reply)); // calls: 1 (mount) + 1
        Assert.Null(reply["s"]);

        await client.SendAsync("patch", viewId, 2, "/other?note=hi");
        var elsewhere = await client.NextReplyAsync(viewId);
        Assert.Equal("/other?note=hi", elsewhere["s"]!["g"]!.GetValue<string>());
        Assert.Equal(1, elsewhere["s"]!["r"]!.GetValue<int>()); // the browser pushed the URL already

        await client.SendAsync("patch", viewId, 3, "/items/7?n=lots");
        Assert.Equal("The URL parameter 'n' is not a valid Int32.", (await client.NextReplyAsync(viewId))["e"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patches_queued_behind_each_other_run_only_the_newest()
    {
        var (client, viewId, _) = await JoinAtAsync("/items/7");
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "Slow", new { ms = 300 });
        for (var i = 2; i <= 5; i++) await client.SendAsync("patch", viewId, i, $"?q=v{i}");
        var last = await client.NextReplyAsync(viewId, r => r["r"]!.GetValue<long>() == 5);
        Assert.Equal(5, SignalRJsonClient.AckOf(last));
        Assert.Contains("\"v5\"", Text(last));
        Assert.True(SetsText(last, "2"), Text(last)); // one HandleParams for four patches
    }

    [Fact]
    public async Task A_handlers_patch_runs_HandleParams_at_once_and_the_reply_carries_the_new_url()
    {
        var (client, viewId, _) = await JoinAtAsync("/items/7");
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "PatchTo", new { url = "?q=pushed", replace = false });
        var pushed = await client.NextReplyAsync(viewId);
        Assert.True(pushed["s"] is not null, Text(pushed));
        Assert.Equal("/items/7?q=pushed", pushed["s"]!["u"]!.GetValue<string>());
        Assert.Null(pushed["s"]!["r"]);
        Assert.Contains("\"pushed\"", Text(pushed));

        await client.SendAsync("e", viewId, 2, "PatchTo", new { url = "/items/8?canonical=1", replace = true });
        var replaced = await client.NextReplyAsync(viewId);
        Assert.Equal("/items/8", replaced["s"]!["u"]!.GetValue<string>()); // HandleParams patched again, to its canonical URL
        Assert.Equal(1, replaced["s"]!["r"]!.GetValue<int>());

        // A URL of another site is the handler's bug (an ArgumentException where it called PushPatch): a generic error.
        await client.SendAsync("e", viewId, 3, "PatchTo", new { url = "https://evil.example/", replace = false });
        Assert.Equal("The server failed to handle 'PatchTo'.", (await client.NextReplyAsync(viewId))["e"]!.GetValue<string>());
    }

    [Fact]
    public async Task Navigate_redirect_and_flash_from_a_handler_are_effects_of_its_reply_and_a_flash_that_leaves_is_carried_signed()
    {
        var (client, viewId, _) = await JoinAtAsync("/items/7");
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "NavigateTo", new { url = "/other" });
        Assert.Equal("{\"g\":\"/other\"}", (await client.NextReplyAsync(viewId))["s"]!.ToJsonString());
        await client.SendAsync("e", viewId, 2, "RedirectTo", new { url = "https://login.example/start?x=1" });
        Assert.Equal("{\"l\":\"https://login.example/start?x=1\"}", (await client.NextReplyAsync(viewId))["s"]!.ToJsonString());
        // A URL of another scheme is the handler's bug (ArgumentException): a generic error, the detail only in the log.
        await client.SendAsync("e", viewId, 3, "RedirectTo", new { url = "javascript:alert(1)" });
        Assert.Equal("The server failed to handle 'RedirectTo'.", (await client.NextReplyAsync(viewId))["e"]!.GetValue<string>());
        lock (host.Logs) Assert.Contains(host.Logs, l => l.Contains("handler RedirectTo threw"));

        await client.SendAsync("e", viewId, 4, "Flash", new { message = "Saved <b>3</b>" });
        var flashed = (await client.NextReplyAsync(viewId))["s"]!.AsObject();
        Assert.Equal(["f"], flashed.Select(p => p.Key));
        Assert.Equal(["info", "Saved <b>3</b>"], flashed["f"]!.AsArray().Select(v => v!.GetValue<string>()));

        await client.SendAsync("e", viewId, 5, "FlashAndNavigate", new { message = "Moved", url = "/x/other" });
        var leaving = (await client.NextReplyAsync(viewId))["s"]!;
        Assert.Equal("/x/other", leaving["g"]!.GetValue<string>());
        Assert.Equal("[\"info\",\"Moved\"]", leaving["f"]!.ToJsonString());
        var carried = host.Services.GetRequiredService<FlashCookie>().Unprotect(leaving["c"]!.GetValue<string>());
        Assert.Equal(new LiveFlash("info", "Moved"), carried);
    }

    [Fact]
    public async Task Navigate_mounts_the_next_view_over_the_same_connection_and_the_old_view_id_is_refused_after_it()
    {
        var (client, oldId, _) = await JoinAtAsync("/items/7");
        await using var _ = client;
        var result = await NavigateAsync(client, 1, "/other?note=fresh");
        var newId = result["id"]!.GetValue<string>();
        Assert.NotEqual(oldId, newId);
        Assert.Equal("The other view", result["t"]!.GetValue<string>());
        Assert.Equal("/other?note=fresh", result["u"]!.GetValue<string>());
        var root = result["k"]!.GetValue<string>();
        Assert.StartsWith("<div id=\"lv-", root);
        Assert.EndsWith(" data-lv-main>", root);
        Assert.Contains("<p id=\"note\">fresh</p>", result["h"]!.GetValue<string>());

        // An event for the view navigated away from is refused, never run by the next one.
        await client.SendAsync("e", oldId, 7, "Click", new { });
        var refused = await client.NextReplyAsync(oldId);
        Assert.StartsWith(Gone, refused["e"]!.GetValue<string>());
        Assert.Equal(7, refused["r"]!.GetValue<long>());
        await client.SendAsync("e", newId, 1, "Click", new { });
        var clicked = await client.NextReplyAsync(newId);
        Assert.True(SetsText(clicked, "1"), Text(clicked)); // the new view's first click

        // The token the result carries rejoins after a reconnect (a new connection), with the URL it shows.
        var token = LiveTestHost.TokensIn(root).Single();
        await using var reconnected = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        var rejoined = await reconnected.InvokeAsync("join", new { t = token, u = "/other?note=fresh" });
        Assert.Null(rejoined["result"]!["h"]);
    }

    [Fact]
    public async Task What_the_old_view_was_sent_runs_on_it_and_is_answered_before_the_navigation_and_it_sends_nothing_after()
    {
        var (client, oldId, _) = await JoinAtAsync("/items/7");
        await using var _ = client;
        await client.SendAsync("e", oldId, 1, "Slow", new { ms = 300 });
        await client.SendAsync("navigate", 1, "/items/8");
        await client.SendAsync("e", oldId, 2, "Bump", new { }); // sent while the next view mounts: still the old view's
        var messages = await ReadThroughAsync(client, IsNavigated);
        messages.AddRange(await DrainAsync(client, 300)); // anything of the old view's after it would be a defect
        var navigated = messages.FindIndex(IsNavigated);
        var oldReplies = messages.Select((m, i) => (m, i)).Where(x => IsReplyFor(x.m, oldId)).ToList();
        Assert.Equal(2, oldReplies.Count);
        Assert.All(oldReplies, x => Assert.True(x.i < navigated, "a reply of the old view came after the navigation"));
        Assert.Null(Args1(oldReplies[1].m)["e"]);

        // Nothing of the old view reaches the client any more, a pub/sub message included.
        var newId = Args1(messages[navigated])["id"]!.GetValue<string>();
        await client.SendAsync("e", newId, 1, "Broadcast", new { });
        var after = await ReadThroughAsync(client, m => IsReplyFor(m, newId) && Args1(m)["r"]?.GetValue<long>() == 1);
        after.AddRange(await DrainAsync(client, 300)); // the published message reaches subscribers after the reply
        Assert.DoesNotContain(after, m => IsReplyFor(m, oldId));
    }

    [Fact]
    public async Task The_last_navigation_wins_and_the_one_it_superseded_is_discarded()
    {
        var (client, _, _) = await JoinAtAsync("/items/7");
        await using var _ = client;
        var alive = ParamsView.Alive.Count;
        await client.SendAsync("navigate", 1, "/items/8?ms=600"); // HandleParams takes 600 ms
        await Task.Delay(100);
        await client.SendAsync("navigate", 2, "/other?note=second");
        var messages = await ReadThroughAsync(client, IsNavigated);
        messages.AddRange(await DrainAsync(client, 1_000)); // past the superseded one's 600 ms: it must not answer
        var navigated = Assert.Single(messages, IsNavigated);
        Assert.Equal(2, navigated["arguments"]![0]!.GetValue<long>());
        Assert.Contains("second", Args1(navigated)["h"]!.GetValue<string>());
        // Both ParamsViews (the one navigated away from, and the superseded one) are disposed.
        Assert.True(SpinWait.SpinUntil(() => ParamsView.Alive.Count <= alive - 1, 10_000), $"{ParamsView.Alive.Count} alive, was {alive}");

        await client.SendAsync("navigate", 1, "/items/9"); // older than the newest: ignored
        Assert.DoesNotContain(await DrainAsync(client, 500), IsNavigated);
    }

    [Fact]
    public async Task Outside_the_live_session_or_the_live_routes_or_when_forbidden_the_client_is_told_to_load_the_page()
    {
        var (client, viewId, _) = await JoinAtAsync("/items/7");
        await using var _ = client;
        Assert.Equal("{\"l\":\"/x/other\"}", (await NavigateAsync(client, 1, "/x/other")).ToJsonString()); // another live session
        Assert.Equal("{\"l\":\"/embed\"}", (await NavigateAsync(client, 2, "/embed")).ToJsonString()); // a Razor page
        Assert.Equal("{\"l\":\"/nowhere?x=1\"}", (await NavigateAsync(client, 3, "/nowhere?x=1")).ToJsonString()); // nothing
        Assert.Equal("{\"l\":\"/guarded\"}", (await NavigateAsync(client, 4, "/guarded")).ToJsonString()); // as the page: 401
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync(new Uri(host.BaseAddress, "/guarded"))).StatusCode);

        // The view is still there and works.
        await client.SendAsync("e", viewId, 1, "Bump", new { });
        Assert.Null((await client.NextReplyAsync(viewId))["e"]);
    }

    [Fact]
    public async Task An_authorized_user_navigates_live_to_a_guarded_view()
    {
        var admin = new Dictionary<string, string> { ["X-Test-User"] = "alice;admin" };
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseAddress, "/items/7"));
        request.Headers.Add("X-Test-User", "alice;admin");
        var token = LiveTestHost.TokensIn(await (await host.Http.SendAsync(request)).Content.ReadAsStringAsync()).Single();
        await using var client = await SignalRJsonClient.ConnectAsync(host.HubUrl, admin);
        Assert.NotNull((await client.InvokeAsync("join", new { t = token, u = "/items/7" }))["result"]);
        var result = await NavigateAsync(client, 1, "/guarded");
        Assert.Equal("Guarded", result["t"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_connection_without_a_routed_view_is_told_to_load_the_page()
    {
        var html = await host.Http.GetStringAsync(new Uri(host.BaseAddress, "/embed-params"));
        await using var client = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        Assert.NotNull((await client.InvokeAsync("join", LiveTestHost.TokensIn(html).Single()))["result"]);
        Assert.Equal("{\"l\":\"/other\"}", (await NavigateAsync(client, 1, "/other")).ToJsonString());
    }

    [Fact]
    public async Task A_connection_closed_while_a_navigation_mounts_keeps_no_view()
    {
        var tracker = host.Services.GetRequiredService<SessionTracker>();
        var retention = host.Services.GetRequiredService<ViewRetention>();
        int Attached() => tracker.Count - retention.Count; // the main view waits for a rejoin (ReconnectRetention)
        var (client, _, _) = await JoinAtAsync("/items/7");
        var before = Attached();
        await client.SendAsync("navigate", 1, "/items/8?ms=400");
        await Task.Delay(100);
        await client.DisposeAsync();
        Assert.True(SpinWait.SpinUntil(() => Attached() <= before - 1, 3_000), $"{Attached()} views attached, {before} before");
    }
}
