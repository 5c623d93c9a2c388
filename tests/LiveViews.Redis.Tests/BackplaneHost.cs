using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LiveViews.PubSub;
using LiveViews.Redis.Tests.Live;
using LiveViews.TestSupport;

namespace LiveViews.Redis.Tests;

/// <summary>
/// One application server (Kestrel on 127.0.0.1, random port) with the Redis backplane, serving <see cref="BoardView"/>
/// at /board. Several of them on one <see cref="RedisServer"/> make a cluster in one process.
/// </summary>
public sealed partial class BackplaneHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BackplaneHost(WebApplication app, string name, ConcurrentQueue<string> logs)
    {
        _app = app;
        Name = name;
        Logs = logs;
    }

    public string Name { get; }
    public Uri BaseAddress { get; private set; } = null!;
    public Uri HubUrl => new(BaseAddress, "/_lv/hub");
    public HttpClient Http { get; } = new();
    public ConcurrentQueue<string> Logs { get; }
    public IServiceProvider Services => _app.Services;
    public ILivePubSub PubSub => Services.GetRequiredService<ILivePubSub>();
    internal RedisPubSub Backplane => Services.GetRequiredService<RedisPubSub>();

    /// <summary>
    /// Starts a server named <paramref name="name"/> on <paramref name="redis"/>. <paramref name="contentRoot"/> differs per
    /// server by default (as on separate machines), so Data Protection cannot fall back on a shared content root.
    /// </summary>
    public static async Task<BackplaneHost> StartAsync(string name, string redis, Action<RedisBackplaneOptions>? configure = null, string? contentRoot = null)
    {
        contentRoot ??= Directory.CreateTempSubdirectory($"lv-{name}-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(BackplaneHost).Assembly.GetName().Name,
            ContentRootPath = contentRoot,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new ConcurrentQueue<string>();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddProvider(CapturingLoggerProvider.Into(logs, LogLevel.Information, 2000));
        builder.Services.AddLiveView(o => o.NodeName = name).AddRedisBackplane(redis, o =>
        {
            o.RegisterMessageType<Note>("note");
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.MapLiveView<BoardView>("/board");
        var host = new BackplaneHost(app, name, logs);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BaseAddress = new Uri(address);
        return host;
    }

    /// <summary>Loads /board and returns the view token of its root.</summary>
    public async Task<string> TokenAsync(string path = "/board")
    {
        var html = await Http.GetStringAsync(new Uri(BaseAddress, path));
        return WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
    }

    /// <summary>Connects a raw hub client to this server and joins <paramref name="token"/>; the completion holds the view id or an error.</summary>
    public async Task<(SignalRJsonClient Client, System.Text.Json.Nodes.JsonObject Completion)> JoinAsync(string token)
    {
        var client = await SignalRJsonClient.ConnectAsync(HubUrl);
        return (client, await client.InvokeAsync("join", token));
    }

    /// <summary>Waits until this server's Redis subscription of <paramref name="topic"/> is confirmed.</summary>
    public Task WaitUntilSubscribedAsync(string topic, int timeoutMs = 10_000) =>
        Eventually.TrueAsync(() => Backplane.IsSubscribedInRedis(topic), timeoutMs, $"{Name} subscribed to {topic} in Redis");

    public bool Logged(string fragment) => Logs.Any(l => l.Contains(fragment, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [GeneratedRegex("data-lv-token=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>Polling waits with a clear failure message.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, int timeoutMs, string what)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline) throw new TimeoutException($"Timed out after {timeoutMs} ms waiting for: {what}");
            await Task.Delay(20);
        }
    }
}
