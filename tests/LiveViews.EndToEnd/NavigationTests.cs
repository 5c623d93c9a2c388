using System.Text.Json;
using System.Text.RegularExpressions;

namespace LiveViews.EndToEnd;

/// <summary>
/// Live navigation in the demo: nav links mount the next view over the same connection (no reload), filter links patch
/// the URL, back/forward, reload, scroll and focus, flashes, and navigations on a slow server, before the socket is up
/// and across a server restart.
/// </summary>
public sealed class NavigationTests(DemoFixture demo) : BrowserTest(demo)
{
    private static readonly (string Link, string Path, string Heading, string Title)[] Pages =
    [
        ("To-dos", "/todos", "To-dos", "To-dos · LiveView demo"),
        ("Search", "/search", "Search", "Search · LiveView demo"),
        ("Slider", "/slider", "Slider", "Slider · LiveView demo"),
        ("Counter", "/counter", "Counter", "Counter · LiveView demo"),
    ];

    private ILocator NavLink(string text, IPage? page = null) =>
        (page ?? Page).Locator("header nav a", new PageLocatorOptions { HasTextRegex = new Regex($"^{Regex.Escape(text)}$") });

    private ILocator Heading(IPage? page = null) => (page ?? Page).Locator("main [data-lv-root] h1");

    /// <summary>Marks the page's window, so a test can tell a live navigation (same window) from a page load.</summary>
    private static Task MarkWindowAsync(IPage page) => page.EvaluateAsync("() => { window.__sameWindow = 'yes'; }");

    private static async Task AssertSameWindowAsync(IPage page) =>
        Assert.Equal("yes", await page.EvaluateAsync<string?>("() => window.__sameWindow ?? null"));

