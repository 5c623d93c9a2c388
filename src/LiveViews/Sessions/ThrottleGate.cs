using LiveViews.Handlers;

namespace LiveViews.Sessions;

/// <summary>
/// Server-side enforcement of <see cref="ThrottleAttribute"/> for one handler of one view: at most one run per interval.
/// An event arriving inside the window is held; a newer one replaces it (the older ref counts as processed, coalesced),
/// and the held event runs when the window closes, so the latest value always arrives.
/// </summary>
internal sealed class ThrottleGate(HandlerDescriptor handler)
{
    /// <summary>The throttled handler.</summary>
    public HandlerDescriptor Handler { get; } = handler;

    private long _nextAllowedAt;

    /// <summary>The event waiting for the window to close, if any.</summary>
    public EventWork? Held { get; private set; }

    /// <summary>True when a flush is already scheduled for the held event.</summary>
    public bool FlushScheduled { get; set; }

    /// <summary>Milliseconds until the handler may run again (0 = now).</summary>
    public long Remaining(long nowMs) => Math.Max(0, _nextAllowedAt - nowMs);

    /// <summary>Records a run at <paramref name="nowMs"/>.</summary>
    public void MarkRun(long nowMs) => _nextAllowedAt = nowMs + Handler.ThrottleMs;

    /// <summary>Holds <paramref name="work"/>, returning the event it superseded (to be acknowledged without running).</summary>
    public EventWork? Hold(EventWork work)
    {
        var superseded = Held;
        Held = work;
        return superseded;
    }

    public EventWork? TakeHeld()
    {
        var held = Held;
        Held = null;
        FlushScheduled = false;
        return held;
    }
}
