using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LiveViews.Hosting;

namespace LiveViews.Sessions;

/// <summary>
/// Views whose connection dropped, kept alive for <see cref="LiveViewOptions.ReconnectRetention"/> so the page can
/// re-attach to the same instance when it reconnects to this server (its state and subscriptions intact, no remount).
/// A detached view keeps running its mailbox: pub/sub messages and timers still update it, nothing is sent. Bounded by
/// <see cref="LiveViewOptions.MaxRetainedViews"/>: past it the longest-retained view is disposed. Retained views stay
/// in <see cref="SessionTracker.Count"/>. Every hand-over happens under one lock, so a view is either taken back by a
/// rejoin or disposed by its expiry, eviction or shutdown, never both.
/// </summary>
internal sealed class ViewRetention
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Entry> _byKey = new(StringComparer.Ordinal);
    // At most one view per page (token nonce): the page only knows the key of the instance it had last.
    private readonly Dictionary<string, Entry> _byNonce = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _oldestFirst = new();
    private readonly LiveViewOptions _options;
    private readonly ILogger<ViewRetention> _logger;
    private bool _closed;

    public ViewRetention(IOptions<LiveViewOptions> options, ILogger<ViewRetention> logger)
    {
        _options = options.Value;
        _logger = logger;
    }

    private sealed class Entry(ViewSession session)
    {
        public ViewSession Session { get; } = session;
        public LinkedListNode<Entry>? Node { get; set; }
        public ITimer? Expiry { get; set; }
    }

    /// <summary>Whether views are retained at all (a positive window and bound, and not shutting down).</summary>
    public bool Enabled => _options.ReconnectRetention > TimeSpan.Zero && _options.MaxRetainedViews > 0 && !Volatile.Read(ref _closed);

    /// <summary>Views retained now.</summary>
    public int Count
    {
        get { lock (_lock) return _byKey.Count; }
    }

    /// <summary>The views retained now, oldest first (a snapshot, for diagnostics and tests).</summary>
    public ViewSession[] Snapshot()
    {
        lock (_lock) return _oldestFirst.Select(e => e.Session).ToArray();
    }

    /// <summary>
    /// Keeps <paramref name="session"/> (already detached from its connection) until its window ends or a rejoin takes it;
    /// disposes it at once when retention is off or closed. Disposes the oldest retained views past the bound.
    /// </summary>
    public async Task RetainAsync(ViewSession session)
    {
        List<ViewSession> evicted = [];
        var entry = new Entry(session);
        lock (_lock)
        {
            if (Enabled)
            {
                if (_byNonce.TryGetValue(session.TokenNonce, out var previous))
                {
                    RemoveLocked(previous);
                    evicted.Add(previous.Session);
                }
                _byKey[session.ResumeKey] = entry;
                _byNonce[session.TokenNonce] = entry;
                entry.Node = _oldestFirst.AddLast(entry);
                entry.Expiry = _options.TimeProvider.CreateTimer(static state =>
                {
                    var (retention, expired) = ((ViewRetention, Entry))state!;
                    retention.Expire(expired);
                }, (this, entry), _options.ReconnectRetention, Timeout.InfiniteTimeSpan);
                while (_byKey.Count > _options.MaxRetainedViews && _oldestFirst.First is { } oldest)
                {
                    RemoveLocked(oldest.Value);
                    evicted.Add(oldest.Value.Session);
                }
            }
            else evicted.Add(session);
        }
        if (evicted.Count > 1 || (evicted.Count == 1 && !ReferenceEquals(evicted[0], session) && evicted[0].TokenNonce != session.TokenNonce))
            _logger.LogWarning("{Count} retained views disposed: more than MaxRetainedViews ({Max}) waiting for their clients", evicted.Count, _options.MaxRetainedViews);
        foreach (var view in evicted) await view.DisposeAsync();
    }

    /// <summary>
    /// Takes back the view retained under <paramref name="resumeKey"/> when it was joined with the token of nonce
    /// <paramref name="nonce"/>, by user <paramref name="userId"/>, and is of <paramref name="viewType"/>; null otherwise (a
    /// mismatch leaves it retained). The caller owns the view from now on.
    /// </summary>
    public ViewSession? TryTake(string resumeKey, string nonce, string? userId, Type viewType)
    {
        lock (_lock)
        {
            if (!_byKey.TryGetValue(resumeKey, out var entry)) return null;
            var session = entry.Session;
            if (session.TokenNonce != nonce || !string.Equals(session.UserId, userId, StringComparison.Ordinal) || session.ViewType != viewType)
            {
                _logger.LogWarning("A rejoin presented the resume key of a retained {View} with another token or user; refused", session.ViewType.Name);
                return null;
            }
            RemoveLocked(entry);
            return session;
        }
    }

    /// <summary>Disposes the view retained for token nonce <paramref name="nonce"/> of <paramref name="userId"/>, if any: the page mounted afresh, it can never be taken back.</summary>
    public async Task DiscardAsync(string nonce, string? userId)
    {
        ViewSession discarded;
        lock (_lock)
        {
            if (!_byNonce.TryGetValue(nonce, out var entry) || !string.Equals(entry.Session.UserId, userId, StringComparison.Ordinal)) return;
            RemoveLocked(entry);
            discarded = entry.Session;
        }
        await discarded.DisposeAsync();
    }

    /// <summary>Retains nothing from now on and disposes every retained view (graceful shutdown; each persists its state as it is disposed).</summary>
    public async Task CloseAsync()
    {
        List<ViewSession> all;
        lock (_lock)
        {
            _closed = true;
            all = _oldestFirst.Select(e => e.Session).ToList();
            foreach (var entry in _oldestFirst.ToList()) RemoveLocked(entry);
        }
        if (all.Count > 0) _logger.LogInformation("Shutting down: disposing {Count} retained views", all.Count);
        await Task.WhenAll(all.Select(v => v.DisposeAsync().AsTask()));
    }

    private void Expire(Entry entry)
    {
        lock (_lock)
        {
            if (entry.Node is null) return; // taken back, evicted or closed meanwhile
            RemoveLocked(entry);
        }
        _ = DisposeLoggedAsync(entry.Session);
    }

    private async Task DisposeLoggedAsync(ViewSession session)
    {
        try { await session.DisposeAsync(); }
        catch (Exception ex) { _logger.LogError(ex, "Disposing retained view {View} failed", session.ViewType.Name); }
    }

    private void RemoveLocked(Entry entry)
    {
        if (entry.Node is null) return;
        _byKey.Remove(entry.Session.ResumeKey);
        if (_byNonce.TryGetValue(entry.Session.TokenNonce, out var current) && ReferenceEquals(current, entry)) _byNonce.Remove(entry.Session.TokenNonce);
        _oldestFirst.Remove(entry.Node);
        entry.Node = null;
        entry.Expiry?.Dispose();
    }
}
