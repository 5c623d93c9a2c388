namespace LiveViews.Demo.Data;

/// <summary>
/// The demo's shared to-do list. Implementations are thread-safe and make every change atomic (all or nothing):
/// <see cref="SqliteTodoStore"/> for one process (the default), <see cref="PostgresTodoStore"/> for a cluster of servers.
/// Chosen by configuration in <see cref="DemoApp"/>.
/// </summary>
public interface ITodoStore
{
    /// <summary>Longest title accepted, in characters.</summary>
    const int MaxTitleLength = 200;

    /// <summary>The database engine, as the page names it (e.g. <c>SQLite</c>).</summary>
    string Engine { get; }

    /// <summary>Creates the schema when missing (idempotent; safe when several servers start at once).</summary>
    void EnsureCreated();

    /// <summary>All to-dos, oldest first.</summary>
    IReadOnlyList<Todo> All();

    /// <summary>Adds a to-do. Throws <see cref="ArgumentException"/> for an empty or too long title.</summary>
    Todo Add(string title);

    /// <summary>Sets the completion of a to-do; false when it no longer exists.</summary>
    bool SetDone(long id, bool done);

    /// <summary>Renames a to-do; false when it no longer exists. Throws <see cref="ArgumentException"/> for an empty or too long title.</summary>
    bool Rename(long id, string title);

    /// <summary>Deletes a to-do; false when it no longer exists.</summary>
    bool Delete(long id);

    /// <summary>Deletes every completed to-do; returns how many.</summary>
    int ClearCompleted();

    /// <summary>The trimmed title, or <see cref="ArgumentException"/> when it is empty or longer than <see cref="MaxTitleLength"/>.</summary>
    static string ValidTitle(string? title)
    {
        title = (title ?? "").Trim();
        if (title.Length == 0) throw new ArgumentException("A to-do needs a title.", nameof(title));
        if (title.Length > MaxTitleLength) throw new ArgumentException($"A title has at most {MaxTitleLength} characters.", nameof(title));
        return title;
    }
}
