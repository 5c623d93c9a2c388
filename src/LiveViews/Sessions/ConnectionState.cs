using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace LiveViews.Sessions;

/// <summary>Per-connection state kept in the hub's <c>Context.Items</c>: the mounted views and the event rate limiter.</summary>
internal sealed class ConnectionState(int eventsPerSecond, int burst) : IAsyncDisposable
{
    private int _nextId;

    public ConcurrentDictionary<string, ViewSession> Views { get; } = new(StringComparer.Ordinal);

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

    public string NextViewId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var view in Views.Values) await view.DisposeAsync();
        Views.Clear();
        EventLimiter.Dispose();
    }
}
