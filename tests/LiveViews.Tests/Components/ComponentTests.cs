using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using LiveViews.Tests.Hub;
using LiveViews.Tests.Live;

namespace LiveViews.Tests.Components;

/// <summary>The shared test host plus <see cref="CardsView"/> at /cards.</summary>
public sealed class CardsHost : LiveTestHost
{
    protected override void ConfigureApp(WebApplication app) => app.MapLiveView<CardsView>("/cards");
}

/// <summary>Live components over the real hub: render scopes, lifecycle, parameters, error boundary, pushed events.</summary>
public sealed class ComponentTests(CardsHost host) : IClassFixture<CardsHost>
{
    private static JsonArray? OpsOf(JsonObject reply, string id) => reply["c"]?[id] as JsonArray;

    private static async Task<(SignalRJsonClient Client, string ViewId)> JoinAsync(CardsHost host)
    {
        var (client, viewId) = await host.JoinAsync("/cards");
        return (client, viewId);
    }

    [Fact]
    public async Task The_page_renders_components_inline_with_their_ids_and_the_join_sends_no_html()
    {
        var html = await host.Http.GetStringAsync(new Uri(host.BaseAddress, "/cards"));
        Assert.Contains("<section data-lv-c=\"card-a\" data-lv-m=\"{&quot;Increment&quot;:{&quot;o&quot;:1}}\" class=\"card\" id=\"card-a\"><span class=\"value\">0</span>", html);
        Assert.Contains("<section data-lv-c=\"card-b\"", html);
        Assert.Contains("<div data-lv-c=\"editor-2\" class=\"editor\"><span class=\"title\">two</span>", html);
        Assert.Contains("<aside data-lv-c=\"panel\" id=\"panel\"><b>outer 0</b><section data-lv-c=\"panel-card\"", html);
        Assert.DoesNotContain("lv:c:", html); // placeholders are for connected renders only

        await using var client = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        var joined = await client.InvokeAsync("join", LiveTestHost.TokensIn(html).First());
        Assert.NotNull(joined["result"]);
        Assert.Null(joined["result"]!["h"]); // the connected render, components expanded, equals the page
    }

    [Fact]
    public async Task A_component_event_renders_only_that_component_and_patches_only_inside_it()
    {
        var (client, viewId) = await JoinAsync(host);
        await using var _ = client;
        await client.SendAsync("c", viewId, 1, "card-a", "Increment", new { });
        var reply = await client.NextReplyAsync(viewId);
        Assert.Null(reply["e"]);
        Assert.Empty(reply["o"]!.AsArray()); // nothing outside the card
        var ops = OpsOf(reply, "card-a")!;
        Assert.Equal("[[3,[0,0,0],\"1\"]]", ops.ToJsonString()); // the value's text, inside the card's root [0]
        Assert.Single(reply["c"]!.AsObject());

        await client.SendAsync("c", viewId, 2, "card-b", "Increment", new { });
        var b = await client.NextReplyAsync(viewId);
        Assert.Equal("[[3,[0,0,0],\"1\"]]", OpsOf(b, "card-b")!.ToJsonString());
        Assert.Equal(2, b["v"]!.GetValue<long>()); // one version sequence per view
    }

