using LiveViews.BenchServer.Twins;

namespace LiveViews.BenchServer.Live;

/// <summary>
/// The todo list of the comparison: N rows (<c>?rows=N</c>, default 10, at most 20,000) kept in memory, so the database is
/// not what is measured; <c>&amp;salt=X</c> appends X to every title (views whose rows no other view shares). Handlers are not [Optimistic]: the bench measures the server round trip.
/// </summary>
public sealed class TodoView : LiveView
{
    public List<TodoItem> Items { get; private set; } = [];
    private int _nextId;

    public override Task MountAsync(MountContext context)
    {
        var rows = TodoItem.RowsFrom(context.Params.TryGetValue("rows", out var r) ? r : null);
        Items = TodoItem.Seed(rows);
        // ?salt=X makes every title this view's own (the memory bench's views that share nothing).
        if (context.Params.TryGetValue("salt", out var salt) && salt.Length is > 0 and <= 32)
            Items = Items.ConvertAll(t => new TodoItem(t.Id, t.Title + " " + salt));
        _nextId = rows + 1;
        return Task.CompletedTask;
    }

    [LiveEvent] public void Toggle(int id)
    {
        var item = Items.Find(t => t.Id == id);
        if (item is not null) item.Done = !item.Done;
    }

    [LiveEvent] public void Delete(int id) => Items.RemoveAll(t => t.Id == id);

    [LiveEvent] public void Add(string title)
    {
        if (!string.IsNullOrWhiteSpace(title)) Items.Add(new TodoItem(_nextId++, title.Trim()));
    }

    /// <summary>Bench-only: inserts a row in the middle of the list.</summary>
    [LiveEvent] public void InsertMiddle() => Items.Insert(Items.Count / 2, new TodoItem(_nextId, $"Inserted #{_nextId++}"));

    /// <summary>Bench-only: removes the row in the middle of the list.</summary>
    [LiveEvent] public void RemoveMiddle()
    {
        if (Items.Count > 0) Items.RemoveAt(Items.Count / 2);
    }

    /// <summary>Bench-only: toggles every row (a patch touching all rows).</summary>
    [LiveEvent] public void ToggleAll()
    {
        foreach (var item in Items) item.Done = !item.Done;
    }
}
