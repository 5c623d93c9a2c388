using Microsoft.AspNetCore.SignalR;
using LiveViews.Diffing;
using LiveViews.Protocol;

namespace LiveViews.Sessions;

/// <summary>
/// Sends one view's <see cref="Reply"/>s. Every reply is sent under one lock that assigns the next version, so the client
/// sees versions 1, 2, 3… in order and can detect a gap. The reply's <c>a</c> (highest processed ref) only advances
/// through <see cref="MarkProcessed"/>: when an event has run, errored or been coalesced. While the view is detached from
/// its connection (<see cref="DetachAsync"/>) nothing is sent and the version stays; <see cref="AttachAsync"/> gives it a new one.
/// Stream rows are the exception: the server forgets them once rendered, so the stream ops of replies not sent while
/// detached are kept (at most <see cref="MaxMissedStreamOps"/>, oldest dropped) and handed to the re-attach.
/// </summary>
internal sealed class ReplySender(IClientProxy client, string viewId)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IClientProxy? _client = client;
    private long _version;
    private long _highestRef;
    private int _closed;
    private List<PatchOp>? _missedStreamOps;

    /// <summary>Stream ops kept while detached; past it the oldest are dropped (their rows are gone from the client's view of the stream).</summary>
    public const int MaxMissedStreamOps = 1000;

    /// <summary>Records <paramref name="eventRef"/> as processed (its effect, if any, is in the next reply).</summary>
    public void MarkProcessed(long eventRef)
    {
        long seen;
        while ((seen = Volatile.Read(ref _highestRef)) < eventRef && Interlocked.CompareExchange(ref _highestRef, eventRef, seen) != seen) { }
    }

    /// <summary>Sends nothing from now on (the view is disposed).</summary>
    public void Close() => Volatile.Write(ref _closed, 1);

    /// <summary>Sends nothing until <see cref="AttachAsync"/> (the connection dropped; the view waits for its client).</summary>
    public async Task DetachAsync()
    {
        await _lock.WaitAsync();
        _client = null;
        _lock.Release();
    }

    /// <summary>
    /// Sends to <paramref name="target"/> from now on; returns the version the client starts from (its next reply is that + 1)
    /// and the stream ops of the replies not sent while detached, oldest first (empty when none).
    /// </summary>
    public async Task<(long Version, IReadOnlyList<PatchOp> MissedStreamOps)> AttachAsync(IClientProxy target)
    {
        await _lock.WaitAsync();
        try
        {
            _client = target;
            var missed = (IReadOnlyList<PatchOp>?)_missedStreamOps ?? [];
            _missedStreamOps = null;
            return (_version, missed);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Completes when every reply queued before this call has been written (sends wait in order on one lock).</summary>
    public async Task FlushAsync()
    {
        await _lock.WaitAsync();
        _lock.Release();
    }

    /// <summary>Sends a reply answering <paramref name="eventRef"/> (0 for a server push) with the next version.</summary>
    public async Task SendAsync(long eventRef, IReadOnlyList<PatchOp> ops, string? error = null, PatchContent? html = null,
        IReadOnlyList<ComponentPatch>? components = null, IReadOnlyList<PushedEvent>? events = null, ClientEffects? effects = null)
    {
        if (Volatile.Read(ref _closed) != 0) return;
        await _lock.WaitAsync();
        try
        {
            if (_client is not { } target)
            {
                // Detached: the re-attach sends a full render, which holds everything but the stream rows.
                foreach (var op in ops)
                {
                    if (op.Code != PatchOpCode.Stream) continue;
                    _missedStreamOps ??= [];
                    if (_missedStreamOps.Count == MaxMissedStreamOps) _missedStreamOps.RemoveAt(0);
                    _missedStreamOps.Add(op);
                }
                return;
            }
            var reply = new Reply(eventRef, Volatile.Read(ref _highestRef), ++_version, ops, error, html, components, events, effects);
            await target.SendAsync(WireNames.Reply, viewId, reply);
        }
        finally
        {
            _lock.Release();
        }
    }
}
