namespace LiveViewApp.Live;

/// <summary>A counter. The buttons are optimistic: the number changes in the browser at once, and the server confirms it.</summary>
public sealed class CounterView : LiveView
{
    public int Count { get; private set; }

    public override string PageTitle => "Counter";

    [LiveEvent, Optimistic]
    public void Increment() => Count++;

    [LiveEvent, Optimistic]
    public void Decrement()
    {
        // A LiveViewException's message reaches the browser; the optimistic change is reverted there.
        if (Count == 0) throw new LiveViewException("The count cannot go below zero.");
        Count--;
    }
}
