namespace LiveViews.BenchServer.Live;

/// <summary>
/// <see cref="CounterView"/> with its count persisted (<c>[PersistentState]</c>): every event saves it to the app's
/// distributed cache (Redis with <c>LV_REDIS</c>) before its reply, so the two side by side give the added latency.
/// </summary>
public sealed class PersistedCounterView : LiveView
{
    [PersistentState] public int Count { get; private set; }

    [LiveEvent] public void Increment() => Count++;
    [LiveEvent] public void Decrement() => Count--;
}
