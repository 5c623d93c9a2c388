namespace LiveViews.TestSupport;

/// <summary>
/// The browser our Playwright tests drive: Debian's <c>chromium</c> (or the one <c>LV_CHROMIUM</c> names), headless, never
/// a downloaded one. Linked into each browser test project.
/// </summary>
public static class DebianChromium
{
    /// <summary>The executable: <c>LV_CHROMIUM</c> when set, else <c>/usr/bin/chromium</c>.</summary>
    public static string Path => Environment.GetEnvironmentVariable("LV_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Throws <see cref="InvalidOperationException"/> saying how to install it when <see cref="Path"/> does not exist.</summary>
    public static void EnsureInstalled()
    {
        if (!File.Exists(Path))
            throw new InvalidOperationException($"Chromium not found at {Path}: install Debian's (apt-get install -y chromium).");
    }

    /// <summary>Launches it headless, without sandbox, GPU or background traffic.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Path,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
}
