namespace LiveViews.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> that only moves when told to, for the harness's client (debounce, throttle, reply
/// timeouts, the outbox's age, error flags) and, through <see cref="LiveViewTest.WithLiveViewClock{TEntryPoint}"/>, the
/// server's timers and throttle windows. <see cref="Advance"/> works like a browser test's fake timers: it steps to each
/// due timer in turn (earliest first, ties in creation order), so a callback sees the time it was due at and a timer it
/// starts fires within the same advance when it falls due before the end.
/// </summary>
/// <remarks>
/// Microsoft.Extensions.TimeProvider.Testing's <c>FakeTimeProvider</c> jumps to the end first and then fires every due
/// timer at that time, skipping the timers those callbacks start, which would turn a debounce followed by its send, or
/// a throttle's trailing edge followed by its next window, into something no browser does. Thread-safe; callbacks run on
/// the thread that calls <see cref="Advance"/>.
/// </remarks>
public sealed class VirtualClock : TimeProvider
{
    private readonly object _lock = new();
    private readonly PriorityQueue<(Timer Timer, long Version), (long Due, long Seq)> _queue = new();
    private readonly long _origin;
    private long _now;
    private long _seq;

    /// <summary>A clock starting at <paramref name="start"/> (default: the real time now, to the millisecond).</summary>
    public VirtualClock(DateTimeOffset? start = null)
    {
        var at = start ?? DateTimeOffset.UtcNow;
        _origin = _now = at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond;
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _now), TimeSpan.Zero);

    /// <summary>Ticks since the clock's start (small, so conversions to other units stay exact).</summary>
    public override long GetTimestamp() => Interlocked.Read(ref _now) - _origin;

    /// <summary>Ticks per second of <see cref="GetTimestamp"/> (<see cref="TimeSpan.TicksPerSecond"/>).</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Timers waiting to fire (disposed and fired one-shot timers excluded).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_lock) return _queue.UnorderedItems.Count(i => i.Element.Timer.Version == i.Element.Version);
        }
    }

    /// <summary>
    /// Moves the clock forward by <paramref name="by"/> (≥ 0), firing each timer that falls due on the way at its due time.
    /// A timer due now (a zero due time) fires at the next call, even <c>Advance(TimeSpan.Zero)</c>.
    /// </summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        long end;
        lock (_lock) end = _now + by.Ticks;
        while (true)
        {
            Timer timer;
            lock (_lock)
            {
                if (!TryTakeDue(end, out timer, out var due))
                {
                    Interlocked.Exchange(ref _now, end);
                    return;
                }
                Interlocked.Exchange(ref _now, Math.Max(_now, due));
                timer.Fired(due);
            }
            timer.Invoke();
        }
    }

    private bool TryTakeDue(long end, out Timer timer, out long due)
    {
        while (_queue.TryPeek(out var item, out var key))
        {
            if (item.Timer.Version != item.Version) { _queue.Dequeue(); continue; }
            if (key.Due > end) break;
            _queue.Dequeue();
            timer = item.Timer;
            due = key.Due;
            return true;
        }
        timer = null!;
        due = 0;
        return false;
    }

    private void Schedule(Timer timer, long due)
    {
        // callers hold _lock
        _queue.Enqueue((timer, timer.Version), (due, ++_seq));
    }

    /// <summary>One timer of the clock; <see cref="Change"/> and <see cref="Dispose"/> invalidate what was scheduled.</summary>
    private sealed class Timer(VirtualClock clock, TimerCallback callback, object? state) : ITimer
    {
        private long _period = -1;
        private bool _disposed;

        /// <summary>Bumped by every change, so stale queue entries are skipped.</summary>
        public long Version { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                if (_disposed) return false;
                Version++;
                _period = period == global::System.Threading.Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? -1 : period.Ticks;
                if (dueTime != global::System.Threading.Timeout.InfiniteTimeSpan)
                    clock.Schedule(this, clock._now + Math.Max(0, dueTime.Ticks));
                return true;
            }
        }

        /// <summary>Called under the clock's lock when taken from the queue: a periodic timer is scheduled again.</summary>
        public void Fired(long due)
        {
            if (_period > 0) clock.Schedule(this, due + _period);
            else Version++;
        }

        public void Invoke() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
            {
                _disposed = true;
                Version++;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
