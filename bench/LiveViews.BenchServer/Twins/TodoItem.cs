namespace LiveViews.BenchServer.Twins;

/// <summary>One todo row; the same data for every architecture.</summary>
public sealed class TodoItem(int id, string title)
{
    public const int MaxRows = 20_000;
    public int Id { get; } = id;
    public string Title { get; } = title;
    public bool Done { get; set; }

    public static int RowsFrom(string? value) =>
        int.TryParse(value, out var rows) ? Math.Clamp(rows, 0, MaxRows) : 10;

    public static List<TodoItem> Seed(int rows)
    {
        var items = new List<TodoItem>(rows + 8);
        for (var i = 1; i <= rows; i++) items.Add(new TodoItem(i, $"Todo item number {i}"));
        return items;
    }
}
