namespace AnalyzerSample;

public sealed record Todo(long Id, string Title, bool Done);

public sealed record NewTodo(string Title, int Priority);

public enum Mode { List, Grid }

public sealed class CleanView : LiveView
{
    public IReadOnlyList<Todo> Todos { get; } = [new(1, "a", false)];
    public string HandlerName => "Increment";

    [LiveEvent] public void Increment() { }
    [LiveEvent] public void Add(string title, int priority = 1) { }
    [LiveEvent] public void AddTyped(NewTodo todo) { }
    [LiveEvent] public void Toggle(long id, bool @checked) { }
    [LiveEvent] public void Delete(long id) { }
    [LiveEvent] public void Search(string value) { }
    [LiveEvent] public void Key(string key, string? value) { }
    [LiveEvent] public void SetMode(Mode mode) { }
    [LiveEvent] public void Partial(string hidden) { }
    [LiveEvent] public void Computed(string any) { }
    [LiveEvent(Name = "save")] public void SaveAll(CancellationToken cancellation) { }
    [LiveEvent] public Task SlowAsync(long userId, CancellationToken cancellation) => Task.CompletedTask;
}
