using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace LiveViews.Sessions;

/// <summary>Per-connection state kept in the hub's <c>Context.Items</c>: the mounted views and the event rate limiter.</summary>
/// <param name="eventsPerSecond">Sustained events per second the connection may send.</param>
/// <param name="burst">Events the connection may send at once.</param>
/// <param name="abort">Closes the connection from the server side; SignalR flushes what was already written first.</param>
internal sealed class ConnectionState(int eventsPerSecond, int burst, Action abort) : IAsyncDisposable
{
    // View ids are unique on this server, not only on one connection: a view re-attached to the page's next connection
    // (ViewRetention) keeps its id there without meeting another view's.
    private static long s_nextId;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentDictionary<string, ViewSession> Views { get; } = new(StringComparer.Ordinal);

    /// <summary>The main view and the live navigations of this connection.</summary>
    public Navigation.ConnectionNavigation Navigation { get; } = new();

    /// <summary>Token bucket bounding how fast one connection may send events, so it cannot starve others.</summary>
    public TokenBucketRateLimiter EventLimiter { get; } = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = burst,
        TokensPerPeriod = Math.Max(1, eventsPerSecond / 10),
        ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    /// <summary>Events refused by the rate limiter since the last accepted one (hub calls of a connection are sequential).</summary>
    public int RejectedInARow { get; set; }

    /// <summary>Set when the server decided to close the connection (it kept flooding): what it sends from then on is dropped unanswered.</summary>
    public bool Closing { get; set; }

    /// <summary>
    /// Completes when the connection's transport has finished, i.e. every reply written before the close has left the
    /// server (see <see cref="MarkClosed"/>).
    /// </summary>
    public Task Closed => _closed.Task;

    /// <summary>Closes the connection gracefully (the client reconnects and remounts).</summary>
    public void Abort() => abort();

    /// <summary>Whether <see cref="MarkClosed"/> is wired to the transport's end (WebSockets); otherwise the hub calls it at disconnect.</summary>
    public bool HasTransportSignal { get; set; }

    /// <summary>Called when the transport is done: after the WebSocket request completed, or at disconnect for other transports.</summary>
    public void MarkClosed() => _closed.TrySetResult();

    /// <summary>A view id unique on this server.</summary>
    public string NextViewId() => Interlocked.Increment(ref s_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Removes and returns every view of the connection (it closed: they are retained or disposed).</summary>
    public List<ViewSession> TakeViews()
    {
        var views = new List<ViewSession>(Views.Count);
        foreach (var id in Views.Keys)
            if (Views.TryRemove(id, out var view)) views.Add(view);
        return views;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var view in TakeViews()) await view.DisposeAsync();
        EventLimiter.Dispose();
    }
}
