namespace LiveViews.Testing.Client;

/// <summary>
/// <c>setTimeout</c>/<c>clearTimeout</c>/<c>Date.now</c> of the harness's client, on a <see cref="TimeProvider"/> (the page's
/// virtual clock by default). Callbacks run through <paramref name="run"/>, which serializes them with everything else the
/// client does.
/// </summary>
internal sealed class ClientTimers(TimeProvider clock, Action<Action> run)
{
    public TimeProvider Clock { get; } = clock;

    /// <summary>Milliseconds since the Unix epoch on the clock.</summary>
    public double Now => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Calls <paramref name="callback"/> once after <paramref name="ms"/> milliseconds (at least 1 ms, as browsers clamp 0).</summary>
    public Timeout Set(Action callback, double ms)
    {
        var timeout = new Timeout();
        timeout.Timer = Clock.CreateTimer(_ => run(() =>
        {
            if (timeout.Cancelled) return;
            timeout.Cancelled = true;
            callback();
        }), null, TimeSpan.FromMilliseconds(Math.Max(1, ms)), System.Threading.Timeout.InfiniteTimeSpan);
        return timeout;
    }

    /// <summary>Cancels <paramref name="timeout"/> (null and fired ones are ignored).</summary>
    public static void Clear(Timeout? timeout)
    {
        if (timeout is null) return;
        timeout.Cancelled = true;
        timeout.Timer?.Dispose();
    }

    /// <summary>A pending <see cref="Set"/>.</summary>
    public sealed class Timeout
    {
        internal ITimer? Timer;
        internal bool Cancelled;
    }
}
