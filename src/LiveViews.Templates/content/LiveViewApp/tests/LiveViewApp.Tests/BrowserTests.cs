using LiveViews.Testing.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveViewApp.Tests;

/// <summary>
/// The running app in a real browser: the page joins over SignalR (<c>WaitForLiveViewAsync</c>), each gesture is
/// answered by the server (<c>WaitForLiveIdleAsync</c>), and keyboard focus stays where the person left it.
/// </summary>
public sealed class BrowserTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task The_counter_counts_in_the_browser()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/counter");
        await page.WaitForLiveViewAsync();

        await page.ClickAsync("#increment");
        await page.ClickAsync("#increment");
        await page.WaitForLiveIdleAsync();

        await Expect(page.Locator("#count")).ToHaveTextAsync("2");
        await Expect(page.Locator("#count")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("optimistic-(pending|error)"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_to_do_typed_and_entered_appears_and_the_field_keeps_focus()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/todos");
        await page.WaitForLiveViewAsync();
        var title = $"Water the plants {Guid.NewGuid().ToString("N")[..6]}";

        await page.FillAsync("#new-title", title);
        await page.PressAsync("#new-title", "Enter");
        await page.WaitForLiveIdleAsync();

        var row = page.Locator("#todo-list li", new PageLocatorOptions { HasText = title });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(page.Locator("#new-title")).ToHaveValueAsync("");
        await Expect(page.Locator("#new-title")).ToBeFocusedAsync();

        await row.GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.WaitForLiveIdleAsync();
        await Expect(row).ToHaveClassAsync("done");
        await page.Context.CloseAsync();
    }
}
