namespace LiveViews.Tests.Live;

/// <summary>A task row: immutable, the memo key of its row and the parameter of its editor component.</summary>
public sealed record CardTask(int Id, string Title);

/// <summary>
/// A view exercising live components: two counter cards, a faulty card, a list of rows whose editor is a component
/// inside a memoized segment, and a panel component that nests a child component.
/// </summary>
public sealed class CardsView : LiveView
{
    public int Renders { get; private set; }
    public string Heading { get; private set; } = "cards";
    public int Step { get; private set; } = 1;
    public bool ShowB { get; private set; } = true;
    public List<CardTask> Tasks { get; } = [new(1, "one"), new(2, "two"), new(3, "three")];
    public bool Nested { get; private set; }
    public string Ignored { get; private set; } = "server";

    /// <summary>Counts the view template's renders; writes nothing.</summary>
    public string CountRender()
    {
        Renders++;
        return "";
    }

    [LiveEvent] public void Retitle(string heading) => Heading = heading;
    [LiveEvent] public void SetStep(int step) => Step = step;
    [LiveEvent] public void HideB() => ShowB = false;
    [LiveEvent] public void Rename(int id, string title) => Tasks[Tasks.FindIndex(t => t.Id == id)] = new CardTask(id, title);
    [LiveEvent] public void NestTwice() => Nested = true;
    [LiveEvent] public void Push(string text) => PushEvent("note", new { text });
    [LiveEvent] public void Reset(string id) => SendUpdate<CounterCard>(id, new { Step, Value = 0 });
    [LiveEvent] public void Retag(string text) => Ignored = text;
}

/// <summary>A counter card: its own state (<see cref="Value"/>) and handlers; <see cref="Step"/> comes from the parent.</summary>
public sealed class CounterCard : LiveComponent, IDisposable
{
    public static int Disposed;
    public int Step { get; set; } = 1;
    public int Value { get; set; }
    public int Mounts { get; private set; }
    public int Updates { get; private set; }
    public int Renders { get; private set; }

    public override Task MountAsync(ComponentMountContext context)
    {
        Mounts++;
        return Task.CompletedTask;
    }

    public override Task UpdateAsync(IReadOnlyDictionary<string, object?> parameters)
    {
        Updates++;
        return base.UpdateAsync(parameters);
    }

    public string CountRender()
    {
        Renders++;
        return "";
    }

    [LiveEvent, Optimistic] public void Increment() => Value += Step;
    [LiveEvent] public void Reject() => throw new LiveViewException("Not now");
    [LiveEvent] public void Announce() => PushEvent("card", new { Id, Value });

    public void Dispose() => Interlocked.Increment(ref Disposed);
}

/// <summary>A card whose handler and (on demand) template throw: the error boundary.</summary>
public sealed class FaultyCard : LiveComponent
{
    public bool BreakTemplate { get; private set; }
    public int Clicks { get; private set; }

    [LiveEvent] public void Boom() { Clicks++; throw new InvalidOperationException("card failure: secret detail"); }
    [LiveEvent] public void BreakIt() { Clicks++; BreakTemplate = true; }
    [LiveEvent] public void FixIt() => BreakTemplate = false;
}

/// <summary>A row editor inside a memoized segment: opens and closes on its own events.</summary>
public sealed class RowEditor : LiveComponent
{
    public CardTask Task { get; set; } = new(0, "");
    public bool Editing { get; private set; }
    public int Renders { get; private set; }

    public string CountRender()
    {
        Renders++;
        return "";
    }

    [LiveEvent] public void Edit() => Editing = true;
    [LiveEvent] public void Close() => Editing = false;
}

/// <summary>A panel that renders a child component: nesting.</summary>
public sealed class Panel : LiveComponent
{
    public string Label { get; set; } = "";
    public bool Twice { get; set; }
    public int Opened { get; private set; }

    [LiveEvent] public void Open() => Opened++;
}
