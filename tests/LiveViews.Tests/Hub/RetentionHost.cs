using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using LiveViews.Hosting;
using LiveViews.Tests.Hardening;
using LiveViews.Tests.Live;

namespace LiveViews.Tests.Hub;

/// <summary>
/// <see cref="KeptView"/> at /kept on a real server with a virtual clock (retention windows and state lifetimes run on it),
/// at most <see cref="MaxRetained"/> retained views, users from the <c>X-Test-User</c> header, and an in-memory
/// distributed cache whose writes a test can hold (<see cref="GatedCache"/>).
/// </summary>
public sealed class RetentionHost : LiveTestHost
{
    public const int MaxRetained = 4;

    public VirtualClock Clock { get; } = new();
    public GatedCache Cache { get; } = new();

    public override void Configure(LiveViewOptions options)
    {
        options.TimeProvider = Clock;
        options.MaxRetainedViews = MaxRetained;
        options.MaxPersistentStateBytes = 1024;
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IDistributedCache>(Cache);
        services.AddAuthentication(HeaderAuthHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthHandler>(HeaderAuthHandler.SchemeName, null);
    }

    protected override void ConfigureApp(WebApplication app)
    {
        app.UseAuthentication();
        app.MapLiveView<KeptView>("/kept");
    }

    /// <summary>Loads /kept as <paramref name="user"/> (anonymous when null).</summary>
    public async Task<KeptPage> OpenAsync(string? user = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, "/kept"));
        if (user is not null) request.Headers.Add("X-Test-User", user);
        var html = await (await Http.SendAsync(request)).EnsureSuccessStatusCode().Content.ReadAsStringAsync();
        return new KeptPage(this, TokensIn(html).First(), user);
    }
}

/// <summary>An in-memory <see cref="IDistributedCache"/> that counts writes and can hold them until released.</summary>
public sealed class GatedCache : IDistributedCache
{
    private readonly MemoryDistributedCache _inner = new(Options.Create(new MemoryDistributedCacheOptions()));
    private TaskCompletionSource? _gate;

    /// <summary>Completes when a write is waiting at the held gate.</summary>
    public TaskCompletionSource WriteWaiting { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public int Writes;

    /// <summary>Holds every write from now on until <see cref="Release"/>.</summary>
    public void Hold()
    {
        WriteWaiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release() => _gate?.TrySetResult();

    public byte[]? Get(string key) => _inner.Get(key);
    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => _inner.GetAsync(key, token);
    public void Refresh(string key) => _inner.Refresh(key);
    public Task RefreshAsync(string key, CancellationToken token = default) => _inner.RefreshAsync(key, token);
    public void Remove(string key) => _inner.Remove(key);
    public Task RemoveAsync(string key, CancellationToken token = default) => _inner.RemoveAsync(key, token);
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => _inner.Set(key, value, options);

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        if (_gate is { } gate)
        {
            WriteWaiting.TrySetResult();
            await gate.Task;
        }
        await _inner.SetAsync(key, value, options, token);
        Interlocked.Increment(ref Writes);
    }
}
