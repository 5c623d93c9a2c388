using Microsoft.Data.Sqlite;

namespace LiveViews.Demo.Data;

/// <summary>
/// To-dos in a SQLite file (the single-process demo's store). Every change runs in one transaction: a failure midway (validation, constraint, an
/// exception thrown by a caller's step) rolls the whole change back, so the store is never left half-changed.
/// Thread-safe: each call opens its own pooled connection.
/// </summary>
public sealed class SqliteTodoStore(string databasePath) : ITodoStore
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        DefaultTimeout = 10,
    }.ToString();

    /// <summary>The database file.</summary>
    public string DatabasePath { get; } = databasePath;

    /// <inheritdoc />
    public string Engine => "SQLite";

    /// <inheritdoc />
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

    /// <inheritdoc />
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

    /// <inheritdoc />
    public Todo Add(string title)
    {
        title = ITodoStore.ValidTitle(title);
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

    /// <inheritdoc />
    public bool SetDone(long id, bool done) =>
        Execute("UPDATE todos SET done = $done WHERE id = $id", ("$id", id), ("$done", done ? 1 : 0)) == 1;

    /// <inheritdoc />
    public bool Rename(long id, string title)
    {
        title = ITodoStore.ValidTitle(title);
        return Execute("UPDATE todos SET title = $title WHERE id = $id", ("$id", id), ("$title", title)) == 1;
    }

    /// <inheritdoc />
    public bool Delete(long id) => Execute("DELETE FROM todos WHERE id = $id", ("$id", id)) == 1;

    /// <inheritdoc />
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
