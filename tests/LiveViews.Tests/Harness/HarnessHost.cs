using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LiveViews.Hosting;
using LiveViews.Tests.Live;

namespace LiveViews.Tests.Harness;

/// <summary>
/// The test views on an in-process <see cref="TestServer"/> (no socket), as users host their app for the harness:
/// /harness, /probe, /cards, /form, /upload (1 KiB chunks into a private temporary folder) and the Razor page /embed with
/// two views. <see cref="Clock"/> runs the server's timers and throttle windows.
/// </summary>
public sealed class HarnessHost : IAsyncLifetime
{
    private WebApplication? _app;

    public VirtualClock Clock { get; } = new();
    public TestServer Server => _app!.GetTestServer();
    public List<string> Logs { get; } = [];
    public string UploadDirectory { get; } = Path.Combine(Path.GetTempPath(), "lv-harness-uploads-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Bytes per upload chunk: a few-KiB file travels in several chunks, some in parallel.</summary>
    public const int ChunkBytes = 1024;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(HarnessHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddLiveView(o =>
        {
            o.TimeProvider = Clock;
            o.Uploads.TempDirectory = UploadDirectory;
            o.Uploads.ChunkBytes = ChunkBytes;
        });
        builder.Services.AddRazorPages();
        _app = builder.Build();
        _app.MapLiveView<HarnessView>("/harness");
        _app.MapLiveView<ProbeView>("/probe");
        _app.MapLiveView<CardsView>("/cards");
        _app.MapLiveView<FormProbeView>("/form");
        _app.MapLiveView<UploadProbeView>("/upload");
        _app.MapRazorPages();
        await _app.StartAsync();
    }

    /// <summary>Opens <paramref name="path"/> in a new harness page sharing <see cref="Clock"/> with the server.</summary>
    public Task<LivePage> MountAsync(string path, bool connect = true) =>
        LiveViewTest.MountAsync(Server, path, new LiveViewTestOptions { Clock = Clock, Connect = connect });

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        try { Directory.Delete(UploadDirectory, recursive: true); } catch (IOException) { }
    }
}
