using LiveViewApp.Data;

namespace LiveViewApp.Live;

/// <summary>A to-do list shared live: every open tab sees every change (pub/sub topic <c>todos</c>).</summary>
public sealed class TodosView(TodoList todos) : LiveView
{
    private const string Topic = "todos";

    public IReadOnlyList<Todo> Todos { get; private set; } = [];

    public int Remaining => Todos.Count(t => !t.Done);

    public override string PageTitle => "To-dos";

    public override Task MountAsync(MountContext context)
    {
        Subscribe(Topic);
        Todos = todos.All();
        return Task.CompletedTask;
    }

    public override Task HandleInfoAsync(string topic, object message)
    {
        Todos = todos.All();
        return Task.CompletedTask;
    }

    [LiveEvent]
    public Task Add(string? title)
    {
        // A LiveViewException's message reaches the browser (lv:error); the form keeps what was typed.
        if (TodoList.Validate(title) is { } problem) throw new LiveViewException(problem);
        todos.Add(title!);
        return ChangedAsync();
    }

    [LiveEvent, Optimistic]
    public Task Toggle(int id, bool @checked)
    {
        if (!todos.SetDone(id, @checked)) throw new LiveViewException("That to-do no longer exists.");
        return ChangedAsync();
    }

    [LiveEvent]
    public Task Delete(int id)
    {
        todos.Delete(id);
        return ChangedAsync();
    }

    private Task ChangedAsync()
    {
        Todos = todos.All();
        return PublishAsync(Topic, "changed");
    }
}
