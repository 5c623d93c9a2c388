using System.Net;
using LiveViews.Hosting;
using LiveViews.Testing.Transport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LiveViews.Testing;

/// <summary>
/// Entry points of the harness: load a page of an app hosted in-process and join its live views over the real hub
/// protocol (SignalR over the test server's WebSocket), driven like a browser tab.
/// </summary>
/// <example>
/// <code>
/// await using var factory = new WebApplicationFactory&lt;Program&gt;();
/// await using var live = await LiveViewTest.MountAsync(factory, "/counter");
/// await live.ClickAsync("#increment");
/// Assert.Equal("6", live.Find("#count").TextContent);
/// </code>
/// </example>
public static class LiveViewTest
{
    /// <summary>
    /// Loads <paramref name="path"/> (GET, following redirects) from the factory's app and joins its live views. Throws
    /// <see cref="LiveViewTestException"/> when the page fails, has no live view, or a join is refused.
    /// </summary>
    public static Task<LivePage> MountAsync<TEntryPoint>(WebApplicationFactory<TEntryPoint> factory, string path, LiveViewTestOptions? options = null)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        return MountAsync(factory.Server, path, options);
    }

    /// <summary>Loads <paramref name="path"/> from an app on a <see cref="TestServer"/> (e.g. <c>app.GetTestServer()</c> after <c>builder.WebHost.UseTestServer()</c>) and joins its live views.</summary>
    public static Task<LivePage> MountAsync(TestServer server, string path, LiveViewTestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        options ??= new LiveViewTestOptions();
        var host = new LiveHost(server, options.Cookies ?? new CookieContainer(), new Dictionary<string, string>(options.Headers));
        return LivePage.OpenAsync(host, path, options);
    }

    /// <summary>
    /// A factory whose app runs its live views' server timers (<c>StartTimer</c>) and <c>[Throttle]</c> windows on
    /// <paramref name="clock"/> (<see cref="LiveViewOptions.TimeProvider"/>); pass the same clock in
    /// <see cref="LiveViewTestOptions.Clock"/> so the page and the server move together.
    /// </summary>
    public static WebApplicationFactory<TEntryPoint> WithLiveViewClock<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, VirtualClock clock)
        where TEntryPoint : class =>
        factory.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.PostConfigure<LiveViewOptions>(options => options.TimeProvider = clock)));
}
