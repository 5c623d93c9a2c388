using System.Text.RegularExpressions;

namespace LiveViews.EndToEnd;

/// <summary>
/// Nothing the user does is lost: interactions made before the client script has loaded, before the view has joined,
/// and while the server is down are kept, predicted, and sent once the view is live.
/// </summary>
public sealed class LostInteractionTests(DemoFixture demo) : BrowserTest(demo)
{
    /// <summary>Holds every request matching <paramref name="pattern"/> for <paramref name="ms"/> ms (a slow link).</summary>
    private Task DelayAsync(string pattern, int ms) =>
        Page.RouteAsync(pattern, async route =>
        {
            await Task.Delay(ms);
            await route.ContinueAsync();
        });

    [Fact]
    public async Task Clicks_and_a_submit_before_the_client_script_loads_are_replayed_once_it_does()
    {
        await DelayAsync("**/_lv/liveview.js", 1500);
        await Page.GotoAsync("/counter", new() { WaitUntil = WaitUntilState.Commit });
        for (var i = 0; i < 3; i++) await Page.ClickAsync("#increment", new() { Timeout = 1000 });
        Assert.Equal("5", (await Page.TextContentAsync("#count"))!.Trim()); // no client yet: nothing predicted, nothing lost

        await Page.WaitForLiveIdleAsync(10_000); // joined, the replayed clicks answered
        Assert.Equal("8", await Page.TextContentAsync("#count"));
        await Page.ClickAsync("#increment"); // the server counted all three: its reply confirms 9
        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#count")).ToHaveTextAsync("9");
        Assert.Equal("[]", await ErrorsAsync(Page));
    }

    [Fact]
    public async Task A_todo_submitted_before_the_client_script_loads_is_added_exactly_once_and_never_submitted_natively()
    {
        var title = UniqueTitle("Early");
        await DelayAsync("**/_lv/liveview.js", 1500);
        var navigations = 0;
        Page.FrameNavigated += (_, frame) => { if (frame == Page.MainFrame) navigations++; };
        await Page.GotoAsync("/todos", new() { WaitUntil = WaitUntilState.Commit });
        await Page.FillAsync("#new-title", title, new() { Timeout = 1000 });
        await Page.PressAsync("#new-title", "Enter");

        await WaitUntilLiveAsync(Page);
        await Expect(Row(Page, title)).ToHaveCountAsync(1);
        await Page.WaitForTimeoutAsync(300);
        Assert.Single(Demo.Todos.All(), t => t.Title == title);
        Assert.Equal(1, navigations); // the goto itself: the form never submitted natively
        Assert.DoesNotContain("?title=", Page.Url);
    }

    [Fact]
    public async Task Before_the_join_clicks_are_predicted_at_once_queued_and_sent_in_order_after_it()
    {
        await DelayAsync("**/_lv/hub/negotiate*", 1500);
        await Page.GotoAsync("/counter");
        var root = Page.Locator("[data-lv-root]");
        await Expect(root).ToHaveClassAsync(HasClass("lv-connecting"));
        for (var i = 0; i < 3; i++) await Page.ClickAsync("#increment");
        // Predicted at once, exactly as when connected, and visibly waiting.
        await Expect(Page.Locator("#count")).ToHaveTextAsync("8", new() { Timeout = 500 });
        await Expect(Page.Locator("#count")).ToHaveClassAsync(HasClass("optimistic-pending"));
        await Expect(root).ToHaveClassAsync(HasClass("lv-pending"));

        await Page.WaitForLiveIdleAsync(10_000); // joined, and the queued clicks answered
        Assert.Equal(0, await Page.Locator(".optimistic-pending").CountAsync());
        Assert.Equal("8", await Page.TextContentAsync("#count"));
        await Page.ClickAsync("#increment");
        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#count")).ToHaveTextAsync("9");
    }

    [Fact]
    public async Task Before_the_join_a_todo_submitted_with_enter_is_added_exactly_once()
    {
        var title = UniqueTitle("Queued");
        await DelayAsync("**/_lv/hub/negotiate*", 1500);
        await Page.GotoAsync("/todos");
        await Page.FillAsync("#new-title", title);
        await Page.PressAsync("#new-title", "Enter");
        await Page.WaitForLiveIdleAsync(10_000);
        await Expect(Row(Page, title)).ToHaveCountAsync(1);
        await Expect(Page.Locator("#new-title")).ToHaveValueAsync("");
        Assert.Single(Demo.Todos.All(), t => t.Title == title);
    }

    [Fact]
    public async Task While_the_server_restarts_clicks_and_a_submit_wait_and_reach_the_new_server_once()
    {
        var title = UniqueTitle("During restart");
        await OpenLiveAsync("/todos");
        var counter = await OpenLiveAsync("/counter", await (await NewContextAsync()).NewPageAsync());

        await Demo.StopServerAsync();
        try
        {
            await Expect(counter.Locator("[data-lv-root]")).ToHaveClassAsync(HasClass("lv-disconnected"));
            for (var i = 0; i < 3; i++) await counter.ClickAsync("#increment");
            await Page.FillAsync("#new-title", title);
            await Page.PressAsync("#new-title", "Enter");
            await Expect(counter.Locator("#count")).ToHaveTextAsync("8");
            await Expect(Page.Locator("[data-lv-root]")).ToHaveClassAsync(HasClass("lv-pending"));
        }
        finally
        {
            await Demo.StartServerAsync();
        }

        // The views remount on the new server (count 5 again) and the queued events arrive: 5 + 3.
        await counter.WaitForLiveIdleAsync(20_000);
        Assert.Equal(0, await counter.Locator(".optimistic-pending").CountAsync());
        Assert.Equal("8", await counter.TextContentAsync("#count"));
        await Page.WaitForLiveIdleAsync(20_000);
        await Expect(Row(Page, title)).ToHaveCountAsync(1);
        Assert.Single(Demo.Todos.All(), t => t.Title == title);
        Assert.Equal("[]", await ErrorsAsync(counter));
    }
}
