using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LiveViewApp.Tests;

/// <summary>
/// The app on a real Kestrel server at 127.0.0.1 (a free port), and one headless Chromium, for the browser tests.
/// Chromium is the one at <c>CHROMIUM_PATH</c>, else the system's <c>/usr/bin/chromium</c> (Debian's package), else the
/// browser Playwright installs (<c>pwsh bin/Debug/net10.0/playwright.ps1 install chromium</c>).
/// </summary>
public sealed class AppServer : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _factory = new();
    private IPlaywright? _playwright;

    /// <summary>Where the app listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The app started but reports no address it listens on.");
        BaseUrl = new Uri(address + "/");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu"],
        });
    }

    /// <summary>A new page in its own browser context (cookies, storage, connection), its URLs relative to the app.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl.ToString() });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }

    private static string? ChromiumPath()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path)
            return File.Exists(path) ? path : throw new FileNotFoundException($"CHROMIUM_PATH is {path}, which does not exist.", path);
        return File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
    }
}
