using Microsoft.Extensions.DependencyInjection;
using LiveViews.Demo.Data;
using LiveViews.Demo.Live;

namespace LiveViews.EndToEnd;

/// <summary>
/// The /feed demo in Chromium: posts stream into every open page (pub/sub) as stream ops, each page keeps at most
/// <c>#feed-limit</c> rows, and a reconnect shows what was posted meanwhile (a re-attached view sends the rows it rendered while detached; a
/// fresh mount re-streams what it supplies).
/// </summary>
public sealed class FeedTests(DemoFixture demo) : BrowserTest(demo)
{
    private static ILocator Rows(IPage page) => page.Locator("#feed li[id]");

    private static async Task PostAsync(IPage page, string text)
    {
        await page.FillAsync("#post-text", text);
        await page.PressAsync("#post-text", "Enter");
    }

    [Fact]
    public async Task A_post_from_another_tab_appears_at_the_top_and_the_limit_is_kept()
    {
        var a = await OpenLiveAsync("/feed");
        var b = await OpenLiveAsync("/feed", await (await NewContextAsync()).NewPageAsync());
        var limit = int.Parse(await a.Locator("#feed-limit").TextContentAsync() ?? "");

        var first = UniqueTitle("From B");
        await PostAsync(b, first);
        await Expect(Rows(a).First).ToContainTextAsync(first);
        await Expect(Rows(b).First).ToContainTextAsync(first);
        await Expect(b.Locator("#post-text")).ToHaveValueAsync(""); // the accepted submit resets the form
        await Expect(b.Locator("#post-text")).ToBeFocusedAsync();

        for (int i = 0; i < limit + 5; i++) await PostAsync(b, $"burst {i}");
        await Expect(Rows(a).First).ToContainTextAsync($"burst {limit + 4}");
        await Expect(Rows(a)).ToHaveCountAsync(limit);
        await Expect(Rows(b)).ToHaveCountAsync(limit);
        await Expect(Rows(a).Filter(new() { HasText = first })).ToHaveCountAsync(0); // dropped off the bottom
        Assert.Equal("[]", await ErrorsAsync(a));

        // The server keeps no row: the view's stream is empty between renders.
        Assert.Equal(limit, await a.EvaluateAsync<int>("() => new Set([...document.querySelectorAll('#feed li')].map(li => li.id)).size"));
    }

    [Fact]
    public async Task After_a_reconnect_the_feed_shows_what_was_posted_while_away()
    {
        var store = Demo.Services.GetRequiredService<FeedStore>();
        var pubSub = Demo.Services.GetRequiredService<LiveViews.PubSub.ILivePubSub>();
        var a = await OpenLiveAsync("/feed");
        var before = UniqueTitle("Before the drop");
        await PostAsync(a, before);
        await Expect(Rows(a).First).ToContainTextAsync(before);
        await DropConnectionAsync(Context, a);
        await Expect(a.Locator("[data-lv-root]")).ToHaveClassAsync(HasClass("lv-disconnected"));

        // Posted from elsewhere while A was offline: A's view (retained on the server, or mounted afresh) must show it.
        var during = UniqueTitle("While away");
        await pubSub.PublishAsync(FeedView.Topic, store.Post(during));

        await Context.SetOfflineAsync(false);
        await Expect(a.Locator("[data-lv-root]")).Not.ToHaveClassAsync(HasClass("lv-disconnected"), new() { Timeout = 15_000 });
        await Expect(Rows(a).First).ToContainTextAsync(during);
        var expected = store.Latest().Take(FeedView.Limit).Select(p => "post-" + p.Id).ToArray();
        await Expect(Rows(a)).ToHaveCountAsync(expected.Length);
        Assert.Equal(expected, await a.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#feed li[id]')].map(li => li.id)"));

        var after = UniqueTitle("After");
        await PostAsync(a, after);
        await Expect(Rows(a).First).ToContainTextAsync(after);
        Assert.Equal("[]", await ErrorsAsync(a));
    }
}
