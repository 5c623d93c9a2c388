namespace LiveViewApp.Data;

/// <summary>One to-do. Immutable, so a memoized row (<c>Html.LiveSegment(todo, …)</c>) renders again exactly when it changes.</summary>
public sealed record Todo(int Id, string Title, bool Done);

/// <summary>The app's to-dos, in memory (a singleton shared by every visitor; replace it with a database).</summary>
public sealed class TodoList
{
    /// <summary>Longest title accepted, in characters.</summary>
    public const int MaxTitleLength = 200;

    private readonly Lock _lock = new();
    private readonly List<Todo> _todos = [];
    private int _nextId = 1;

    public IReadOnlyList<Todo> All()
    {
        lock (_lock) return [.. _todos];
    }

    /// <summary>What is wrong with <paramref name="title"/>, as a sentence for the person who typed it; null when it is valid.</summary>
    public static string? Validate(string? title)
    {
        title = title?.Trim() ?? "";
        if (title.Length == 0) return "Please enter a title.";
        if (title.Length > MaxTitleLength) return $"A title has at most {MaxTitleLength} characters.";
        return null;
    }

    /// <summary>Adds a to-do (its title trimmed). Throws <see cref="ArgumentException"/> when <see cref="Validate"/> finds a problem.</summary>
    public Todo Add(string title)
    {
        if (Validate(title) is { } problem) throw new ArgumentException(problem, nameof(title));
        title = title.Trim();
        lock (_lock)
        {
            var todo = new Todo(_nextId++, title, false);
            _todos.Add(todo);
            return todo;
        }
    }

    /// <summary>Marks a to-do done or not; false when it no longer exists.</summary>
    public bool SetDone(int id, bool done)
    {
        lock (_lock)
        {
            var index = _todos.FindIndex(t => t.Id == id);
            if (index < 0) return false;
            _todos[index] = _todos[index] with { Done = done };
            return true;
        }
    }

    public void Delete(int id)
    {
        lock (_lock) _todos.RemoveAll(t => t.Id == id);
    }
}
