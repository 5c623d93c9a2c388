using LiveViews.Testing.Protocol;

namespace LiveViews.Testing;

/// <summary>
/// Fault injection for one <see cref="LivePage"/>, to test optimistic paths deterministically: replies held and released
/// (in order or reordered), delayed on the virtual clock, the connection dropped and restored, upload chunks held. A failing handler needs no
/// injection: make the app's own handler fail (its validation, or a service replaced in the test host).
/// </summary>
/// <remarks>
/// A held or delayed reply has reached the page but is not applied: actions do not wait for it. Replies still held
/// when the connection drops are lost with it, as on a real network.
/// </remarks>
public sealed class LiveFaults
{
    private readonly LivePage _page;
    private readonly List<HeldReply> _held = [];
    private bool _holding;
    private TimeSpan _delay;
    private TaskCompletionSource _uploadGate = Open();

    private static TaskCompletionSource Open()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.TrySetResult();
        return gate;
    }

    internal LiveFaults(LivePage page) => _page = page;

    /// <summary>From now on, keep every reply from the page until <see cref="ReleaseAsync"/> or <see cref="ResumeRepliesAsync"/>.</summary>
    public void HoldReplies()
    {
        lock (_page.Sync) _holding = true;
    }

    /// <summary>Replies held or delayed, in arrival order.</summary>
    public IReadOnlyList<HeldReply> HeldReplies
    {
        get { lock (_page.Sync) return [.. _held]; }
    }

    /// <summary>
    /// Applies <paramref name="replies"/> in the order given (reordered replies make the page see a version gap and
    /// resync, as the browser does), or every held reply in arrival order when none is given; then waits until the page
    /// settles. Replies arriving later are still held.
    /// </summary>
    public Task ReleaseAsync(params HeldReply[] replies)
    {
        lock (_page.Sync)
        {
            var order = replies.Length == 0 ? [.. _held] : replies;
            foreach (var reply in order)
            {
                if (!_held.Remove(reply)) throw new InvalidOperationException($"{reply} is not held (already released, or lost with the connection).");
                Client.ClientTimers.Clear(reply.Delay);
                _page.Deliver(reply.ViewId, reply.Reply);
            }
        }
        _page.Pulse();
        return _page.SettleAsync();
    }

    /// <summary>Stops holding, applies every held reply in arrival order and waits until the page settles.</summary>
    public Task ResumeRepliesAsync()
    {
        lock (_page.Sync) _holding = false;
        return ReleaseAsync();
    }

    /// <summary>
    /// Delays every reply by <paramref name="delay"/> on the page's virtual clock (<see cref="LivePage.AdvanceAsync"/> delivers
    /// it); <see cref="TimeSpan.Zero"/> stops delaying. A delay past the reply timeout (10 s) shows the timeout's revert and
    /// then the late reply being applied.
    /// </summary>
    public void DelayReplies(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        lock (_page.Sync) _delay = delay;
    }

    /// <summary>
    /// Drops the connection as a network loss does and keeps the page offline: events in flight are reverted, flagged and
    /// reported in <see cref="LivePage.Errors"/> (never re-sent: the server may have run them); events made meanwhile wait in
    /// the outbox with their predictions applied. The server disposes the views of the connection.
    /// </summary>
    public Task DisconnectAsync() => _page.DropConnectionAsync();

    /// <summary>Reconnects, rejoins every view (the server mounts them afresh), sends the outbox in order and waits until the page settles.</summary>
    public Task ReconnectAsync() => _page.ReconnectAsync();

    /// <summary>
    /// From now on, chunks of uploads are not sent (a slow link): files stay at the bytes acknowledged so far, a submit of
    /// their form waits (its prediction, e.g. <c>lv-disable-with</c>, shows) and actions do not wait for them, until
    /// <see cref="ResumeUploadsAsync"/>. Preflights still go.
    /// </summary>
    public void HoldUploads()
    {
        lock (_page.Sync)
            if (_uploadGate.Task.IsCompleted) _uploadGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Sends the held chunks and every later one, then waits until the page settles (uploads done, held submits answered).</summary>
    public Task ResumeUploadsAsync()
    {
        lock (_page.Sync) _uploadGate.TrySetResult();
        _page.Pulse();
        return _page.SettleAsync();
    }

    /// <summary>True while <see cref="HoldUploads"/> holds chunks.</summary>
    internal bool UploadsHeld => !_uploadGate.Task.IsCompleted;

    /// <summary>Completes when chunks may be sent.</summary>
    internal Task UploadGate
    {
        get { lock (_page.Sync) return _uploadGate.Task; }
    }

    /// <summary>Called under the page's lock for each arriving reply: true when the injector keeps it.</summary>
    internal bool Intercept(string viewId, ClientReply reply, Client.ClientTimers timers)
    {
        if (!_holding && _delay == TimeSpan.Zero) return false;
        var held = new HeldReply(viewId, reply);
        _held.Add(held);
        if (!_holding)
            held.Delay = timers.Set(() =>
            {
                if (_held.Remove(held)) _page.Deliver(held.ViewId, held.Reply);
            }, _delay.TotalMilliseconds);
        return true;
    }

    /// <summary>True when a kept reply answers <paramref name="eventRef"/> of the view (its <c>r</c>, or an ack at or past it).</summary>
    internal bool Answers(string viewId, long eventRef) =>
        _held.Any(h => h.ViewId == viewId && (h.Ref == eventRef || h.Ack >= eventRef));

    /// <summary>True when a kept reply carries a full render for the view.</summary>
    internal bool HasFullRender(string viewId) => _held.Any(h => h.ViewId == viewId && h.IsFullRender);

    /// <summary>The connection dropped: what it had not delivered is lost.</summary>
    internal void ConnectionLost()
    {
        foreach (var held in _held) Client.ClientTimers.Clear(held.Delay);
        _held.Clear();
    }
}
