using System.Net;

namespace LiveViews.Testing;

/// <summary>Options of <see cref="LiveViewTest.MountAsync(Microsoft.AspNetCore.TestHost.TestServer, string, LiveViewTestOptions?)"/>.</summary>
public sealed class LiveViewTestOptions
{
    /// <summary>
    /// The clock of the page's client (debounce, throttle, reply timeouts, outbox age, error flags). Default: a new
    /// <see cref="VirtualClock"/> per page. Pass the clock given to <see cref="LiveViewTest.WithLiveViewClock{TEntryPoint}"/>
    /// to move the server's timers and throttle windows with it, or one clock to several pages.
    /// </summary>
    public VirtualClock? Clock { get; set; }

    /// <summary>Join the page's views after loading it (default true). False leaves them connecting: events go to the outbox until <see cref="LivePage.ConnectAsync"/>.</summary>
    public bool Connect { get; set; } = true;

    /// <summary>How long (real time) an action waits for the server to answer what it sent before it throws <see cref="TimeoutException"/>. Default 10 s.</summary>
    public TimeSpan ReplyWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Headers sent with the page request and the hub connection (e.g. an <c>Authorization</c> header of a test scheme).</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Cookies sent with the page request and the hub connection, and kept from responses (a login's cookie). Default: a new container per page.</summary>
    public CookieContainer? Cookies { get; set; }
}
