using System.Text.Json.Nodes;

namespace LiveViews.Tests.Hub;

/// <summary>The hub protocol over a real Kestrel on 127.0.0.1, spoken by a raw SignalR-JSON WebSocket client.</summary>
public sealed class HubProtocolTests(LiveTestHost host) : IClassFixture<LiveTestHost>
{
    private static string Text(JsonObject reply) => reply.ToJsonString();

    [Fact]
    public async Task First_render_is_plain_html_with_a_signed_token()
    {
        var html = await host.Http.GetStringAsync(new Uri(host.BaseAddress, "/probe?start=7"));
        Assert.Contains("<p id=\"count\">7</p>", html);
        Assert.Contains("data-lv-root", html);
        Assert.Contains("/_lv/liveview.js", html);
        Assert.DoesNotContain("lv:s", html); // segment markers never reach the browser
    }

    [Fact]
    public async Task The_client_assets_and_the_inline_capture_come_before_the_root_which_starts_connecting()
    {
        var html = await host.Http.GetStringAsync(new Uri(host.BaseAddress, "/probe"));
        var root = html.IndexOf("data-lv-root data-lv-token", StringComparison.Ordinal);
        // A template's unclosed <script>/<textarea>/<div> cannot swallow or misplace tags that precede its root.
        Assert.InRange(html.IndexOf("window.__lv={c:{\"t\":10000,\"q\":100,\"a\":60000}}", StringComparison.Ordinal), 0, root);
        Assert.InRange(html.IndexOf("/_lv/liveview.js", StringComparison.Ordinal), 0, root);
        Assert.Matches("<div id=\"lv-[0-9a-f]{12}\" class=\"lv-connecting\" data-lv-root", html);
        // Handler metadata travels with the page, so events made before the join are throttled and predicted.
        Assert.Contains("data-lv-m=\"{&quot;Slide&quot;:{&quot;t&quot;:300}}\"", html);
        Assert.DoesNotContain("data-lv-node", html); // no NodeName configured
    }

    [Fact]
    public async Task Join_returns_handler_metadata_and_no_html_when_the_render_is_unchanged()
    {
        await using var client = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        var completion = await client.InvokeAsync("join", await host.TokenAsync("/probe?start=3"));
        var result = completion["result"]!.AsObject();
        Assert.Null(result["h"]);
        Assert.Equal(300, result["m"]!["Slide"]!["t"]!.GetValue<int>());
        Assert.False(result["m"]!.AsObject().ContainsKey("Add"));
    }

    [Fact]
    public async Task An_event_is_answered_with_its_ref_the_ack_a_new_version_and_a_minimal_patch()
    {
        var (client, viewId) = await host.JoinAsync("/probe?start=1");
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "Add", new { amount = 4 });
        var reply = await client.NextReplyAsync(viewId);
        Assert.Equal(1, reply["r"]!.GetValue<long>());
        Assert.False(reply.ContainsKey("a")); // the ack equals the ref: left off the wire
        Assert.Equal(1, SignalRJsonClient.AckOf(reply));
        Assert.Equal(1, reply["v"]!.GetValue<long>());
        Assert.Null(reply["e"]);
        var ops = reply["o"]!.AsArray();
        Assert.Single(ops);
        Assert.Equal(3, ops[0]![0]!.GetValue<int>()); // set text
        Assert.Equal("5", ops[0]![2]!.GetValue<string>());

        await client.SendAsync("e", viewId, 2, "Add", new { amount = "2" });
        var second = await client.NextReplyAsync(viewId);
        Assert.Equal(2, second["v"]!.GetValue<long>());
        Assert.Equal("7", second["o"]![0]![2]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_handler_and_public_non_handler_get_an_error_and_the_view_survives()
    {
        var (client, viewId) = await host.JoinAsync();
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "Nope", new { });
        var unknown = await client.NextReplyAsync(viewId);
        Assert.Equal("Unknown handler 'Nope'.", unknown["e"]!.GetValue<string>());
        Assert.Empty(unknown["o"]!.AsArray());

        await client.SendAsync("e", viewId, 2, "Reset", new { });
        var notHandler = await client.NextReplyAsync(viewId);
        Assert.Equal("Unknown handler 'Reset'.", notHandler["e"]!.GetValue<string>());

        await client.SendAsync("e", viewId, 3, "Add", new { amount = 1 });
        var ok = await client.NextReplyAsync(viewId);
        Assert.Null(ok["e"]);
        Assert.Equal("1", ok["o"]![0]![2]!.GetValue<string>()); // Reset never ran
        Assert.Equal(3, SignalRJsonClient.AckOf(ok));
    }

