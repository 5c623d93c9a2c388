using System.Diagnostics;

namespace LiveViews.Demo.Live;

/// <summary>
/// Live components and client hooks: two counter cards and a faulty one (each its own state and render scope), and a
/// clock a hook draws from the time the server pushes every second.
/// </summary>
public sealed class DashboardView : DemoView
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>How many times the clock was reset (the hook's button, through <c>pushEvent</c>).</summary>
    public int Resets { get; private set; }

    public override string PageTitle => "Dashboard";

    protected override Task OnMountAsync(MountContext context)
    {
        if (context.IsConnected) StartTimer(TimeSpan.FromSeconds(1), Tick);
        return Task.CompletedTask;
    }

    private Task Tick()
    {
        PushEvent("tick", new { seconds = (long)_clock.Elapsed.TotalSeconds });
        return Task.CompletedTask;
    }

    /// <summary>Restarts the clock; sent by the clock hook's button.</summary>
    [LiveEvent]
    public Task ResetClock()
    {
        Resets++;
        _clock.Restart();
        return Tick();
    }
}

/// <summary>A counter card: its own value and handler; clicking one re-renders that card alone.</summary>
public sealed class CounterCard : LiveComponent
{
    /// <summary>The card's heading (from the parent).</summary>
    public string Label { get; set; } = "";

    public int Value { get; private set; }

    [LiveEvent, Optimistic]
    public void Increment() => Value++;
}

/// <summary>A card whose button's handler throws: it keeps its last render, flagged, and the others keep working.</summary>
public sealed class FaultyCard : LiveComponent
{
    [LiveEvent]
    public void Boom() => throw new InvalidOperationException("This card's handler always fails (the error boundary demo).");
}
