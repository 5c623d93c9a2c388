using System.Net;
using System.Net.WebSockets;
using LiveViews.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveViews.Testing.Transport;

/// <summary>
/// How the harness reaches an app in-process: HTTP requests through the <see cref="TestServer"/>'s handler (with the
/// test's cookies and headers, following redirects) and WebSockets through its WebSocket client.
/// </summary>
internal sealed class LiveHost(TestServer server, CookieContainer cookies, IReadOnlyDictionary<string, string> headers)
{
    public Uri BaseAddress => server.BaseAddress;

    /// <summary>The app's hub path (<see cref="LiveViewOptions.HubPath"/>).</summary>
    public string HubPath => server.Services.GetService<IOptions<LiveViewOptions>>()?.Value.HubPath ?? "/_lv/hub";

    /// <summary>An HTTP client for page requests: cookies kept, redirects followed, the test's headers sent.</summary>
    public HttpClient CreateHttpClient()
    {
        var client = new HttpClient(new RedirectHandler(7) { InnerHandler = new CookieContainerHandler(cookies) { InnerHandler = server.CreateHandler() } })
        {
            BaseAddress = server.BaseAddress,
        };
        foreach (var (name, value) in headers) client.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        return client;
    }

    public HttpMessageHandler CreateHandler() => new CookieContainerHandler(cookies) { InnerHandler = server.CreateHandler() };

    /// <summary>Opens a WebSocket to <paramref name="uri"/> with the test's cookies and headers on the upgrade request.</summary>
    public async ValueTask<WebSocket> ConnectWebSocketAsync(Uri uri, CancellationToken cancellation)
    {
        var client = server.CreateWebSocketClient();
        client.ConfigureRequest = request =>
        {
            var cookie = cookies.GetCookieHeader(new UriBuilder(uri) { Scheme = "http" }.Uri);
            if (cookie.Length > 0) request.Headers.Cookie = cookie;
            foreach (var (name, value) in headers) request.Headers[name] = value;
        };
        return await client.ConnectAsync(uri, cancellation);
    }
}
