namespace LiveViews.Tests.Harness;

/// <summary>The virtual clock steps through due timers like a browser test's fake timers.</summary>
public sealed class VirtualClockTests
{
    [Fact]
    public void Advance_fires_each_timer_at_its_due_time_in_order_including_timers_started_on_the_way()
    {
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        var seen = new List<string>();
        long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
        using var late = clock.CreateTimer(_ => seen.Add($"300@{Now()}"), null, TimeSpan.FromMilliseconds(300), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ =>
        {
            seen.Add($"100@{Now()}");
            clock.CreateTimer(_ => seen.Add($"nested@{Now()}"), null, TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);
        }, null, TimeSpan.FromMilliseconds(100), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(["100@100", "nested@150", "300@300"], seen);
        Assert.Equal(1000, Now());
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public void Ties_fire_in_creation_order_periodic_timers_repeat_and_changed_or_disposed_timers_do_not_fire_stale()
    {
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        var seen = new List<string>();
        using var a = clock.CreateTimer(_ => seen.Add("a"), null, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);
        using var b = clock.CreateTimer(_ => seen.Add("b"), null, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);
        using var tick = clock.CreateTimer(_ => seen.Add("tick"), null, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20));
        var moved = clock.CreateTimer(_ => seen.Add("moved"), null, TimeSpan.FromMilliseconds(5), Timeout.InfiniteTimeSpan);
        moved.Change(TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);
        var gone = clock.CreateTimer(_ => seen.Add("gone"), null, TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
        gone.Dispose();
        clock.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Equal(["a", "b", "tick", "tick", "moved", "tick"], seen);
        Assert.False(gone.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public async Task Task_Delay_on_the_clock_completes_when_the_clock_reaches_it()
    {
        var clock = new VirtualClock();
        var delay = Task.Delay(TimeSpan.FromSeconds(5), clock);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void Elapsed_time_between_timestamps_is_exact_whatever_the_start()
    {
        // Timestamps count from the clock's start: absolute ticks (~6e17) would lose precision in TimeProvider's double math
        // and make equal millisecond times compare unequal (a throttle window that never closes).
        var clock = new VirtualClock(new DateTimeOffset(2031, 7, 9, 13, 14, 15, 123, TimeSpan.Zero));
        var start = clock.GetTimestamp();
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.FromMilliseconds(100), clock.GetElapsedTime(start));
        Assert.Equal(TimeSpan.FromMilliseconds(100).Ticks, clock.GetTimestamp());
    }
}
