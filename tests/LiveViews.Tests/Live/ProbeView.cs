namespace LiveViews.Tests.Live;

/// <summary>A view exercising the hub protocol in integration tests.</summary>
public sealed class ProbeView : LiveView
{
    public int Count { get; private set; }
    public string Title { get; private set; } = "untitled";
    public int Slides { get; private set; }
    public string Note { get; private set; } = "";
    public List<string> Items { get; } = ["a", "b", "c"];

    /// <summary>While true the template throws (a template bug that only some states reach).</summary>
    public bool TemplateFails { get; private set; }

    public override Task MountAsync(MountContext context)
    {
        Count = context.Params.TryGetValue("start", out var start) ? int.Parse(start) : 0;
        Note = context.Params.TryGetValue("note", out var note) ? note : "";
        Subscribe("probe");
        return Task.CompletedTask;
    }

    public override Task HandleInfoAsync(string topic, object message)
    {
        Items.Add((string)message);
        return Task.CompletedTask;
    }

    [LiveEvent] public void Add(int amount) => Count += amount;
    [LiveEvent] public void Rename(string title) => Title = title;
    [LiveEvent] public void Fail() => throw new InvalidOperationException("secret internal detail");
    [LiveEvent] public void Reject() => throw new LiveViewException("Not allowed");
    [LiveEvent] public void FailAfterChange() { Count += 100; throw new InvalidOperationException("midway"); }
    [LiveEvent] public async Task Slow(int ms) { await Task.Delay(ms); Count++; }
    [LiveEvent, Throttle(300)] public void Slide(int value) { Count = value; Slides++; }
    [LiveEvent] public Task Broadcast(string item) => PublishAsync("probe", item);
    [LiveEvent] public void BreakTemplate() { Count += 1000; TemplateFails = true; }
    [LiveEvent] public void FixTemplate() => TemplateFails = false;

    /// <summary>Public, but not a handler: must never be invocable.</summary>
    public void Reset() => Count = -999;
}
