namespace LiveViewApp.Tests;

/// <summary>
/// The counter through the in-process harness: the app hosted by <see cref="WebApplicationFactory{TEntryPoint}"/>, the
/// real hub protocol, a DOM built from the real renders and patches, and the browser client's optimistic behaviour.
/// </summary>
public sealed class CounterTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Mounts_with_zero_and_counts_clicks()
    {
        await using var live = await LiveViewTest.MountAsync(factory, "/counter");
        Assert.Equal("0", live.Find("#count").TextContent);

        await live.ClickAsync("#increment");
        await live.ClickAsync("#increment");
        await live.ClickAsync("#decrement");

        Assert.Equal("1", live.Find("#count").TextContent);
        Assert.Empty(live.Errors);
    }

    [Fact]
    public async Task Decrement_below_zero_is_shown_at_once_then_reverted_with_the_servers_message()
    {
        await using var live = await LiveViewTest.MountAsync(factory, "/counter");
        await live.ClickAsync("#increment");

        live.Faults.HoldReplies(); // the server's answers wait: the page shows its own prediction
        await live.ClickAsync("#decrement");
        await live.ClickAsync("#decrement");
        Assert.Equal("-1", live.Find("#count").TextContent);
        Assert.Contains("optimistic-pending", live.Find("#count").ClassList);

        await live.Faults.ResumeRepliesAsync(); // the first is confirmed, the second refused: reverted and flagged
        Assert.Equal("0", live.Find("#count").TextContent);
        Assert.Contains("optimistic-error", live.Find("#count").ClassList);
        Assert.Equal("The count cannot go below zero.", Assert.Single(live.Errors).Message);
    }

    [Fact]
    public async Task A_click_on_an_element_without_lv_click_fails_the_test_naming_it()
    {
        await using var live = await LiveViewTest.MountAsync(factory, "/counter");

        // A person could click the number, but nothing is bound to it: the harness says so instead of doing nothing.
        var unbound = await Assert.ThrowsAsync<LiveViewTestException>(() => live.ClickAsync("#count"));
        Assert.Contains("ClickAsync(\"#count\")", unbound.Message);
        Assert.Contains("has no lv-click", unbound.Message);

        var missing = await Assert.ThrowsAsync<LiveViewTestException>(() => live.ClickAsync("#reset"));
        Assert.Contains("no element matches", missing.Message);
    }
}
