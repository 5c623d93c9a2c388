namespace LiveViews.BenchServer.Live;

/// <summary>The counter of the comparison. Handlers are deliberately not [Optimistic]: the bench measures the round trip.</summary>
public sealed class CounterView : LiveView
{
    public int Count { get; private set; }

    [LiveEvent] public void Increment() => Count++;
    [LiveEvent] public void Decrement() => Count--;
}
