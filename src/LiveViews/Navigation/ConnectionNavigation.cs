namespace LiveViews.Navigation;

/// <summary>
/// The navigation state of one connection: its main view (the routed view the page shows, which a navigation replaces),
/// the newest navigation the client asked for (the last one wins: an older one still mounting is discarded), and the
/// lock under which a navigation swaps the main view, so two never interleave.
/// </summary>
internal sealed class ConnectionNavigation
{
    private long _latest;

    /// <summary>Held while a navigation swaps the main view, and by the connection's close.</summary>
    public SemaphoreSlim Swap { get; } = new(1, 1);

    /// <summary>The routed view the page shows, or null (none joined yet, or an embedding page). Changed under <see cref="Swap"/> or by a join.</summary>
    public Sessions.ViewSession? Main { get; set; }

    /// <summary>The connection is closing: navigations still mounting dispose what they mounted. Set under <see cref="Swap"/>.</summary>
    public bool Closed { get; private set; }

    /// <summary>Records navigation <paramref name="seq"/> as the newest; false when a newer or the same one was already asked for (a stale or repeated message).</summary>
    public bool TryBegin(long seq)
    {
        long seen;
        while ((seen = Volatile.Read(ref _latest)) < seq)
            if (Interlocked.CompareExchange(ref _latest, seq, seen) == seen) return true;
        return false;
    }

    /// <summary>True while no newer navigation than <paramref name="seq"/> was asked for.</summary>
    public bool IsLatest(long seq) => Volatile.Read(ref _latest) == seq;

    /// <summary>Waits for a swap in progress, then marks the connection closed.</summary>
    public async Task CloseAsync()
    {
        await Swap.WaitAsync();
        Closed = true;
        Swap.Release();
    }
}
