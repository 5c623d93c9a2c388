using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace LiveViews.EndToEnd;

/// <summary>Runs axe-core (Deque's engine, WCAG 2.1 A and AA rules) on a page and fails with every violation it finds.</summary>
public static class Accessibility
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    public static async Task AssertAxeCleanAsync(IPage page)
    {
        var result = await page.RunAxe(Wcag21AA);
        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}");
        Assert.True(result.Violations.Length == 0, "axe-core WCAG 2.1 AA violations:\n" + string.Join("\n", violations));
    }
}
