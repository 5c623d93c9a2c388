using Microsoft.AspNetCore.SignalR;
using LiveViews.Diffing;
using LiveViews.Protocol;

namespace LiveViews.Sessions;

/// <summary>
/// Sends one view's <see cref="Reply"/>s. Every reply is sent under one lock that assigns the next version, so the client
/// sees versions 1, 2, 3… in order and can detect a gap. The reply's <c>a</c> (highest processed ref) only advances
/// through <see cref="MarkProcessed"/>: when an event has run, errored or been coalesced.
/// </summary>
internal sealed class ReplySender(IClientProxy client, string viewId)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private long _version;
    private long _highestRef;
    private int _closed;

    /// <summary>Records <paramref name="eventRef"/> as processed (its effect, if any, is in the next reply).</summary>
    public void MarkProcessed(long eventRef)
    {
        long seen;
        while ((seen = Volatile.Read(ref _highestRef)) < eventRef && Interlocked.CompareExchange(ref _highestRef, eventRef, seen) != seen) { }
    }

    /// <summary>Sends nothing from now on (the view is disposed).</summary>
    public void Close() => Volatile.Write(ref _closed, 1);

    /// <summary>Sends a reply answering <paramref name="eventRef"/> (0 for a server push) with the next version.</summary>
    public async Task SendAsync(long eventRef, IReadOnlyList<PatchOp> ops, string? error = null, PatchContent? html = null,
        IReadOnlyList<ComponentPatch>? components = null, IReadOnlyList<PushedEvent>? events = null, ClientEffects? effects = null)
    {
        if (Volatile.Read(ref _closed) != 0) return;
        await _lock.WaitAsync();
        try
        {
            var reply = new Reply(eventRef, Volatile.Read(ref _highestRef), ++_version, ops, error, html, components, events, effects);
            await client.SendAsync(WireNames.Reply, viewId, reply);
        }
        finally
        {
            _lock.Release();
        }
    }
}
