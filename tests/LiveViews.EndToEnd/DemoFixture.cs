using System.Collections.Concurrent;
using LiveViews.Demo;
using LiveViews.Demo.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LiveViews.TestSupport;

namespace LiveViews.EndToEnd;

/// <summary>
/// One demo server and one Chromium for the whole collection. The demo runs in-process through
/// <see cref="DemoApp.Build"/> on Kestrel at 127.0.0.1 with a random port and a fresh temporary SQLite file;
/// Chromium is Debian's (/usr/bin/chromium), never a downloaded build.
/// </summary>
public sealed class DemoFixture : IAsyncLifetime
{

    private WebApplication? _app;
    private IPlaywright? _playwright;

    public Uri BaseUrl { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"lv-e2e-{Guid.NewGuid():N}.db");
    public IServiceProvider Services => (_app ?? throw new InvalidOperationException("The demo server is stopped.")).Services;
    public SqliteTodoStore Todos => (SqliteTodoStore)Services.GetRequiredService<ITodoStore>();

    /// <summary>Warnings and errors the server logged (shown when a test fails on a server problem).</summary>
    public ConcurrentQueue<string> ServerLog { get; } = new();

    public async Task InitializeAsync()
    {
        await StartServerAsync("http://127.0.0.1:0");

        DebianChromium.EnsureInstalled();
        _playwright = await Playwright.CreateAsync();
        Browser = await DebianChromium.LaunchAsync(_playwright);
        SetDefaultExpectTimeout(10_000);
    }

    /// <summary>
    /// Restarts the demo server on the same address and database, as a deploy would: open pages lose their connection,
    /// reconnect with backoff and remount.
    /// </summary>
    public async Task RestartServerAsync()
    {
        await StopServerAsync();
        await StartServerAsync();
    }

    /// <summary>Stops the demo server gracefully (open pages lose their connection and retry with backoff).</summary>
    public async Task StopServerAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    /// <summary>Starts the demo server again on the same address and database.</summary>
    public Task StartServerAsync() => StartServerAsync(BaseUrl.GetLeftPart(UriPartial.Authority));

    private async Task StartServerAsync(string url)
    {
        _app = DemoApp.Build([], builder =>
        {
            builder.WebHost.UseUrls(url);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Demo:Database"] = DatabasePath });
            builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddProvider(CapturingLoggerProvider.Into(ServerLog, LogLevel.Warning, 200));
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1"));
    }

    /// <summary>A new isolated browser context (own cookies, storage and connection).</summary>
    public Task<IBrowserContext> NewContextAsync(bool javaScript = true) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = 1000, Height = 760 },
        });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(DatabasePath + suffix); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<DemoFixture>
{
    public const string Name = "demo";
}
