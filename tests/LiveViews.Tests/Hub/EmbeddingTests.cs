using System.Net;
using System.Text.RegularExpressions;

namespace LiveViews.Tests.Hub;

/// <summary>Live views embedded in a Razor page with the HTML helper and the tag helper.</summary>
public sealed class EmbeddingTests(LiveTestHost host) : IClassFixture<LiveTestHost>
{
    [Fact]
    public async Task Both_helpers_render_live_roots_inside_the_page_and_assets_once()
    {
        var html = await host.Http.GetStringAsync(new Uri(host.BaseAddress, "/embed"));
        Assert.Contains("A Razor page hosting live views", html);
        Assert.Contains("<p id=\"count\">12</p>", html);
        Assert.Contains("<p id=\"count\">34</p>", html);
        Assert.Equal(2, Regex.Count(html, "data-lv-root data-lv-token"));
        Assert.Equal(1, Regex.Count(html, "/_lv/liveview.js"));

        await using var client = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        foreach (var token in LiveTestHost.TokensIn(html))
        {
            var joined = await client.InvokeAsync("join", token);
            Assert.NotNull(joined["result"]);
            Assert.Null(joined["result"]!["h"]); // the page's render is still current
        }
    }

    [Fact]
    public async Task Client_assets_are_served_with_an_etag()
    {
        var js = await host.Http.GetAsync(new Uri(host.BaseAddress, "/_lv/liveview.js"));
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.Equal("text/javascript", js.Content.Headers.ContentType!.MediaType);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseAddress, "/_lv/liveview.js"));
        request.Headers.TryAddWithoutValidation("If-None-Match", js.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await host.Http.SendAsync(request)).StatusCode);
        var css = await host.Http.GetAsync(new Uri(host.BaseAddress, "/_lv/liveview.css"));
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
    }
}
