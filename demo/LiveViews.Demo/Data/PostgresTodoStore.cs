using Npgsql;

namespace LiveViews.Demo.Data;

/// <summary>
/// To-dos in PostgreSQL, so every server of a cluster sees the same list. Each call is one statement (atomic on its own)
/// on a pooled connection from one <see cref="NpgsqlDataSource"/>; thread-safe. Dispose with the application.
/// </summary>
public sealed class PostgresTodoStore : ITodoStore, IDisposable
{
    // Any constant: the advisory lock that serializes schema creation when several servers start at once.
    private const long SchemaLockKey = 0x4c56_546f_646f; // "LVTodo"
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Uses the database at <paramref name="connectionString"/> (e.g. <c>Host=127.0.0.1;Port=5432;Database=demo;Username=demo</c>).</summary>
    /// <exception cref="ArgumentException">The connection string cannot be parsed.</exception>
    public PostgresTodoStore(string connectionString) => _dataSource = NpgsqlDataSource.Create(connectionString);

    /// <inheritdoc />
    public string Engine => "PostgreSQL";

    /// <inheritdoc />
    public void EnsureCreated()
    {
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("key", SchemaLockKey);
            command.ExecuteNonQuery();
        }
        using (var command = new NpgsqlCommand($"""
            CREATE TABLE IF NOT EXISTS todos (
                id    bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                title text    NOT NULL CHECK (length(btrim(title)) > 0 AND length(title) <= {ITodoStore.MaxTitleLength}),
                done  boolean NOT NULL DEFAULT false
            )
            """, connection, transaction))
            command.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <inheritdoc />
    public IReadOnlyList<Todo> All()
    {
        using var command = _dataSource.CreateCommand("SELECT id, title, done FROM todos ORDER BY id");
        using var reader = command.ExecuteReader();
        var todos = new List<Todo>();
        while (reader.Read()) todos.Add(new Todo(reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2)));
        return todos;
    }

    /// <inheritdoc />
    public Todo Add(string title)
    {
        title = ITodoStore.ValidTitle(title);
        using var command = _dataSource.CreateCommand("INSERT INTO todos (title) VALUES ($1) RETURNING id");
        command.Parameters.Add(new NpgsqlParameter { Value = title });
        return new Todo((long)command.ExecuteScalar()!, title, false);
    }

    /// <inheritdoc />
    public bool SetDone(long id, bool done) => Execute("UPDATE todos SET done = $2 WHERE id = $1", id, done) == 1;

    /// <inheritdoc />
    public bool Rename(long id, string title) => Execute("UPDATE todos SET title = $2 WHERE id = $1", id, ITodoStore.ValidTitle(title)) == 1;

    /// <inheritdoc />
    public bool Delete(long id) => Execute("DELETE FROM todos WHERE id = $1", id) == 1;

    /// <inheritdoc />
    public int ClearCompleted() => Execute("DELETE FROM todos WHERE done");

    private int Execute(string sql, params object[] values)
    {
        using var command = _dataSource.CreateCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command.ExecuteNonQuery();
    }

    /// <summary>Closes the connection pool.</summary>
    public void Dispose() => _dataSource.Dispose();
}
