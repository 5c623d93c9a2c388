using System.Text.Json;

namespace LiveViews.EndToEnd;

/// <summary>
/// Every demo page passes axe-core's WCAG 2.1 AA rules (npm axe-core, from the repository's node_modules), live and after
/// interactions that change the page (live navigations, patches, flashes included), and keyboard focus stays where a
/// person expects it.
/// </summary>
public sealed class AccessibilityTests(DemoFixture demo) : BrowserTest(demo)
{
    private static readonly string AxePath = FindAxe();

    public static TheoryData<string> Pages => ["/", "/counter", "/todos", "/todos?filter=done", "/search", "/search?q=amber", "/slider", "/dashboard", "/signup", "/photos", "/feed"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_passes_axe_wcag_2_1_aa(string path)
    {
        var problems = new List<string>(); // what a person's browser console would show: script errors, failed requests
        Page.Console += (_, message) => { if (message.Type == "error") lock (problems) problems.Add($"console: {message.Text}"); };
        Page.PageError += (_, error) => { lock (problems) problems.Add($"script error: {error}"); };
        Page.Response += (_, response) => { if (response.Status >= 400) lock (problems) problems.Add($"{response.Status} {response.Url}"); };
        await Page.GotoAsync(path);
        if (path != "/") await WaitUntilLiveAsync(Page);
        await AssertAccessibleAsync(path);
        lock (problems) Assert.True(problems.Count == 0, $"{path}: {string.Join("; ", problems)}");
    }

    [Fact]
    public async Task Pages_stay_accessible_in_their_changed_states()
    {
        await OpenLiveAsync("/counter");
        await Page.ClickAsync("#reset");
        await Page.ClickAsync("#decrement"); // refused: the error flag and the flash
        await Expect(Page.Locator("#flash")).ToBeVisibleAsync();
        await AssertAccessibleAsync("/counter after an error");

        await OpenLiveAsync("/dashboard");
        await Page.ClickAsync("#card-faulty .boom");
        await Expect(Page.Locator("#card-faulty")).ToHaveClassAsync(HasClass("lv-component-error"));
        await AssertAccessibleAsync("/dashboard with a failed card");

        var todo = Demo.Todos.Add(UniqueTitle("A11y"));
        await OpenLiveAsync("/todos");
        await Page.ClickAsync($"#todo-{todo.Id} .edit");
        await Expect(Page.Locator($"#todo-{todo.Id} .title-input")).ToBeVisibleAsync();
        await AssertAccessibleAsync("/todos with an editor open");
    }

    [Fact]
    public async Task Pages_reached_by_live_navigation_and_patches_and_with_a_flash_stay_accessible()
    {
        Demo.Todos.SetDone(Demo.Todos.Add(UniqueTitle("Checked")).Id, true);
        await OpenLiveAsync("/counter");
        foreach (var (link, path) in new[] { ("Search", "/search"), ("Slider", "/slider"), ("Dashboard", "/dashboard"), ("To-dos", "/todos") })
        {
            await Page.Locator("header nav a", new() { HasText = link }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"{path}$"));
            await WaitUntilLiveAsync(Page);
            await AssertAccessibleAsync($"{path} after a live navigation");
        }
        await Page.ClickAsync("#filter-active");
        await Expect(Page.Locator("#filter-active")).ToHaveAttributeAsync("aria-current", "page");
        await AssertAccessibleAsync("/todos?filter=active after a patch");
        await Page.ClickAsync("#filter-all");
        await Page.ClickAsync("#clear-completed");
        await Expect(Page.Locator("#flash")).ToHaveAttributeAsync("data-kind", "info");
        await Expect(Page.Locator("#flash")).ToBeVisibleAsync();
        await AssertAccessibleAsync("/todos with an info flash");
    }

    [Fact]
    public async Task Keyboard_focus_stays_on_the_control_a_person_used()
    {
        await OpenLiveAsync("/counter");
        await Page.FocusAsync("#increment");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("#count")).ToHaveTextAsync("6");
        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#increment")).ToBeFocusedAsync();

        await OpenLiveAsync("/todos");
        var title = UniqueTitle("Keyboard");
        await Page.FocusAsync("#new-title");
        await Page.Keyboard.TypeAsync(title);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Row(Page, title)).ToHaveCountAsync(1);
        await Expect(Page.Locator("#new-title")).ToBeFocusedAsync(); // ready for the next one

        await OpenLiveAsync("/dashboard");
        await Page.FocusAsync("#card-b .increment");
        await Page.Keyboard.PressAsync("Space");
        await Expect(Page.Locator("#card-b .value")).ToHaveTextAsync("1");
        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#card-b .increment")).ToBeFocusedAsync();
    }

    private async Task AssertAccessibleAsync(string what)
    {
        await Page.AddScriptTagAsync(new() { Path = AxePath });
        var result = await Page.EvaluateAsync<string>("""
            async () => JSON.stringify((await window.axe.run(document, {
              runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
            })).violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')) })))
            """);
        using var violations = JsonDocument.Parse(result);
        Assert.True(violations.RootElement.GetArrayLength() == 0, $"{what}: axe-core WCAG 2.1 AA violations: {result}");
    }

    private static string FindAxe()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("axe-core not found in node_modules above the test binaries: run npm ci at the repository root.");
    }
}
