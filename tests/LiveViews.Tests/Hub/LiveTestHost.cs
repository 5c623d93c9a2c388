using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LiveViews.Hosting;
using LiveViews.Tests.Live;
using LiveViews.TestSupport;

namespace LiveViews.Tests.Hub;

/// <summary>A real Kestrel server on 127.0.0.1 (random port) serving <see cref="ProbeView"/> at /probe; one per test class.</summary>
public partial class LiveTestHost : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;
    public Uri HubUrl => new(BaseAddress, "/_lv/hub");
    public HttpClient Http { get; } = new();
    public List<string> Logs { get; } = [];
    public IServiceProvider Services => _app!.Services;

    /// <summary>The host environment (Production unless a subclass says otherwise).</summary>
    protected virtual string EnvironmentName => "Production";

    public virtual void Configure(LiveViewOptions options) { }
    protected virtual void ConfigureServices(IServiceCollection services) { }
    protected virtual void ConfigureApp(WebApplication app) { }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LiveTestHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = EnvironmentName,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(new CapturingLoggerProvider(line => { lock (Logs) Logs.Add(line); },
            (level, category) => level >= LogLevel.Warning || (level >= LogLevel.Information && category.StartsWith("LiveViews", StringComparison.Ordinal))));
        builder.Services.AddLiveView(Configure);
        builder.Services.AddRazorPages();
        ConfigureServices(builder.Services);
        _app = builder.Build();
        ConfigureApp(_app);
        _app.MapLiveView<ProbeView>("/probe");
        _app.MapRazorPages();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    /// <summary>Loads a page and returns the view token from its root element.</summary>
    public async Task<string> TokenAsync(string path = "/probe")
    {
        var html = await Http.GetStringAsync(new Uri(BaseAddress, path));
        return TokensIn(html).First();
    }

    /// <summary>The view tokens of every live root in a page, in document order.</summary>
    public static IEnumerable<string> TokensIn(string html) =>
        TokenPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));

    /// <summary>Connects a hub client and joins the view at <paramref name="path"/>; returns the client and the view id.</summary>
    public async Task<(SignalRJsonClient Client, string ViewId)> JoinAsync(string path = "/probe")
    {
        var client = await SignalRJsonClient.ConnectAsync(HubUrl);
        var completion = await client.InvokeAsync("join", await TokenAsync(path));
        var viewId = completion["result"]?["id"]?.GetValue<string>()
            ?? throw new InvalidOperationException("join failed: " + completion.ToJsonString());
        return (client, viewId);
    }

    /// <summary>Empties <see cref="Logs"/> (memory measurements must not count the test's own log sink).</summary>
    public void ClearLogs()
    {
        lock (Logs) Logs.Clear();
    }

    /// <summary>Stops the server gracefully (as on a deploy), without disposing it.</summary>
    public Task StopAsync() => _app!.StopAsync();

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }

    [GeneratedRegex("data-lv-token=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
