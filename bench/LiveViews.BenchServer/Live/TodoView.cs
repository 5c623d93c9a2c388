using LiveViews.BenchServer.Twins;

namespace LiveViews.BenchServer.Live;

/// <summary>
/// The todo list of the comparison: N rows (<c>?rows=N</c>, default 10, at most 20,000) kept in memory, so the database is
/// not what is measured; <c>&amp;salt=X</c> appends X to every title (views whose rows no other view shares);
/// <c>&amp;catalog=1</c> shows one read-only list shared by every view of that size, as an app shows a catalog from its
/// cache, copied on the view's first change. Handlers are not [Optimistic]: the bench measures the server round trip.
/// </summary>
public sealed class TodoView : LiveView
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlyList<TodoItem>> Catalogs = new();
    private IReadOnlyList<TodoItem> _items = [];
    private List<TodoItem>? _own;
    private int _nextId;

    /// <summary>The rows shown: the shared catalog until the first change, then this view's own list.</summary>
    public IReadOnlyList<TodoItem> Items => _items;

    public override Task MountAsync(MountContext context)
    {
        var rows = TodoItem.RowsFrom(context.Params.TryGetValue("rows", out var r) ? r : null);
        _nextId = rows + 1;
        if (context.Params.TryGetValue("catalog", out var catalog) && catalog == "1")
        {
            _items = Catalogs.GetOrAdd(rows, n => TodoItem.Seed(n).AsReadOnly());
            return Task.CompletedTask;
        }
        var items = TodoItem.Seed(rows);
        // ?salt=X makes every title this view's own (the memory bench's views that share nothing).
        if (context.Params.TryGetValue("salt", out var salt) && salt.Length is > 0 and <= 32)
            items = items.ConvertAll(t => new TodoItem(t.Id, t.Title + " " + salt));
        _items = _own = items;
        return Task.CompletedTask;
    }

    /// <summary>This view's own rows, copied from the catalog on the first change (the catalog is never written).</summary>
    private List<TodoItem> Own()
    {
        if (_own is null)
        {
            _own = new List<TodoItem>(_items.Count + 8);
            foreach (var t in _items) _own.Add(new TodoItem(t.Id, t.Title) { Done = t.Done });
            _items = _own;
        }
        return _own;
    }

    [LiveEvent] public void Toggle(int id)
    {
        var item = Own().Find(t => t.Id == id);
        if (item is not null) item.Done = !item.Done;
    }

    [LiveEvent] public void Delete(int id) => Own().RemoveAll(t => t.Id == id);

    [LiveEvent] public void Add(string title)
    {
        if (!string.IsNullOrWhiteSpace(title)) Own().Add(new TodoItem(_nextId++, title.Trim()));
    }

    /// <summary>Bench-only: inserts a row in the middle of the list.</summary>
    [LiveEvent] public void InsertMiddle() => Own().Insert(_items.Count / 2, new TodoItem(_nextId, $"Inserted #{_nextId++}"));

    /// <summary>Bench-only: removes the row in the middle of the list.</summary>
    [LiveEvent] public void RemoveMiddle()
    {
        if (_items.Count > 0) Own().RemoveAt(_items.Count / 2);
    }

    /// <summary>Bench-only: toggles every row (a patch touching all rows).</summary>
    [LiveEvent] public void ToggleAll()
    {
        foreach (var item in Own()) item.Done = !item.Done;
    }
}
