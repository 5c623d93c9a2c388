using LiveViews.Demo.Data;

namespace LiveViews.EndToEnd;

public sealed class SearchAndSliderTests(DemoFixture demo) : BrowserTest(demo)
{
    [Fact]
    public async Task A_burst_of_typing_is_one_debounced_search_event()
    {
        await OpenLiveAsync("/search");
        var catalog = new SearchCatalog();
        Assert.True(catalog.Items.Count >= 1000);
        await Expect(Page.Locator("#results li")).ToHaveCountAsync(catalog.Items.Count);
        await Expect(Page.Locator("#search-events")).ToHaveTextAsync("0");

        const string query = "amber fal";
        await Page.Locator("#search").PressSequentiallyAsync(query, new() { Delay = 40 }); // 9 keys in ~360 ms, gaps < 300 ms
        var expected = catalog.Search(query);
        Assert.NotEmpty(expected);

        await Expect(Page.Locator("#search-events")).ToHaveTextAsync("1");
        await Expect(Page.Locator("#results li")).ToHaveCountAsync(expected.Count);
        await Expect(Page.Locator("#match-count")).ToHaveTextAsync(expected.Count.ToString());
        await Expect(Page.Locator("#results li").First).ToHaveTextAsync(expected[0].Name);
        await Page.WaitForTimeoutAsync(600);
        await Expect(Page.Locator("#search-events")).ToHaveTextAsync("1"); // and nothing trailing

        // Clearing the box shows everything again, with one more event.
        await Page.Locator("#search").FillAsync("");
        await Expect(Page.Locator("#search-events")).ToHaveTextAsync("2");
        await Expect(Page.Locator("#results li")).ToHaveCountAsync(catalog.Items.Count);
    }

    [Fact]
    public async Task Dragging_the_slider_for_a_second_is_throttled_and_ends_on_the_final_value()
    {
        await OpenLiveAsync("/slider");
        var slider = Page.Locator("#volume");
        var box = (await slider.BoundingBoxAsync())!;
        var y = box.Y + box.Height / 2;

        // Drag from the left end towards the right for about a second, one move every ~20 ms.
        await Page.Mouse.MoveAsync(box.X + 2, y);
        await Page.Mouse.DownAsync();
        const int steps = 50;
        for (var i = 1; i <= steps; i++)
        {
            await Page.Mouse.MoveAsync(box.X + 2 + (box.Width * 0.8f - 2) * i / steps, y);
            await Task.Delay(20);
        }
        await Page.Mouse.UpAsync();
        var final = await slider.InputValueAsync();
        Assert.NotEqual("30", final); // it moved

        await Expect(Page.Locator("#volume-value")).ToHaveTextAsync(final);
        await Page.WaitForTimeoutAsync(300); // any trailing event has arrived
        await Expect(Page.Locator("#volume-value")).ToHaveTextAsync(final);
        await Expect(slider).ToHaveValueAsync(final);
        var received = int.Parse(await Page.Locator("#events-received").InnerTextAsync());
        Assert.InRange(received, 2, 13);
        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0);
    }
}