    [Fact]
    public async Task Bad_arguments_get_a_clear_error_and_leave_the_view_unchanged()
    {
        var (client, viewId) = await host.JoinAsync();
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "Add", new { amount = "lots" });
        var reply = await client.NextReplyAsync(viewId);
        Assert.Contains("'amount'", reply["e"]!.GetValue<string>());
        Assert.Empty(reply["o"]!.AsArray());
        await client.SendAsync("e", viewId, 2, "Add", new { });
        Assert.Contains("Missing argument 'amount'", (await client.NextReplyAsync(viewId))["e"]!.GetValue<string>());
        await client.SendAsync("e", viewId, 3, "Add", "not an object");
        Assert.Contains("JSON object", (await client.NextReplyAsync(viewId))["e"]!.GetValue<string>());
        await client.SendAsync("e", viewId, 4, "Add", new { amount = 2 });
        Assert.Equal("2", (await client.NextReplyAsync(viewId))["o"]![0]![2]!.GetValue<string>());
    }

    [Fact]
    public async Task A_throwing_handler_gets_a_generic_error_is_logged_and_the_connection_stays_up()
    {
        var (client, viewId) = await host.JoinAsync();
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "Fail", new { });
        var reply = await client.NextReplyAsync(viewId);
        Assert.Equal("The server failed to handle 'Fail'.", reply["e"]!.GetValue<string>());
        Assert.DoesNotContain("secret", Text(reply));
        lock (host.Logs) Assert.Contains(host.Logs, l => l.Contains("ProbeView") && l.Contains("handler Fail threw"));

        await client.SendAsync("e", viewId, 2, "Reject", new { });
        Assert.Equal("Not allowed", (await client.NextReplyAsync(viewId))["e"]!.GetValue<string>());

        await client.SendAsync("e", viewId, 3, "Add", new { amount = 1 });
        var ok = await client.NextReplyAsync(viewId);
        Assert.Null(ok["e"]);
        Assert.Equal(3, ok["v"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_template_that_throws_after_an_event_is_answered_at_once_and_the_view_keeps_its_last_render()
    {
        var (client, viewId) = await host.JoinAsync("/probe?start=1");
        await using var _ = client;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await client.SendAsync("e", viewId, 1, "BreakTemplate", new { });
        var reply = await client.NextReplyAsync(viewId, timeoutMs: 5_000);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(1, reply["r"]!.GetValue<long>());
        Assert.Equal(1, SignalRJsonClient.AckOf(reply));
        Assert.Equal("The server failed to render the view after 'BreakTemplate'.", reply["e"]!.GetValue<string>());
        Assert.DoesNotContain("secret", Text(reply));
        Assert.Empty(reply["o"]!.AsArray());
        lock (host.Logs) Assert.Contains(host.Logs, l => l.Contains("ProbeView") && l.Contains("rendering after 'BreakTemplate' threw"));

        // The view survived with its state: once the template renders again, the change made before the failure shows.
        await client.SendAsync("e", viewId, 2, "FixTemplate", new { });
        var fixedReply = await client.NextReplyAsync(viewId);
        Assert.Null(fixedReply["e"]);
        Assert.Contains("\"1001\"", Text(fixedReply));
        Assert.Equal(2, fixedReply["v"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_handler_failing_after_a_change_reports_the_error_and_shows_the_server_truth()
    {
        var (client, viewId) = await host.JoinAsync();
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "FailAfterChange", new { });
        var reply = await client.NextReplyAsync(viewId);
        Assert.NotNull(reply["e"]);
        Assert.Equal("100", reply["o"]![0]![2]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tampered_or_garbage_token_is_rejected_with_a_clear_error_and_the_connection_survives()
    {
        await using var client = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        var token = await host.TokenAsync();
        var tampered = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");
        var rejected = await client.InvokeAsync("join", tampered);
        Assert.Contains("invalid or expired", rejected["error"]!.GetValue<string>());
        var garbage = await client.InvokeAsync("join", "not-a-token");
        Assert.NotNull(garbage["error"]);

        var ok = await client.InvokeAsync("join", token);
        Assert.NotNull(ok["result"]!["id"]);
    }

    [Fact]
    public async Task Events_of_one_view_run_in_order_one_at_a_time()
    {
        var (client, viewId) = await host.JoinAsync();
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "Slow", new { ms = 200 });
        await client.SendAsync("e", viewId, 2, "Add", new { amount = 10 });
        var first = await client.NextReplyAsync(viewId);
        var second = await client.NextReplyAsync(viewId);
        Assert.Equal(1, first["r"]!.GetValue<long>());
        Assert.Equal("1", first["o"]![0]![2]!.GetValue<string>());
        Assert.Equal(2, second["r"]!.GetValue<long>());
        Assert.Equal("11", second["o"]![0]![2]!.GetValue<string>());
    }

    [Fact]
    public async Task Throttled_events_arriving_too_fast_are_coalesced_and_the_last_value_wins()
    {
        var (client, viewId) = await host.JoinAsync();
        await using var _ = client;
        for (var i = 1; i <= 5; i++) await client.SendAsync("e", viewId, i, "Slide", new { value = i * 10 });
        var first = await client.NextReplyAsync(viewId);
        Assert.Equal(1, first["r"]!.GetValue<long>());
        var last = await client.NextReplyAsync(viewId);
        Assert.Equal(5, last["r"]!.GetValue<long>());
        Assert.Equal(5, SignalRJsonClient.AckOf(last));
        var text = Text(last);
        Assert.Contains("\"50\"", text);   // count = last value
        Assert.Contains("\"2\"", text);    // the handler ran twice: leading + the coalesced trailing one
    }

    [Fact]
    public async Task Pub_sub_pushes_to_other_connections_with_ref_zero()
    {
        var (a, viewA) = await host.JoinAsync();
        var (b, viewB) = await host.JoinAsync();
        await using var _ = a;
        await using var __ = b;
        await a.SendAsync("e", viewA, 1, "Broadcast", new { item = "zz" + Guid.NewGuid().ToString("N")[..6] });
        var push = await b.NextReplyAsync(viewB, r => r["o"]!.AsArray().Count > 0);
        Assert.Equal(0, push["r"]!.GetValue<long>());
        var insert = push["o"]![0]!;
        Assert.Equal(4, insert[0]!.GetValue<int>()); // one keyed insert, not a cascade
        Assert.Single(push["o"]!.AsArray());
        // Patch HTML goes on the wire unescaped ('<', not "\u003C"): replies are never embedded in a page.
        var frame = Assert.Single(b.RawFrames, f => f.Contains("\"p\"") && f.Contains("<li"));
        Assert.DoesNotContain("\\u003C", frame);
        // The publisher's own view gets the push too, acknowledging the event it processed before.
        var own = await a.NextReplyAsync(viewA, r => r["r"]!.GetValue<long>() == 0);
        Assert.Equal(1, own["a"]!.GetValue<long>());
    }

    [Fact]
    public async Task Resync_sends_the_full_html()
    {
        var (client, viewId) = await host.JoinAsync("/probe?start=42");
        await using var _ = client;
        await client.SendAsync("resync", viewId, false);
        var reply = await client.NextReplyAsync(viewId);
        Assert.Contains("<p id=\"count\">42</p>", reply["h"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resync_after_a_failed_patch_sends_the_tree_as_a_node_list()
    {
        // HTML could give the client's parser the same wrong DOM again; a node list is built with DOM calls.
        var (client, viewId) = await host.JoinAsync("/probe?start=42");
        await using var _ = client;
        await client.SendAsync("resync", viewId, true);
        var reply = await client.NextReplyAsync(viewId);
        var nodes = reply["h"]!.AsArray();
        Assert.Contains(nodes, n => n is System.Text.Json.Nodes.JsonArray e && e[1]!.GetValue<string>() == "p"
            && e[2]!.AsArray().Select(a => a!.GetValue<string>()).SequenceEqual(["id", "count"]) && e[3]!.GetValue<string>() == "42");
    }
}