    private async Task ExpectPageAsync((string Link, string Path, string Heading, string Title) target, IPage? page = null)
    {
        page ??= Page;
        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(target.Path)}$"));
        await Expect(Heading(page)).ToHaveTextAsync(target.Heading);
        await Expect(page).ToHaveTitleAsync(target.Title);
        await Expect(page.Locator("header nav a[aria-current=page]")).ToHaveTextAsync(target.Link);
        await WaitUntilLiveAsync(page);
    }

    [Fact]
    public async Task Nav_links_navigate_live_across_every_demo_page_and_back()
    {
        await OpenLiveAsync("/counter");
        await MarkWindowAsync(Page);
        foreach (var target in Pages)
        {
            await NavLink(target.Link).ClickAsync();
            await ExpectPageAsync(target);
            await AssertSameWindowAsync(Page);
            Assert.Equal(1, await Page.Locator("[data-lv-root]").CountAsync());
        }
        // Each new view works at once.
        await Page.ClickAsync("#increment");
        await Expect(Page.Locator("#count")).ToHaveTextAsync("6");

        foreach (var target in new[] { Pages[2], Pages[1], Pages[0] })
        {
            await Page.GoBackAsync();
            await ExpectPageAsync(target);
        }
        await Page.GoForwardAsync();
        await ExpectPageAsync(Pages[1]);
        await AssertSameWindowAsync(Page);
        Assert.Equal("[]", await ErrorsAsync(Page));
    }

    [Fact]
    public async Task Filter_links_patch_the_url_reload_keeps_the_filter_and_back_and_forward_switch_it()
    {
        var open = Demo.Todos.Add(UniqueTitle("Open"));
        var done = Demo.Todos.Add(UniqueTitle("Done"));
        Demo.Todos.SetDone(done.Id, true);
        await OpenLiveAsync("/todos");
        await MarkWindowAsync(Page);
        var rows = Page.Locator("#todo-list li");
        await Expect(Page.Locator("#filter-all")).ToHaveAttributeAsync("aria-current", "page");
        var entries = await Page.EvaluateAsync<int>("() => history.length");

        await Page.ClickAsync("#filter-done");
        await Expect(Page).ToHaveURLAsync(new Regex("/todos\\?filter=done$"));
        await Expect(Page.Locator($"#todo-{done.Id}")).ToHaveCountAsync(1);
        await Expect(Page.Locator($"#todo-{open.Id}")).ToHaveCountAsync(0);
        await Expect(rows).ToHaveCountAsync(Demo.Todos.All().Count(t => t.Done));
        await Expect(Page.Locator("#filter-done")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(Page.Locator("#filter-all")).ToHaveAttributeAsync("aria-current", "false");

        await Page.ClickAsync("#filter-active");
        await Expect(Page).ToHaveURLAsync(new Regex("/todos\\?filter=active$"));
        await Expect(Page.Locator($"#todo-{open.Id}")).ToHaveCountAsync(1);
        await Expect(Page.Locator($"#todo-{done.Id}")).ToHaveCountAsync(0);
        await Expect(rows).ToHaveCountAsync(Demo.Todos.All().Count(t => !t.Done));
        await AssertSameWindowAsync(Page);
        Assert.Equal(entries + 2, await Page.EvaluateAsync<int>("() => history.length")); // a patch is a history entry

        await Page.ReloadAsync();
        await WaitUntilLiveAsync(Page);
        await Expect(Page.Locator("#filter-active")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(Page.Locator($"#todo-{done.Id}")).ToHaveCountAsync(0);

        await Page.GoBackAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/todos\\?filter=done$"));
        await Expect(Page.Locator("#filter-done")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(Page.Locator($"#todo-{open.Id}")).ToHaveCountAsync(0);
        await Expect(Page.Locator($"#todo-{done.Id}")).ToHaveCountAsync(1);
        await Page.GoBackAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/todos$"));
        await Expect(Page.Locator($"#todo-{open.Id}")).ToHaveCountAsync(1);
        await Expect(Page.Locator($"#todo-{done.Id}")).ToHaveCountAsync(1);
        await Page.GoForwardAsync();
        await Expect(Page.Locator("#filter-done")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(Page.Locator($"#todo-{open.Id}")).ToHaveCountAsync(0);
        Assert.Equal("[]", await ErrorsAsync(Page));
    }

    [Fact]
    public async Task Typing_a_search_replaces_the_query_in_the_url_and_a_reload_shows_the_results_at_once()
    {
        await OpenLiveAsync("/search");
        var entries = await Page.EvaluateAsync<int>("() => history.length");
        await Page.Locator("#search").PressSequentiallyAsync("amber", new() { Delay = 40 });
        await Expect(Page).ToHaveURLAsync(new Regex("/search\\?q=amber$"));
        var expected = new LiveViews.Demo.Data.SearchCatalog().Search("amber");
        await Expect(Page.Locator("#results li")).ToHaveCountAsync(expected.Count);
        await Page.Locator("#search").PressSequentiallyAsync(" fal", new() { Delay = 40 });
        await Expect(Page).ToHaveURLAsync(new Regex("/search\\?q=amber%20fal$"));
        Assert.Equal(entries, await Page.EvaluateAsync<int>("() => history.length")); // replaced, not pushed
        await Expect(Page.Locator("#search")).ToBeFocusedAsync();
        await Expect(Page.Locator("#search")).ToHaveValueAsync("amber fal");

        // The first paint of the URL has the results: the static render ran HandleParamsAsync (no script at all here).
        var noScript = await (await NewContextAsync(javaScript: false)).NewPageAsync();
        await noScript.GotoAsync("/search?q=amber");
        await Expect(noScript.Locator("#results li")).ToHaveCountAsync(expected.Count);
        await Expect(noScript.Locator("#search")).ToHaveValueAsync("amber");
        await Page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
        await Expect(Page.Locator("#results li")).ToHaveCountAsync(new LiveViews.Demo.Data.SearchCatalog().Search("amber fal").Count);
    }

    [Fact]
    public async Task Clear_completed_flashes_the_count_and_the_next_navigation_clears_it()
    {
        for (var i = 0; i < 2; i++) Demo.Todos.SetDone(Demo.Todos.Add(UniqueTitle("Finished")).Id, true);
        await OpenLiveAsync("/todos");
        var completed = Demo.Todos.All().Count(t => t.Done);
        await Page.ClickAsync("#clear-completed");
        var flash = Page.Locator("#flash");
        await Expect(flash).ToBeVisibleAsync();
        await Expect(Page.Locator("#flash-text")).ToHaveTextAsync($"Cleared {completed} completed");
        await Expect(flash).ToHaveAttributeAsync("data-kind", "info");
        Assert.DoesNotContain(Demo.Todos.All(), t => t.Done);

        await NavLink("Counter").ClickAsync();
        await ExpectPageAsync(Pages[3]);
        await Expect(flash).ToBeHiddenAsync();
        await Page.GoBackAsync();
        await ExpectPageAsync(Pages[0]);
        await Expect(flash).ToBeHiddenAsync(); // shown once
    }

    [Fact]
    public async Task A_flash_can_be_dismissed()
    {
        Demo.Todos.SetDone(Demo.Todos.Add(UniqueTitle("Finished")).Id, true);
        await OpenLiveAsync("/todos");
        await Page.ClickAsync("#clear-completed");
        await Expect(Page.Locator("#flash")).ToBeVisibleAsync();
        await Page.ClickAsync("#flash-close");
        await Expect(Page.Locator("#flash")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Deleting_the_last_todo_navigates_to_the_whole_list_with_a_flash_shown_there_once()
    {
        foreach (var todo in Demo.Todos.All()) Demo.Todos.Delete(todo.Id);
        var last = Demo.Todos.Add(UniqueTitle("Last one"));
        await OpenLiveAsync("/todos?filter=active");
        await MarkWindowAsync(Page);
        var firstView = await Page.EvaluateAsync<string>("() => window.LiveView.views[0].id");

        await Page.Locator($"#todo-{last.Id} .delete").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/todos\\?filter=all$"));
        await Expect(Page.Locator("#flash")).ToBeVisibleAsync();
        await Expect(Page.Locator("#flash-text")).ToHaveTextAsync("Deleted the last to-do: nothing left to do.");
        await Expect(Page.Locator("#filter-all")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(Page.Locator("#empty")).ToBeVisibleAsync();
        await WaitUntilLiveAsync(Page);
        await AssertSameWindowAsync(Page);
        Assert.NotEqual(firstView, await Page.EvaluateAsync<string>("() => window.LiveView.views[0].id")); // a new view, mounted live

        await NavLink("Slider").ClickAsync();
        await ExpectPageAsync(Pages[2]);
        await Expect(Page.Locator("#flash")).ToBeHiddenAsync();
        await Page.GoBackAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/todos\\?filter=all$"));
        await Expect(Heading()).ToHaveTextAsync("To-dos");
        await Expect(Page.Locator("#flash")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Back_and_forward_restore_each_entrys_scroll_position_and_a_navigation_moves_focus_to_the_heading()
    {
        await OpenLiveAsync("/search");
        await Page.EvaluateAsync("() => window.scrollTo(0, 1500)");
        await Page.WaitForFunctionAsync("() => Math.abs(window.scrollY - 1500) < 2");

        await NavLink("Slider").ClickAsync(); // the header is sticky: clicking it does not scroll
        await ExpectPageAsync(Pages[2]);
        Assert.Equal(0, await Page.EvaluateAsync<double>("() => window.scrollY"));
        await Expect(Heading()).ToBeFocusedAsync();
        Assert.Equal("-1", await Heading().GetAttributeAsync("tabindex"));

        await Page.GoBackAsync();
        await ExpectPageAsync(Pages[1]);
        await Page.WaitForFunctionAsync("() => Math.abs(window.scrollY - 1500) < 2", null, new() { Timeout = 5_000 });
        // Scrolled again there, then forward and back: the entry kept its new position.
        await Page.EvaluateAsync("() => window.scrollTo(0, 800)");
        await Page.WaitForTimeoutAsync(300);
        await Page.GoForwardAsync();
        await ExpectPageAsync(Pages[2]);
        await Page.WaitForFunctionAsync("() => window.scrollY === 0");
        await Page.GoBackAsync();
        await ExpectPageAsync(Pages[1]);
        await Page.WaitForFunctionAsync("() => Math.abs(window.scrollY - 800) < 2", null, new() { Timeout = 5_000 });

        // A reload of a scrolled page keeps its position too.
        await Page.EvaluateAsync("() => window.scrollTo(0, 1500)");
        await Page.ReloadAsync();
        await WaitUntilLiveAsync(Page);
        await Page.WaitForFunctionAsync("() => Math.abs(window.scrollY - 1500) < 2", null, new() { Timeout = 5_000 });
    }

    [Fact]
    public async Task On_a_slow_server_the_last_link_clicked_wins_and_the_page_being_left_never_shows_the_other()
    {
        await OpenLiveAsync("/counter");
        await MarkWindowAsync(Page);
        await Page.EvaluateAsync("""
            () => { window.__headings = [];
                    new MutationObserver(() => { const h = document.querySelector('main h1'); if (h) window.__headings.push(h.textContent); })
                      .observe(document.querySelector('main'), { childList: true, subtree: true }); }
            """);
        // The to-dos view takes 800 ms to read its URL; halfway the user clicks Search instead.
        await Page.EvaluateAsync("() => window.LiveView.navigate('/todos?delay=800')");
        await Expect(Page.Locator("html")).ToHaveClassAsync(HasClass("lv-navigating"));
        await Page.WaitForTimeoutAsync(300);
        await NavLink("Search").ClickAsync();

        await ExpectPageAsync(Pages[1]);
        await Expect(Page.Locator("html")).Not.ToHaveClassAsync(HasClass("lv-navigating"));
        await Page.WaitForTimeoutAsync(1_000); // the slow navigation's answer, had it been sent, has arrived by now
        await Expect(Heading()).ToHaveTextAsync("Search");
        await Expect(Page).ToHaveURLAsync(new Regex("/search$"));
        var headings = await Page.EvaluateAsync<string[]>("() => window.__headings");
        Assert.DoesNotContain("To-dos", headings);
        await AssertSameWindowAsync(Page);
        Assert.Equal("[]", await ErrorsAsync(Page));
    }

    [Fact]
    public async Task On_a_slow_server_a_click_made_while_navigating_away_lands_on_the_view_it_was_made_on()
    {
        await OpenLiveAsync("/counter?delay=2000"); // long enough that both clicks land before the first answer, even on a loaded machine
        await Page.EvaluateAsync("""
            () => { window.__counts = [];
                    document.addEventListener('lv:reply', () => { const c = document.querySelector('#count'); if (c) window.__counts.push(c.textContent.trim()); }, true); }
            """);
        await Page.ClickAsync("#increment");         // in flight for 2 s
        await NavLink("To-dos").ClickAsync();         // the counter stays on the page until the to-dos are ready
        await Page.ClickAsync("#increment");          // made while navigating: still the counter's
        await ExpectPageAsync(Pages[0]);
        var counts = await Page.EvaluateAsync<string[]>("() => window.__counts");
        Assert.Contains("7", counts); // both increments ran on the counter and were answered before the swap
        Assert.Equal("[]", await ErrorsAsync(Page));

        // The new view takes events at once.
        var title = UniqueTitle("Right after");
        await Page.FillAsync("#new-title", title);
        await Page.PressAsync("#new-title", "Enter");
        await Expect(Row(Page, title)).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_navigation_made_before_the_socket_is_up_waits_for_the_join_and_happens_in_the_same_window()
    {
        await Page.RouteAsync("**/_lv/hub/negotiate*", async route =>
        {
            await Task.Delay(1500);
            await route.ContinueAsync();
        });
        await Page.GotoAsync("/counter");
        await MarkWindowAsync(Page);
        await Expect(Page.Locator("[data-lv-root]")).ToHaveClassAsync(HasClass("lv-connecting"));
        await Page.ClickAsync("#increment");
        await NavLink("To-dos").ClickAsync();
        await Expect(Page.Locator("html")).ToHaveClassAsync(HasClass("lv-navigating"));
        await ExpectPageAsync(Pages[0]);
        await AssertSameWindowAsync(Page);
        Assert.Equal("[]", await ErrorsAsync(Page));
    }

    [Fact]
    public async Task A_live_link_clicked_before_the_client_script_loads_navigates_once_it_has()
    {
        await Page.RouteAsync("**/_lv/liveview.js", async route =>
        {
            await Task.Delay(1500);
            await route.ContinueAsync();
        });
        await Page.GotoAsync("/counter", new() { WaitUntil = WaitUntilState.Commit });
        await MarkWindowAsync(Page);
        await NavLink("Search").ClickAsync(new() { Timeout = 1000 });
        await ExpectPageAsync(Pages[1]);
        await AssertSameWindowAsync(Page);
    }

    [Fact]
    public async Task A_navigation_made_while_the_server_restarts_happens_once_it_is_back()
    {
        await OpenLiveAsync("/slider");
        await MarkWindowAsync(Page);
        await Demo.StopServerAsync();
        try
        {
            await Expect(Page.Locator("[data-lv-root]")).ToHaveClassAsync(HasClass("lv-disconnected"));
            await NavLink("Counter").ClickAsync();
            await Expect(Page.Locator("html")).ToHaveClassAsync(HasClass("lv-navigating"));
            await Expect(Heading()).ToHaveTextAsync("Slider");
        }
        finally
        {
            await Demo.StartServerAsync();
        }
        await ExpectPageAsync(Pages[3]);
        await AssertSameWindowAsync(Page);
        await Page.ClickAsync("#increment");
        await Expect(Page.Locator("#count")).ToHaveTextAsync("6");

        // And after the restart, live navigation goes on as before.
        await NavLink("To-dos").ClickAsync();
        await ExpectPageAsync(Pages[0]);
        await AssertSameWindowAsync(Page);
    }

    [Fact]
    public async Task After_a_reconnect_the_view_shows_the_url_the_user_sees_not_the_one_it_was_served_with()
    {
        var done = Demo.Todos.Add(UniqueTitle("Done"));
        Demo.Todos.SetDone(done.Id, true);
        var open = Demo.Todos.Add(UniqueTitle("Open"));
        await OpenLiveAsync("/todos");
        await Page.ClickAsync("#filter-done");
        await Expect(Page.Locator($"#todo-{open.Id}")).ToHaveCountAsync(0);

        await DropConnectionAsync(Context, Page);
        await Expect(Page.Locator("[data-lv-root]")).ToHaveClassAsync(HasClass("lv-disconnected"));
        Demo.Todos.SetDone(Demo.Todos.Add(UniqueTitle("Done while away")).Id, true); // the rejoin renders something new
        await Context.SetOfflineAsync(false);
        await WaitUntilLiveAsync(Page, 20_000);
        await Expect(Page.Locator("#filter-done")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(Page.Locator($"#todo-{open.Id}")).ToHaveCountAsync(0);
        await Expect(Page.Locator($"#todo-{done.Id}")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Uploads_work_on_a_page_reached_by_live_navigation_also_after_the_upload_module_loaded()
    {
        await OpenLiveAsync("/counter");
        await MarkWindowAsync(Page);
        foreach (var round in new[] { 1, 2 }) // first the module loads for the navigated view, then it binds to a new one
        {
            await NavLink("Photos").ClickAsync();
            await Expect(Page).ToHaveURLAsync(new Regex("/photos$"));
            await WaitUntilLiveAsync(Page);
            var name = $"nav-{round}-{Guid.NewGuid().ToString("N")[..6]}.png";
            var png = new byte[4_000];
            new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
            await Page.SetInputFilesAsync("#photo-input", new FilePayload { Name = name, MimeType = "image/png", Buffer = png });
            await Expect(Page.Locator("#photo-queue li .entry-state")).ToHaveTextAsync("ready");
            await Page.ClickAsync("#photo-save");
            await Expect(Page.Locator("#photo-list li").Filter(new() { HasText = name })).ToContainTextAsync("4,000 bytes");
            await NavLink("Counter").ClickAsync();
            await ExpectPageAsync(Pages[3]);
        }
        await AssertSameWindowAsync(Page);
        Assert.Equal("[]", await ErrorsAsync(Page));
    }

    [Fact]
    public async Task A_route_that_is_not_live_is_reached_by_a_page_load()
    {
        await OpenLiveAsync("/counter");
        await MarkWindowAsync(Page);
        await Page.EvaluateAsync("() => window.LiveView.navigate('/')"); // the home page is a Razor Page
        await Expect(Page.Locator("main h1")).ToHaveTextAsync("LiveView for ASP.NET Core");
        Assert.Null(await Page.EvaluateAsync<string?>("() => window.__sameWindow ?? null"));

        await Page.ClickAsync("main a[href='/todos']"); // a plain link on a page without a live view
        await WaitUntilLiveAsync(Page);
        await MarkWindowAsync(Page);
        await Page.ClickAsync("header .brand"); // the layout's home link has no lv-navigate
        await Expect(Page).ToHaveURLAsync(new Regex("/$"));
        Assert.Null(await Page.EvaluateAsync<string?>("() => window.__sameWindow ?? null"));
    }
}
