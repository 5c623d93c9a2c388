using System.Diagnostics;
using LiveViews.Conformance.Live;
using LiveViews.Hosting;
using LiveViews.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiveViews.Conformance;

/// <summary>
/// One Chromium (Debian's, never a downloaded build) with a page holding the harness (the real client code bundled by
/// esbuild from client/src), one live-view server on 127.0.0.1 with the development check on, and the suite's run,
/// computed once for every test of the collection.
/// </summary>
public sealed class ConformanceFixture : IAsyncLifetime
{

    private IPlaywright? _playwright;
    private WebApplication? _app;

    public IBrowser Browser { get; private set; } = null!;
    public IPage Harness { get; private set; } = null!;
    public Uri BaseUrl { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;
    internal ConformanceRun Run { get; private set; } = null!;
    public List<string> ServerLog { get; } = [];

    public async Task InitializeAsync()
    {
        DebianChromium.EnsureInstalled();
        var bundle = await BuildHarnessAsync();
        await StartServerAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await DebianChromium.LaunchAsync(_playwright);
        Harness = await Browser.NewPageAsync();
        // A no-quirks page at about:blank: nothing the cases write can load a resource from the test server.
        await Harness.SetContentAsync("<!DOCTYPE html><html lang=\"en\"><head><title>conformance</title></head><body></body></html>");
        await Harness.AddScriptTagAsync(new PageAddScriptTagOptions { Content = bundle });
        Run = await ConformanceRun.ExecuteAsync(this);
    }

    /// <summary>Bundles harness/harness.ts (which imports client/src) with the repository's esbuild.</summary>
    private static async Task<string> BuildHarnessAsync()
    {
        var root = RepoRoot();
        var esbuild = Path.Combine(root, "node_modules", ".bin", "esbuild");
        if (!File.Exists(esbuild)) throw new InvalidOperationException($"{esbuild} is missing: run npm ci (scripts/install-prerequisites.sh does).");
        var start = new ProcessStartInfo(esbuild, ["tests/LiveViews.Conformance/harness/harness.ts", "--bundle", "--format=iife", "--global-name=lvHarness", "--target=es2020", "--log-level=error"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException("esbuild failed: " + await error);
        return await output;
    }

    private async Task StartServerAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ConformanceFixture).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddProvider(new CapturingLoggerProvider(line => { lock (ServerLog) ServerLog.Add(line); }, (level, _) => level >= LogLevel.Warning));
        // The development check on, as in the Development environment: the client must start for every template it lets through.
        builder.Services.AddLiveView(o => o.VerifyBalancedHtml = true);
        _app = builder.Build();
        _app.MapLiveView<CorpusView>("/corpus");
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address);
    }

    /// <summary>The framework's asset tags, as <see cref="LiveViewRenderer"/> writes them before a view's root.</summary>
    public string AssetTags => Services.GetRequiredService<LiveViewRenderer>().AssetTags();

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LiveView.sln"))) return dir.FullName;
        throw new InvalidOperationException("LiveView.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class ConformanceCollection : ICollectionFixture<ConformanceFixture>
{
    public const string Name = "conformance";
}
