namespace AnalyzerSample;

public record Filter(string Text, int Page);

public sealed class MistakesView : LiveView
{
    public int Count { get; private set; }

    [LiveEvent] public void Increment() => Count++;

    [LiveEvent] public void Add(string? title) { }

    [LiveEvent] public void Delete(long id) { }

    [LiveEvent] public void Rename(long id, string? value) { }

    [LiveEvent(Name = "save")] public void SaveAll() { }

    public void Reset() => Count = 0;

    [LiveEvent] private void Secret() { }

    [LiveEvent] public static void Shared() { }

    internal void UseSecret() => Secret();
}
