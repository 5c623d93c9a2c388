namespace LiveViews.EndToEnd;

/// <summary>The first render is plain HTML: the demo works for a browser without JavaScript.</summary>
public sealed class StaticRenderTests(DemoFixture demo) : BrowserTest(demo)
{
    [Fact]
    public async Task Without_javascript_the_counter_and_the_todo_list_are_rendered()
    {
        var title = UniqueTitle("No script");
        Demo.Todos.Add(title);
        var page = await (await NewContextAsync(javaScript: false)).NewPageAsync();

        await page.GotoAsync("/counter");
        await Expect(page.Locator("#count")).ToHaveTextAsync("5");
        await Expect(page.Locator("#increment")).ToBeVisibleAsync();

        await page.GotoAsync("/todos");
        await Expect(page.Locator("#new-todo input[name=title]")).ToBeVisibleAsync();
        await Expect(Row(page, title)).ToHaveCountAsync(1);
        Assert.Equal(Demo.Todos.All().Count, await page.Locator("#todo-list li[data-id]").CountAsync());
    }

    [Fact]
    public async Task Without_javascript_search_works_as_a_plain_form()
    {
        var page = await (await NewContextAsync(javaScript: false)).NewPageAsync();
        await page.GotoAsync("/search");
        await Expect(page.Locator("#results li")).ToHaveCountAsync(new LiveViews.Demo.Data.SearchCatalog().Items.Count);
        await page.FillAsync("#search", "walrus");
        await page.PressAsync("#search", "Enter");
        await page.WaitForURLAsync("**/search?q=walrus");
        await Expect(page.Locator("#match-count")).ToHaveTextAsync("30");
        await Expect(page.Locator("#results li").First).ToContainTextAsync("Walrus");
    }

    [Fact]
    public async Task Home_page_links_every_demo_and_pages_use_the_layout()
    {
        await Page.GotoAsync("/");
        foreach (var href in new[] { "/counter", "/todos", "/search", "/slider", "/signup", "/photos" })
            await Expect(Page.Locator($"main a[href='{href}']")).ToHaveCountAsync(1);
        await Page.ClickAsync("main a[href='/todos']");
        await Expect(Page).ToHaveTitleAsync("To-dos · LiveView demo");
        await Expect(Page.Locator("nav a[aria-current=page]")).ToHaveTextAsync("To-dos");
        await Expect(Page.Locator("#flash")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Screenshots_of_the_counter_and_todos()
    {
        Demo.Todos.Add(UniqueTitle("Water the plants"));
        var directory = Path.Combine(Path.GetTempPath(), "liveview-e2e");
        Directory.CreateDirectory(directory);
        foreach (var name in new[] { "counter", "todos", "search", "slider" })
        {
            await Page.GotoAsync("/" + name);
            await Expect(Page.Locator("[data-lv-root]")).ToBeVisibleAsync();
            var file = Path.Combine(directory, name + ".png");
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = false });
            Assert.True(new FileInfo(file).Length > 5_000);
        }
    }
}
