using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiveViews.EndToEnd;

/// <summary>
/// The demo in-process, as an app's own tests host it for the harness: <see cref="WebApplicationFactory{TEntryPoint}"/> of
/// its Program, a fresh temporary SQLite file, and one virtual clock for the server's timers and throttle windows (pass
/// <see cref="Clock"/> to the pages).
/// </summary>
public sealed class DemoFactory : WebApplicationFactory<Program>
{
    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"lv-harness-{Guid.NewGuid():N}.db");

    public VirtualClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Demo:Database", DatabasePath);
        builder.ConfigureLogging(logging => logging.ClearProviders());
        builder.ConfigureServices(services => services.PostConfigure<LiveViews.Hosting.LiveViewOptions>(o => o.TimeProvider = Clock));
    }

    /// <summary>Opens <paramref name="path"/> as a new browser tab would, on the shared clock.</summary>
    public Task<LivePage> OpenAsync(string path) =>
        LiveViewTest.MountAsync(this, path, new LiveViewTestOptions { Clock = Clock });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(DatabasePath + suffix); } catch (IOException) { }
    }
}
