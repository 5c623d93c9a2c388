using LiveViews.Demo.Data;

namespace LiveViews.Demo.Live;

/// <summary>A shared to-do list in SQLite: every open tab sees every change live (pub/sub topic <c>todos</c>).</summary>
public sealed class TodosView(TodoStore store) : DemoView
{
    /// <summary>The pub/sub topic of to-do changes.</summary>
    public const string Topic = "todos";

    public IReadOnlyList<Todo> Todos { get; private set; } = [];
    public int Remaining => Todos.Count(t => !t.Done);
    public int Completed => Todos.Count - Remaining;

    public override string PageTitle => "To-dos";

    protected override Task OnMountAsync(MountContext context)
    {
        Subscribe(Topic);
        Reload();
        return Task.CompletedTask;
    }

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
        store.Delete(id); // already gone (deleted in another tab) is fine
        await ChangedAsync();
    }

    [LiveEvent]
    public async Task ClearCompleted()
    {
        store.ClearCompleted();
        await ChangedAsync();
    }

    private async Task ChangedAsync()
    {
        Reload();
        await PublishAsync(Topic, "changed");
    }

    private void Reload() => Todos = store.All();
}
