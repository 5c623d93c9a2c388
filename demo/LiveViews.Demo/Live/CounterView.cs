namespace LiveViews.Demo.Live;

/// <summary>
/// A counter with optimistic buttons; it refuses to go below zero. Its value is persisted: a reconnect to another
/// server, or a deploy, keeps it (in Redis on the demo cluster, in memory otherwise).
/// </summary>
public sealed class CounterView : DemoView
{
    [PersistentState]
    public int Count { get; private set; }

    public override string PageTitle => "Counter";

    protected override Task OnMountAsync(MountContext context)
    {
        Count = 5;
        return Task.CompletedTask;
    }

    [LiveEvent, Optimistic]
    public void Increment() => Count++;

    [LiveEvent, Optimistic]
    public void Decrement()
    {
        if (Count <= 0) throw new LiveViewException("Count cannot be negative");
        Count--;
    }

    [LiveEvent]
    public void Reset() => Count = 0;
}
