namespace LiveViews.Tests.Live;

/// <summary>A view exercising what the test harness reproduces of the browser client: every binding, optimistic, debounce, throttle, timers.</summary>
public sealed class HarnessView : LiveView
{
    public int Count { get; private set; } = 5;
    public List<(int Id, string Title, bool Done)> Todos { get; } = [(1, "milk", false), (2, "eggs", true)];
    public string Query { get; private set; } = "";
    public int Searches { get; private set; }
    public int Volume { get; private set; } = 30;
    public int Slides { get; private set; }
    public string Name { get; private set; } = "ada";
    public string Size { get; private set; } = "m";
    public string Color { get; private set; } = "red";
    public string LastKey { get; private set; } = "";
    public string Focus { get; private set; } = "";
    public int Ticks { get; private set; }
    public string Notes { get; private set; } = "";
    public string[] Tags { get; private set; } = [];

    public override Task MountAsync(MountContext context)
    {
        if (context.IsConnected && context.Params.ContainsKey("timer")) StartTimer(TimeSpan.FromSeconds(1), () => { Ticks++; return Task.CompletedTask; });
        return Task.CompletedTask;
    }

    [LiveEvent, Optimistic] public void Increment() => Count++;

    [LiveEvent, Optimistic]
    public void Decrement()
    {
        if (Count <= 0) throw new LiveViewException("Count cannot be negative");
        Count--;
    }

    [LiveEvent, Optimistic]
    public void Toggle(int id, bool @checked)
    {
        var i = Todos.FindIndex(t => t.Id == id);
        if (i < 0) throw new LiveViewException("No such to-do");
        Todos[i] = Todos[i] with { Done = @checked };
    }

    [LiveEvent]
    public void Add(string title, bool urgent = false)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new LiveViewException("Please enter a title");
        Todos.Add((Todos.Count == 0 ? 1 : Todos.Max(t => t.Id) + 1, urgent ? title.ToUpperInvariant() : title, false));
    }

    [LiveEvent, Debounce(300)]
    public void Search(string value)
    {
        Searches++;
        Query = value;
    }

    [LiveEvent, Optimistic, Throttle(100)]
    public void SetVolume(int value)
    {
        Slides++;
        Volume = value;
    }

    [LiveEvent, Optimistic] public void Rename(string value) => Name = value.Trim();
    [LiveEvent] public void Resize(string value) => Size = value;
    [LiveEvent] public void Paint(string color) => Color = color;
    [LiveEvent] public void Key(string key, string value) => LastKey = key + ":" + value;
    [LiveEvent] public void Focused() => Focus = "in";
    [LiveEvent] public void Blurred() => Focus = "out";
    [LiveEvent] public void Note(string notes, string[]? tags = null) { Notes = notes; Tags = tags ?? []; }
    [LiveEvent] public void Ping(string text) => PushEvent("pong", new { text, count = Count });
}
