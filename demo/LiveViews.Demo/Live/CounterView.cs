namespace LiveViews.Demo.Live;

/// <summary>A counter with optimistic buttons; it refuses to go below zero.</summary>
public sealed class CounterView : DemoView
{
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
