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

/// <summary>Live components on the wire (raw SignalR client): the page's inline render, an unknown component, a duplicate id. The behaviour through the page is in <see cref="ComponentBehaviourTests"/>.</summary>
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
    public async Task A_component_id_rendered_twice_is_a_clear_error_in_the_component_that_did_it()
    {
        var (client, viewId) = await JoinAsync(host);
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "NestTwice", new { }); // the panel also renders "card-a", which the view renders
        var reply = await client.NextReplyAsync(viewId);
        Assert.Contains("lv-component-error", OpsOf(reply, "panel")!.ToJsonString()); // the panel keeps its last render, flagged
        lock (host.Logs) Assert.Contains(host.Logs, l => l.Contains("renders live component id \"card-a\" twice"));
        await client.SendAsync("c", viewId, 2, "card-a", "Increment", new { });
        Assert.Equal("[[3,[0,0,0],\"1\",1]]", OpsOf(await client.NextReplyAsync(viewId), "card-a")!.ToJsonString()); // the view's card-a is untouched
    }

    [Fact]
    public async Task An_event_for_a_component_no_longer_rendered_is_an_unknown_component_error()
    {
        var (client, viewId) = await JoinAsync(host);
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "HideB", new { });
        Assert.Contains("[5,[", (await client.NextReplyAsync(viewId))["o"]!.ToJsonString()); // the parent's patch removes the card's element
        await client.SendAsync("c", viewId, 2, "card-b", "Increment", new { });
        Assert.Equal("Unknown component 'card-b'.", (await client.NextReplyAsync(viewId))["e"]!.GetValue<string>());
    }
}
