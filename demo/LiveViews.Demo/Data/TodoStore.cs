using Microsoft.Data.Sqlite;

namespace LiveViews.Demo.Data;

/// <summary>A to-do item.</summary>
public sealed record Todo(long Id, string Title, bool Done);

/// <summary>
/// To-dos in a SQLite file. Every change runs in one transaction: a failure midway (validation, constraint, an
/// exception thrown by a caller's step) rolls the whole change back, so the store is never left half-changed.
/// Thread-safe: each call opens its own pooled connection.
/// </summary>
public sealed class TodoStore(string databasePath)
{
    /// <summary>Longest title accepted.</summary>
    public const int MaxTitleLength = 200;

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        DefaultTimeout = 10,
    }.ToString();

    /// <summary>The database file.</summary>
    public string DatabasePath { get; } = databasePath;

    /// <summary>Creates the file and the schema when missing (idempotent).</summary>
    public void EnsureCreated()
    {
        var directory = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS todos (
                id    INTEGER PRIMARY KEY AUTOINCREMENT,
                title TEXT    NOT NULL CHECK (length(trim(title)) > 0),
                done  INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
            );
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>All to-dos, oldest first.</summary>
    public IReadOnlyList<Todo> All()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, title, done FROM todos ORDER BY id";
        using var reader = command.ExecuteReader();
        var todos = new List<Todo>();
        while (reader.Read()) todos.Add(new Todo(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2) != 0));
        return todos;
    }

    /// <summary>Adds a to-do. Throws <see cref="ArgumentException"/> for an empty or too long title.</summary>
    public Todo Add(string title)
    {
        title = (title ?? "").Trim();
        if (title.Length == 0) throw new ArgumentException("A to-do needs a title.", nameof(title));
        if (title.Length > MaxTitleLength) throw new ArgumentException($"A title has at most {MaxTitleLength} characters.", nameof(title));
        return InTransaction((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO todos (title) VALUES ($title) RETURNING id";
            command.Parameters.AddWithValue("$title", title);
            var id = (long)command.ExecuteScalar()!;
            return new Todo(id, title, false);
        });
    }

    /// <summary>Sets the completion of a to-do; false when it no longer exists.</summary>
    public bool SetDone(long id, bool done) =>
        Execute("UPDATE todos SET done = $done WHERE id = $id", ("$id", id), ("$done", done ? 1 : 0)) == 1;

    /// <summary>Renames a to-do; false when it no longer exists. Throws <see cref="ArgumentException"/> for an empty or too long title.</summary>
    public bool Rename(long id, string title)
    {
        title = (title ?? "").Trim();
        if (title.Length == 0) throw new ArgumentException("A to-do needs a title.", nameof(title));
        if (title.Length > MaxTitleLength) throw new ArgumentException($"A title has at most {MaxTitleLength} characters.", nameof(title));
        return Execute("UPDATE todos SET title = $title WHERE id = $id", ("$id", id), ("$title", title)) == 1;
    }

    /// <summary>Deletes a to-do; false when it no longer exists.</summary>
    public bool Delete(long id) => Execute("DELETE FROM todos WHERE id = $id", ("$id", id)) == 1;

    /// <summary>Deletes every completed to-do; returns how many.</summary>
    public int ClearCompleted() => Execute("DELETE FROM todos WHERE done = 1");

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed only when it returns; any exception rolls back
    /// every statement it ran and propagates.
    /// </summary>
    public T InTransaction<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        var result = work(connection, transaction);
        transaction.Commit();
        return result; // disposing an uncommitted transaction rolls it back
    }

    private int Execute(string sql, params (string Name, object Value)[] parameters) =>
        InTransaction((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            return command.ExecuteNonQuery();
        });

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
