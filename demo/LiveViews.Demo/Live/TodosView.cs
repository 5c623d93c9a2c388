using LiveViews.Demo.Data;

namespace LiveViews.Demo.Live;

/// <summary>Which to-dos the list shows (<c>?filter=all|active|done</c>).</summary>
public enum TodoFilter
{
    All,
    Active,
    Done,
}

/// <summary>
/// A shared to-do list (SQLite, or PostgreSQL in a cluster): every open tab sees every change live (pub/sub topic
/// <c>todos</c>, across servers with the Redis backplane). The filter lives in the URL (<c>/todos?filter=done</c>),
/// switched by <c>lv-patch</c> links: reload and back/forward keep it.
/// </summary>
public sealed class TodosView(ITodoStore store) : DemoView
{
    /// <summary>The pub/sub topic of to-do changes.</summary>
    public const string Topic = "todos";

    public IReadOnlyList<Todo> Todos { get; private set; } = [];
    public TodoFilter Filter { get; private set; }
    public IEnumerable<Todo> Visible => Todos.Where(t => Filter switch { TodoFilter.Active => !t.Done, TodoFilter.Done => t.Done, _ => true });
    public int Remaining => Todos.Count(t => !t.Done);
    public int Completed => Todos.Count - Remaining;

    public override string PageTitle => "To-dos";

    /// <summary>Where the list is stored (shown on the page).</summary>
    public string Engine => store.Engine;

    protected override Task OnMountAsync(MountContext context)
    {
        Subscribe(Topic);
        Reload();
        return Task.CompletedTask;
    }

    protected override Task OnParamsAsync(LiveParams parameters)
    {
        Filter = parameters.Get("filter", TodoFilter.All);
        return Task.CompletedTask;
    }

    /// <summary>The link to <paramref name="filter"/>, keeping the URL's other parameters.</summary>
    public string FilterUrl(TodoFilter filter) => Location.With("filter", filter.ToString().ToLowerInvariant());

    public override Task HandleInfoAsync(string topic, object message)
    {
        if (topic == Topic) Reload();
        return Task.CompletedTask;
    }

    [LiveEvent]
    public async Task Add(string? title)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new LiveViewException("Please enter a title");
        try { store.Add(title); }
        catch (ArgumentException e) { throw new LiveViewException(e.Message); }
        await ChangedAsync();
    }

    [LiveEvent, Optimistic]
    public async Task Toggle(long id, bool @checked)
    {
        if (!store.SetDone(id, @checked)) throw new LiveViewException("That to-do no longer exists");
        await ChangedAsync();
    }

    [LiveEvent]
    public async Task Delete(long id)
    {
        var deleted = Todos.FirstOrDefault(t => t.Id == id);
        store.Delete(id); // already gone (deleted in another tab) is fine
        await ChangedAsync();
        // The last one still to do (or the very last one) is gone: back to the whole list, and say so there.
        if (deleted is not null && Remaining == 0 && (!deleted.Done || Todos.Count == 0))
        {
            PutFlash(LiveFlash.Info, Todos.Count == 0 ? "Deleted the last to-do: nothing left to do." : "Deleted the last open to-do: all done.");
            Navigate("/todos?filter=all");
        }
    }

    [LiveEvent]
    public async Task ClearCompleted()
    {
        var cleared = store.ClearCompleted();
        await ChangedAsync();
        PutFlash(LiveFlash.Info, $"Cleared {cleared} completed");
    }

    private async Task ChangedAsync()
    {
        Reload();
        await PublishAsync(Topic, "changed");
    }

    private void Reload() => Todos = store.All();
}
