using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveViews.Sessions;

/// <summary>
/// Every view mounted on this server (retained ones included). On shutdown it disposes the retained views, stops every
/// view's mailbox and lets the events in flight finish (within the host's shutdown timeout), saves their persisted state,
/// and then closes the connections; clients reconnect at once (to another server behind a load balancer) and remount
/// with that state.
/// </summary>
internal sealed class SessionTracker
{
    private readonly ConcurrentDictionary<ViewSession, byte> _sessions = new();
    private readonly ConcurrentDictionary<ConnectionState, byte> _connections = new();
    private readonly ILogger<SessionTracker> _logger;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ViewRetention _retention;

    public SessionTracker(ILogger<SessionTracker> logger, IHostApplicationLifetime lifetime, ViewRetention retention)
    {
        _logger = logger;
        _lifetime = lifetime;
        _retention = retention;
    }

    /// <summary>Longest the shutdown waits for events in flight.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Number of views currently mounted on connections.</summary>
    public int Count => _sessions.Count;

    /// <summary>The tracked sessions now, for tests.</summary>
    internal IEnumerable<ViewSession> Sessions => _sessions.Keys;

    public void Add(ViewSession session)
    {
        _sessions.TryAdd(session, 0);
        // Registered at the first mount, after SignalR registered its own "close every connection" callback:
        // cancellation callbacks run last-registered first, so views drain before their connections close.
        if (Interlocked.Exchange(ref _drainRegistered, 1) == 0)
            _lifetime.ApplicationStopping.Register(() => DrainAsync().Wait(DrainTimeout));
    }

    private int _drainRegistered;

    public void Remove(ViewSession session) => _sessions.TryRemove(session, out _);

    /// <summary>Tracks a connection that has mounted views, so shutdown can close it after its views drained.</summary>
    public void AddConnection(ConnectionState connection) => _connections.TryAdd(connection, 0);

    public void RemoveConnection(ConnectionState connection) => _connections.TryRemove(connection, out _);

    /// <summary>
    /// Disposes the retained views, stops every view's mailbox, waits for the work already queued (each view then saves its
    /// persisted state), then closes the connections from the server side
    /// and waits until their transports finished. Closing them here, rather than leaving it to SignalR's own shutdown
    /// (which cancels WebSocket sends outright), lets the replies of the drained events reach their clients.
    /// </summary>
    public async Task DrainAsync()
    {
        await _retention.CloseAsync(); // from now on a closing connection disposes its views
        var sessions = _sessions.Keys.ToArray();
        if (sessions.Length > 0)
        {
            _logger.LogInformation("Shutting down: draining {Count} live views", sessions.Length);
            await Task.WhenAll(sessions.Select(s => s.DrainAsync()));
        }
        var connections = _connections.Keys.ToArray();
        foreach (var connection in connections) connection.Abort();
        await Task.WhenAll(connections.Select(c => c.Closed));
    }
}
