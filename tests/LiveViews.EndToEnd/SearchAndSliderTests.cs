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

        // Drag for one second: the slider's value moves and an input event fires every 20 ms, as a browser does
        // while the thumb is dragged (timed in the page, so the cadence does not depend on the test's round trips).
        var drag = await slider.EvaluateAsync<System.Text.Json.JsonElement>("""
            async el => {
              const start = performance.now();
              let events = 0, value = +el.value;
              while (performance.now() - start < 1000) {
                value = Math.min(100, value + 1);
                el.value = String(value);
                el.dispatchEvent(new Event('input', { bubbles: true }));
                events++;
                await new Promise(r => setTimeout(r, 20));
              }
              el.dispatchEvent(new Event('change', { bubbles: true }));
              return { events, ms: performance.now() - start, value: el.value };
            }
            """);
        var final = drag.GetProperty("value").GetString()!;
        var moves = drag.GetProperty("events").GetInt32();
        var dragged = TimeSpan.FromMilliseconds(drag.GetProperty("ms").GetDouble());
        Assert.NotEqual("30", final); // it moved
        Assert.True(moves >= 40, $"only {moves} input events in {dragged.TotalMilliseconds:0} ms");

        await Expect(Page.Locator("#volume-value")).ToHaveTextAsync(final);
        await Page.WaitForTimeoutAsync(300); // any trailing event has arrived
        await Expect(Page.Locator("#volume-value")).ToHaveTextAsync(final);
        await Expect(slider).ToHaveValueAsync(final);
        var received = int.Parse(await Page.Locator("#events-received").InnerTextAsync());
        // Throttle(100), leading and trailing edges: about one event per 100 ms of dragging, plus the last value.
        var message = $"{received} events received for {moves} input events in a {dragged.TotalMilliseconds:0} ms drag";
        Assert.True(received is >= 2 and <= 13, message);
        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0);
    }
}