    [Fact]
    public async Task A_parent_render_with_unchanged_parameters_does_not_render_the_components()
    {
        var (client, viewId) = await JoinAsync(host);
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "Retitle", new { heading = "renamed" });
        var reply = await client.NextReplyAsync(viewId);
        Assert.Null(reply["e"]);
        Assert.Null(reply["c"]); // no component rendered again
        Assert.Contains("renamed", reply["o"]!.ToJsonString());
        Assert.DoesNotContain("card", reply["o"]!.ToJsonString());
    }

    [Fact]
    public async Task New_parameters_update_and_render_the_component_once_keeping_its_state()
    {
        var (client, viewId) = await JoinAsync(host);
        await using var _ = client;
        await client.SendAsync("c", viewId, 1, "card-a", "Increment", new { });
        await client.NextReplyAsync(viewId);
        await client.SendAsync("e", viewId, 2, "SetStep", new { step = 5 });
        var reply = await client.NextReplyAsync(viewId);
        var ops = OpsOf(reply, "card-a")!;
        Assert.Equal("+5", Assert.Single(ops)![2]!.GetValue<string>()); // only the button's text (the new step); the value it counted is kept
        Assert.Null(OpsOf(reply, "card-b")); // card-b's parameters did not change
        await client.SendAsync("c", viewId, 3, "card-a", "Increment", new { });
        Assert.Contains("\"6\"", OpsOf(await client.NextReplyAsync(viewId), "card-a")!.ToJsonString());
    }

    [Fact]
    public async Task A_component_the_parent_stops_rendering_is_removed_and_disposed_and_then_unknown()
    {
        var (client, viewId) = await JoinAsync(host);
        await using var _ = client;
        var disposedBefore = Volatile.Read(ref CounterCard.Disposed);
        await client.SendAsync("e", viewId, 1, "HideB", new { });
        var reply = await client.NextReplyAsync(viewId);
        Assert.Contains("[5,[", reply["o"]!.ToJsonString()); // the parent's patch removes the card's element
        Assert.True(Volatile.Read(ref CounterCard.Disposed) > disposedBefore);
        await client.SendAsync("c", viewId, 2, "card-b", "Increment", new { });
        Assert.Equal("Unknown component 'card-b'.", (await client.NextReplyAsync(viewId))["e"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_component_inside_a_memoized_row_keeps_its_state_while_other_rows_change()
    {
        var (client, viewId) = await JoinAsync(host);
        await using var _ = client;
        await client.SendAsync("c", viewId, 1, "editor-2", "Edit", new { });
        var edit = await client.NextReplyAsync(viewId);
        Assert.Empty(edit["o"]!.AsArray());
        Assert.Contains("Close", OpsOf(edit, "editor-2")!.ToJsonString()); // the editor opened in place

        await client.SendAsync("e", viewId, 2, "Rename", new { id = 3, title = "drei" });
        var rename = await client.NextReplyAsync(viewId);
        Assert.Contains("drei", OpsOf(rename, "editor-3")!.ToJsonString());
        Assert.Null(OpsOf(rename, "editor-2")); // row 2 was reused: its editor is neither rendered nor disposed

        await client.SendAsync("c", viewId, 3, "editor-2", "Close", new { });
        var close = await client.NextReplyAsync(viewId);
        Assert.Null(close["e"]);
        Assert.Contains("Edit", OpsOf(close, "editor-2")!.ToJsonString());
    }

    [Fact]
    public async Task A_crashing_handler_leaves_the_card_on_its_last_render_flagged_and_the_rest_working()
    {
        var (client, viewId) = await JoinAsync(host);
        await using var _ = client;
        await client.SendAsync("c", viewId, 1, "card-faulty", "Boom", new { });
        var reply = await client.NextReplyAsync(viewId);
        Assert.Equal("The server failed to handle 'Boom'.", reply["e"]!.GetValue<string>());
        var ops = OpsOf(reply, "card-faulty")!.ToJsonString();
        Assert.Contains("lv-component-error", ops);
        Assert.DoesNotContain("\"1\"", ops); // its last good render (0 clicks), not the state the crash left
        lock (host.Logs) Assert.Contains(host.Logs, l => l.Contains("FaultyCard") && l.Contains("handler Boom threw"));

        await client.SendAsync("c", viewId, 2, "card-a", "Increment", new { });
        Assert.Null((await client.NextReplyAsync(viewId))["e"]);
        await client.SendAsync("e", viewId, 3, "Retitle", new { heading = "still alive" });
        Assert.Contains("still alive", (await client.NextReplyAsync(viewId))["o"]!.ToJsonString());
    }

    [Fact]
    public async Task A_throwing_component_template_keeps_the_last_render_and_recovers_when_it_renders_again()
    {
        var (client, viewId) = await JoinAsync(host);
        await using var _ = client;
        await client.SendAsync("c", viewId, 1, "card-faulty", "BreakIt", new { });
        var broken = await client.NextReplyAsync(viewId);
        Assert.Contains("lv-component-error", OpsOf(broken, "card-faulty")!.ToJsonString());
        lock (host.Logs) Assert.Contains(host.Logs, l => l.Contains("template of component FaultyCard"));

        await client.SendAsync("c", viewId, 2, "card-faulty", "FixIt", new { });
        var fixedReply = await client.NextReplyAsync(viewId);
        var ops = OpsOf(fixedReply, "card-faulty")!.ToJsonString();
        Assert.Contains("[2,[0],\"class\"", ops.Replace("[1,[0],\"class\",\"card\"]", "[2,[0],\"class\"]")); // the error class goes
        Assert.Contains("\"1\"", ops); // and the clicks counted meanwhile show
    }

    [Fact]
    public async Task A_rejected_event_is_an_error_reply_without_the_error_state()
    {
        var (client, viewId) = await JoinAsync(host);
        await using var _ = client;
        await client.SendAsync("c", viewId, 1, "card-a", "Reject", new { });
        var reply = await client.NextReplyAsync(viewId);
        Assert.Equal("Not now", reply["e"]!.GetValue<string>());
        Assert.Null(reply["c"]);
    }

    [Fact]
    public async Task Pushed_events_travel_with_the_reply_and_send_update_renders_one_component()
    {
        var (client, viewId) = await JoinAsync(host);
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "Push", new { text = "hello" });
        var pushed = await client.NextReplyAsync(viewId);
        Assert.Equal("[[\"note\",{\"text\":\"hello\"}]]", pushed["x"]!.ToJsonString());
        Assert.Empty(pushed["o"]!.AsArray());

        await client.SendAsync("c", viewId, 2, "card-a", "Announce", new { });
        Assert.Equal("[[\"card\",{\"Id\":\"card-a\",\"Value\":0}]]", (await client.NextReplyAsync(viewId))["x"]!.ToJsonString());

        await client.SendAsync("c", viewId, 3, "card-b", "Increment", new { });
        await client.NextReplyAsync(viewId);
        await client.SendAsync("e", viewId, 4, "Reset", new { id = "card-b" });
        var reset = await client.NextReplyAsync(viewId, r => r["c"]?["card-b"] is not null);
        Assert.Equal("[[3,[0,0,0],\"0\"]]", OpsOf(reset, "card-b")!.ToJsonString());
    }

    [Fact]
    public async Task A_component_id_rendered_twice_is_a_clear_error_in_the_component_that_did_it()
    {
        var (client, viewId) = await JoinAsync(host);
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "NestTwice", new { }); // the panel also renders "card-a", which the view renders
        var reply = await client.NextReplyAsync(viewId);
        Assert.Contains("lv-component-error", OpsOf(reply, "panel")!.ToJsonString()); // the panel keeps its last render, flagged
        lock (host.Logs) Assert.Contains(host.Logs, l => l.Contains("renders live component id \"card-a\" twice"));
        await client.SendAsync("c", viewId, 2, "card-a", "Increment", new { });
        Assert.Equal("[[3,[0,0,0],\"1\"]]", OpsOf(await client.NextReplyAsync(viewId), "card-a")!.ToJsonString()); // the view's card-a is untouched
    }

    [Fact]
    public async Task An_lv_ignore_element_gets_its_attributes_patched_but_never_its_children()
    {
        var (client, viewId) = await JoinAsync(host);
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "Retag", new { text = "client" });
        var ops = (await client.NextReplyAsync(viewId))["o"]!.ToJsonString();
        Assert.Contains("\"data-tag\",\"client\"", ops);
        Assert.DoesNotContain("[3,", ops); // the <p> inside belongs to client code
    }
}
