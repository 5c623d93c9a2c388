using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace LiveViews.Demo.Data;

/// <summary>A saved photo: its name, exact size in bytes and SHA-256 (hex).</summary>
public sealed record Photo(long Id, string Name, long Size, string Sha256);

/// <summary>
/// Photos on disk (one file per photo in <see cref="Directory"/>) listed in the demo's SQLite database. A photo is
/// written to a temporary file first and only listed once complete, so a failure never leaves half a photo listed.
/// Thread-safe.
/// </summary>
public sealed class PhotoStore(string databasePath, string directory)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 10,
    }.ToString();

    /// <summary>Where the photo files are.</summary>
    public string Directory { get; } = directory;

    /// <summary>Creates the folder and the table when missing (idempotent).</summary>
    public void EnsureCreated()
    {
        System.IO.Directory.CreateDirectory(Directory);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS photos (
                id     INTEGER PRIMARY KEY AUTOINCREMENT,
                name   TEXT    NOT NULL,
                size   INTEGER NOT NULL,
                sha256 TEXT    NOT NULL
            );
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>Every photo, oldest first.</summary>
    public IReadOnlyList<Photo> All()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, size, sha256 FROM photos ORDER BY id";
        using var reader = command.ExecuteReader();
        var photos = new List<Photo>();
        while (reader.Read()) photos.Add(new Photo(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
        return photos;
    }

    /// <summary>The file of photo <paramref name="id"/>.</summary>
    public string PathOf(long id) => Path.Combine(Directory, id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Saves the bytes of <paramref name="content"/> as a photo named <paramref name="name"/>.</summary>
    public async Task<Photo> AddAsync(string name, Stream content)
    {
        var temp = Path.Combine(Directory, $".{Guid.NewGuid():N}.tmp");
        try
        {
            long size;
            string sha;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read));
                }
                size = file.Length;
                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO photos (name, size, sha256) VALUES ($name, $size, $sha) RETURNING id";
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$size", size);
            command.Parameters.AddWithValue("$sha", sha);
            var id = (long)command.ExecuteScalar()!;
            // A file already named by a new id is an orphan (AUTOINCREMENT never reuses an id of this database: it was
            // left by an older database), so it is replaced. The row is committed only once the file is in place.
            File.Move(temp, PathOf(id), overwrite: true);
            transaction.Commit();
            return new Photo(id, name, size, sha);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
