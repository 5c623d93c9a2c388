using System.Text.Json;

namespace LiveViews.EndToEnd;

/// <summary>
/// Every demo page passes axe-core's WCAG 2.1 A and AA rules: as served, after live navigations and patches, and with
/// a flash (info and error) showing.
/// </summary>
public sealed class AccessibilityTests(DemoFixture demo) : BrowserTest(demo)
{
    private static readonly Lazy<string> Axe = new(() => File.ReadAllText(FindUp("node_modules/axe-core/axe.min.js")));

    /// <summary>The file at <paramref name="relative"/> in the nearest folder above the tests' binaries that has it (the repository).</summary>
    private static string FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Path.Combine(dir.FullName, relative) is var path && File.Exists(path)) return path;
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}: run npm ci in the repository.");
    }

    /// <summary>Runs axe-core (WCAG 2.0/2.1, levels A and AA) on the page as it is now and fails listing every violation.</summary>
    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        if (!await page.EvaluateAsync<bool>("() => !!window.axe")) await page.AddScriptTagAsync(new() { Content = Axe.Value });
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
              .violations.map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)
            """);
        Assert.True(violations.GetArrayLength() == 0, $"{what}: {violations}");
    }

    [Fact]
    public async Task Every_page_as_served_passes_wcag_2_1_aa()
    {
        Demo.Todos.SetDone(Demo.Todos.Add(UniqueTitle("Checked")).Id, true);
        Demo.Todos.Add(UniqueTitle("Open"));
        await Page.GotoAsync("/");
        await AssertAccessibleAsync(Page, "/");
        foreach (var path in new[] { "/counter", "/todos", "/todos?filter=done", "/search?q=amber", "/slider" })
        {
            await OpenLiveAsync(path);
            await AssertAccessibleAsync(Page, path);
        }
    }

    [Fact]
    public async Task Pages_reached_by_live_navigation_and_patches_and_with_flashes_pass_wcag_2_1_aa()
    {
        Demo.Todos.SetDone(Demo.Todos.Add(UniqueTitle("Checked")).Id, true);
        await OpenLiveAsync("/counter");
        await Page.ClickAsync("#reset");
        await Page.ClickAsync("#decrement"); // refused: an error flash
        await Expect(Page.Locator("#flash")).ToHaveAttributeAsync("data-kind", "error");
        await AssertAccessibleAsync(Page, "/counter with an error flash");

        foreach (var (link, heading) in new[] { ("Search", "Search"), ("Slider", "Slider"), ("To-dos", "To-dos") })
        {
            await Page.Locator("header nav a", new() { HasText = link }).ClickAsync();
            await Expect(Page.Locator("main h1")).ToHaveTextAsync(heading);
            await WaitUntilLiveAsync(Page);
            await AssertAccessibleAsync(Page, $"{heading} after a live navigation");
        }
        await Page.ClickAsync("#filter-active");
        await Expect(Page.Locator("#filter-active")).ToHaveAttributeAsync("aria-current", "page");
        await AssertAccessibleAsync(Page, "/todos?filter=active after a patch");
        await Page.ClickAsync("#filter-all");
        await Page.ClickAsync("#clear-completed");
        await Expect(Page.Locator("#flash")).ToHaveAttributeAsync("data-kind", "info");
        await Expect(Page.Locator("#flash")).ToBeVisibleAsync();
        await AssertAccessibleAsync(Page, "/todos with an info flash");
    }
}
