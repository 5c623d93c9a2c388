using System.Text.Json;

namespace LiveViews.EndToEnd;

public sealed class CounterTests(DemoFixture demo) : BrowserTest(demo)
{
    [Fact]
    public async Task Increment_updates_the_count()
    {
        await OpenLiveAsync("/counter");
        await Expect(Page.Locator("#count")).ToHaveTextAsync("5");
        await Page.ClickAsync("#increment");
        await Expect(Page.Locator("#count")).ToHaveTextAsync("6");
        await Page.ClickAsync("#increment");
        await Expect(Page.Locator("#count")).ToHaveTextAsync("7");
        await Page.ClickAsync("#decrement");
        await Expect(Page.Locator("#count")).ToHaveTextAsync("6");
        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Decrement_below_zero_is_refused_shows_the_error_and_reverts()
    {
        await OpenLiveAsync("/counter");
        await Page.ClickAsync("#reset");
        await Expect(Page.Locator("#count")).ToHaveTextAsync("0");

        await Page.ClickAsync("#decrement");

        // The layout's flash shows the handler's LiveViewException message (from the bubbling lv:error event).
        await Expect(Page.Locator("#flash-text")).ToHaveTextAsync("Count cannot be negative");
        await Expect(Page.Locator("#flash")).ToBeVisibleAsync();
        // The prediction (-1) was reverted and the affected element flagged.
        await Expect(Page.Locator("#count")).ToHaveTextAsync("0");
        await Expect(Page.Locator("#count")).ToHaveClassAsync(HasClass("optimistic-error"));
        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0);

        using var errors = JsonDocument.Parse(await ErrorsAsync(Page));
        var error = Assert.Single(errors.RootElement.EnumerateArray());
        Assert.Equal("Decrement", error.GetProperty("handler").GetString());
        Assert.Equal("Count cannot be negative", error.GetProperty("message").GetString());

        // The flag is temporary, and the view keeps working.
        await Expect(Page.Locator("#count")).Not.ToHaveClassAsync(HasClass("optimistic-error"), new() { Timeout = 5_000 });
        await Page.ClickAsync("#increment");
        await Expect(Page.Locator("#count")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task With_server_latency_the_count_changes_before_the_reply_then_settles()
    {
        await OpenLiveAsync("/counter?delay=800");
        // Timed in the page, from the click: the prediction's DOM change and the reply's (pending cleared). Timing the
        // test's own round trips to the browser instead measured the machine's load (up to ~1 s on a busy CI host).
        var timing = await Page.EvaluateAsync<JsonElement>("""
            () => new Promise((resolve, reject) => {
              const count = document.querySelector('#count'), root = count.closest('[data-lv-root]');
              const marks = {};
              const timer = setTimeout(() => reject(new Error('no reply within 10 s: ' + JSON.stringify(marks))), 10000);
              const t0 = performance.now();
              const mo = new MutationObserver(() => {
                const now = performance.now() - t0;
                if (marks.predicted === undefined && count.textContent.trim() === '6') {
                  marks.predicted = now;
                  marks.pendingWithPrediction = !!document.querySelector('.optimistic-pending');
                }
                if (marks.predicted !== undefined && !document.querySelector('.optimistic-pending')) {
                  marks.settled = now;
                  mo.disconnect(); clearTimeout(timer); resolve(marks);
                }
              });
              mo.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
              document.querySelector('#increment').click();
            })
            """);
        var predicted = timing.GetProperty("predicted").GetDouble();
        var settled = timing.GetProperty("settled").GetDouble();

        Assert.True(timing.GetProperty("pendingWithPrediction").GetBoolean(), "optimistic-pending should be present while the event is in flight");
        Assert.True(predicted < 400, $"the prediction took {predicted} ms (server delay is 800 ms)");
        // The reply confirms the prediction: same value, nothing pending any more, and not before the server could answer.
        Assert.True(settled >= 750, $"pending cleared after {settled} ms, before the server could have replied");
        await Expect(Page.Locator("#count")).ToHaveTextAsync("6");
        await Expect(Page.Locator("#increment")).ToBeEnabledAsync();
    }

    [Fact]
    public async Task Rapid_clicks_with_latency_end_in_the_servers_state()
    {
        await OpenLiveAsync("/counter?delay=300");
        // As fast as the buttons allow (an optimistic button may be disabled while its own event is pending),
        // so several events overlap in flight: +1 -1 +1 +1 -1 +1 +1 = +3.
        foreach (var id in new[] { "#increment", "#decrement", "#increment", "#increment", "#decrement", "#increment", "#increment" })
            await Page.ClickAsync(id);

        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#count")).ToHaveTextAsync("8");
        // Still 8 once everything has settled (no late reply moves it).
        await Page.WaitForTimeoutAsync(500);
        await Expect(Page.Locator("#count")).ToHaveTextAsync("8");
        Assert.Equal("[]", await ErrorsAsync(Page));
    }

    [Fact]
    public async Task A_disconnect_while_pending_reverts_flags_and_recovers_after_reconnect()
    {
        await OpenLiveAsync("/counter?delay=2000");
        await Page.ClickAsync("#increment");
        var (text, pending) = await ReadCountAsync();
        Assert.Equal("6", text);
        Assert.True(pending);

        await DropConnectionAsync(Context, Page);

        var root = Page.Locator("[data-lv-root]");
        await Expect(root).ToHaveClassAsync(HasClass("lv-disconnected"));
        // Nothing stays pending: the prediction is reverted and flagged.
        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#count")).ToHaveTextAsync("5");
        await Expect(Page.Locator(".optimistic-error")).Not.ToHaveCountAsync(0);

        await Context.SetOfflineAsync(false);
        await Expect(root).Not.ToHaveClassAsync(HasClass("lv-disconnected"), new() { Timeout = 40_000 });
        await WaitUntilLiveAsync(Page, 40_000);

        // The view waited on the server and re-attached to the new connection: its render shows the click the server
        // ran after the connection dropped (6), and it works.
        await Expect(Page.Locator("#count")).ToHaveTextAsync("6");
        await Page.ClickAsync("#increment");
        await Expect(Page.Locator("#count")).ToHaveTextAsync("7");
        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await Expect(Page.Locator("#count")).ToHaveTextAsync("7");
    }

    [Fact]
    public async Task A_dropped_socket_reconnects_to_the_same_view_instance_with_its_count_and_no_remount()
    {
        await OpenLiveAsync("/counter");
        for (var i = 0; i < 3; i++) await Page.ClickAsync("#increment");
        await Page.WaitForLiveIdleAsync();
        await Expect(Page.Locator("#count")).ToHaveTextAsync("8");
        var before = await Page.EvaluateAsync<string>("() => window.LiveView.views[0].id");

        await DropConnectionAsync(Context, Page);
        await Expect(Page.Locator("[data-lv-root]")).ToHaveClassAsync(HasClass("lv-disconnected"));
        await Context.SetOfflineAsync(false);
        await WaitUntilLiveAsync(Page, 40_000);

        await Expect(Page.Locator("#count")).ToHaveTextAsync("8");
        // View ids are unique per server: a remount would have a new one (and a fresh mount would start at 5, or restore
        // the persisted 8 in another instance).
        Assert.Equal(before, await Page.EvaluateAsync<string>("() => window.LiveView.views[0].id"));
        await Page.ClickAsync("#increment");
        await Expect(Page.Locator("#count")).ToHaveTextAsync("9");
        await Page.WaitForLiveIdleAsync();
        Assert.Equal("[]", await ErrorsAsync(Page));
    }

    private async Task<(string Text, bool Pending)> ReadCountAsync()
    {
        var result = await Page.EvaluateAsync<JsonElement>("""
            () => ({
              text: document.querySelector('#count').textContent.trim(),
              pending: !!document.querySelector('.optimistic-pending'),
            })
            """);
        return (result.GetProperty("text").GetString()!, result.GetProperty("pending").GetBoolean());
    }

    [Fact]
    public async Task A_server_restart_shows_disconnected_then_reconnects_and_the_page_works_again()
    {
        await OpenLiveAsync("/counter");
        await Page.ClickAsync("#increment");
        await Expect(Page.Locator("#count")).ToHaveTextAsync("6");
        await Page.EvaluateAsync("""
            () => { const root = document.querySelector('[data-lv-root]');
                    new MutationObserver(() => { if (root.classList.contains('lv-disconnected')) window.__sawDisconnected = true; })
                      .observe(root, { attributes: true, attributeFilter: ['class'] }); }
            """);

        await Demo.RestartServerAsync();

        await Page.WaitForFunctionAsync("() => window.__sawDisconnected === true", null, new() { Timeout = 15_000 });
        await Expect(Page.Locator("[data-lv-root]")).Not.ToHaveClassAsync(HasClass("lv-disconnected"), new() { Timeout = 15_000 });
        // The restarted server mounted the view afresh; the page shows its truth and works.
        await Expect(Page.Locator("#count")).ToHaveTextAsync("5");
        await Page.ClickAsync("#increment");
        await Expect(Page.Locator("#count")).ToHaveTextAsync("6");
        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0);
    }
}
