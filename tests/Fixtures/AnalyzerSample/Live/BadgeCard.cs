namespace AnalyzerSample;

/// <summary>A live component: events inside its template go to its own handlers.</summary>
public sealed class BadgeCard : LiveComponent
{
    public int Count { get; private set; }
    [LiveEvent] public void Bump() => Count++;
    [LiveEvent] public void Set(int count) => Count = count;
}
