using System.Net;
using LiveViews.Tests.Hub;

namespace LiveViews.Tests.Hardening;

/// <summary>User content with markup is text in the first render and in patches, never markup.</summary>
public sealed class OutputEncodingTests(LiveTestHost host) : IClassFixture<LiveTestHost>
{
    private const string Hostile = "<img src=x onerror=alert(1)> \" ' </script><script>alert(2)</script>";

    [Fact]
    public async Task Patches_carry_user_markup_as_text()
    {
        var (client, viewId) = await host.JoinAsync();
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "Rename", new { title = Hostile });
        var reply = await client.NextReplyAsync(viewId);
        var op = reply["o"]![0]!.AsArray();
        // A set-text op: the client assigns it as text data, so it can never become elements.
        Assert.Equal(3, op[0]!.GetValue<int>());
        Assert.Equal(Hostile, op[2]!.GetValue<string>());
    }

    [Fact]
    public async Task Inserted_html_is_entity_encoded()
    {
        var (a, viewA) = await host.JoinAsync();
        var (b, viewB) = await host.JoinAsync();
        await using var _ = a;
        await using var __ = b;
        var item = "x" + Guid.NewGuid().ToString("N")[..4] + Hostile;
        await a.SendAsync("e", viewA, 1, "Broadcast", new { item });
        var push = await b.NextReplyAsync(viewB, r => r["o"]!.AsArray().Count > 0);
        var html = push["o"]![0]![3]!.GetValue<string>();
        // Parse it as the client does: the user's text must come out as text, never as elements.
        var fragment = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<ul>" + html + "</ul>");
        Assert.Empty(fragment.QuerySelectorAll("img, script"));
        var li = Assert.Single(fragment.QuerySelectorAll("li"));
        Assert.Equal(item, li.TextContent);
        Assert.Equal("item-" + item, li.Id);
    }

    [Fact]
    public async Task The_first_render_encodes_mount_parameters()
    {
        var html = await host.Http.GetStringAsync(new Uri(host.BaseAddress, "/probe?start=1&note=" + WebUtility.UrlEncode(Hostile)));
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("<script>alert(2)", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.Contains("title=\"&lt;img src=x onerror=alert(1)&gt; &quot;", html);
    }
}
