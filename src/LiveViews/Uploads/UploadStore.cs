using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LiveViews.Hosting;

namespace LiveViews.Uploads;

/// <summary>
/// The temporary files of uploads on this server: one data file and one metadata file per upload entry, in
/// <see cref="LiveUploadOptions.TempDirectory"/>. Survives restarts (the index is rebuilt from the metadata on first
/// use), keeps the disk bounded (declared sizes are reserved up front against the per-view and total limits) and deletes
/// what nobody can come back for. Thread-safe.
/// </summary>
internal sealed class UploadStore
{
    private readonly ConcurrentDictionary<string, StoredUpload> _entries = new(StringComparer.Ordinal);
    private readonly Lock _quotaLock = new();
    private readonly LiveUploadOptions _options;
    private readonly ILogger<UploadStore> _logger;
    private readonly Lazy<bool> _loaded;
    private long _reservedBytes;

    public UploadStore(IOptions<LiveViewOptions> options, IHostEnvironment environment, ILogger<UploadStore> logger)
    {
        _options = options.Value.Uploads;
        _logger = logger;
        Directory = _options.TempDirectory ?? DefaultDirectory(environment);
        _loaded = new Lazy<bool>(LoadExisting, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The folder of the temporary files.</summary>
    public string Directory { get; }

    /// <summary>Bytes reserved by every live entry (their declared sizes).</summary>
    public long ReservedBytes => Interlocked.Read(ref _reservedBytes);

    private static string DefaultDirectory(IHostEnvironment environment)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes(environment.ContentRootPath + "\n" + environment.ApplicationName));
        return Path.Combine(Path.GetTempPath(), "liveviews-uploads", Convert.ToHexString(key, 0, 8).ToLowerInvariant());
    }

    private string DataPath(string id) => Path.Combine(Directory, id + ".part");
    private string MetaPath(string id) => Path.Combine(Directory, id + ".json");

    /// <summary>The entry with <paramref name="id"/>, or null when it does not exist (any more).</summary>
    public StoredUpload? Find(string id)
    {
        _ = _loaded.Value;
        return _entries.TryGetValue(id, out var entry) && !entry.Deleted ? entry : null;
    }

    /// <summary>Entries of the view with token nonce <paramref name="nonce"/>.</summary>
    public IEnumerable<StoredUpload> EntriesOf(string nonce)
    {
        _ = _loaded.Value;
        return _entries.Values.Where(e => e.Nonce == nonce && !e.Deleted);
    }

    /// <summary>
    /// Reserves <paramref name="entry"/>'s size and creates its files, or returns why not (a per-view or total disk limit).
    /// Throws <see cref="IOException"/> when the folder cannot be written.
    /// </summary>
    public string? Create(StoredUpload entry)
    {
        _ = _loaded.Value;
        lock (_quotaLock)
        {
            var ofView = EntriesOf(entry.Nonce).Sum(e => e.Size);
            if (ofView + entry.Size > _options.MaxBytesPerView)
                return $"uploads on this page are limited to {Megabytes(_options.MaxBytesPerView)} at a time";
            if (ReservedBytes + entry.Size > _options.MaxTotalBytes)
                return "the server has no room for more uploads right now; try again later";
            Interlocked.Add(ref _reservedBytes, entry.Size);
            _entries[entry.Id] = entry;
        }
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            using (File.Create(DataPath(entry.Id))) { }
            Persist(entry);
            return null;
        }
        catch
        {
            Delete(entry);
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="data"/> at <paramref name="offset"/> and records the range; returns the bytes acknowledged
    /// from 0, or null when the entry was deleted meanwhile. Chunks of one file may be written concurrently.
    /// </summary>
    public async Task<long?> WriteAsync(StoredUpload entry, long offset, ReadOnlyMemory<byte> data, bool contentChecked, CancellationToken cancellation)
    {
        if (entry.Deleted) return null;
        try
        {
            using var handle = File.OpenHandle(DataPath(entry.Id), FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            await RandomAccess.WriteAsync(handle, data, offset, cancellation);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        await entry.Lock.WaitAsync(cancellation);
        try
        {
            if (entry.Deleted) return null;
            entry.Received.Add(offset, offset + data.Length);
            if (contentChecked) entry.ContentChecked = true;
            entry.ActiveMs = NowMs;
            Persist(entry);
            return entry.Contiguous;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    /// <summary>Marks the entry active now (an announcement after a remount, or its view going away), starting a fresh grace period.</summary>
    public void Touch(StoredUpload entry)
    {
        entry.Lock.Wait();
        try
        {
            if (entry.Deleted) return;
            entry.ActiveMs = NowMs;
            Persist(entry);
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    /// <summary>A read stream over a complete entry's bytes. Throws <see cref="InvalidOperationException"/> for an incomplete one.</summary>
    public Stream OpenRead(StoredUpload entry)
    {
        if (!entry.Done) throw new InvalidOperationException($"Upload entry {entry.Ref} is not complete.");
        return new FileStream(DataPath(entry.Id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    /// <summary>Deletes the entry's files and releases its reservation (idempotent).</summary>
    public void Delete(StoredUpload entry)
    {
        lock (_quotaLock)
        {
            if (entry.Deleted) return;
            entry.Deleted = true;
            if (_entries.TryRemove(new KeyValuePair<string, StoredUpload>(entry.Id, entry))) Interlocked.Add(ref _reservedBytes, -entry.Size);
        }
        TryDelete(DataPath(entry.Id));
        TryDelete(MetaPath(entry.Id));
    }

    /// <summary>
    /// Deletes entries no view can come back for: not held by a view on this server (<paramref name="isAttached"/> by
    /// nonce) and idle longer than the grace period, or older than an upload token lives; and files without metadata.
    /// Returns how many entries and orphan files were deleted.
    /// </summary>
    public int Cleanup(Func<string, bool> isAttached)
    {
        _ = _loaded.Value;
        var now = NowMs;
        var grace = (long)_options.GracePeriod.TotalMilliseconds;
        var lifetime = (long)_options.TokenLifetime.TotalMilliseconds;
        var deleted = 0;
        foreach (var entry in _entries.Values)
        {
            var expired = now - entry.CreatedMs > lifetime;
            if (!expired && (isAttached(entry.Nonce) || now - entry.ActiveMs <= grace)) continue;
            _logger.LogInformation("Deleting upload {Ref} ({Name}) of view {View}: {Reason}", entry.Ref, entry.Name, entry.View, expired ? "its token expired" : "its view is gone");
            Delete(entry);
            deleted++;
        }
        if (!System.IO.Directory.Exists(Directory)) return deleted;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            var id = Path.GetFileNameWithoutExtension(file);
            if (_entries.ContainsKey(id) || now - new DateTimeOffset(File.GetLastWriteTimeUtc(file)).ToUnixTimeMilliseconds() <= grace) continue;
            TryDelete(file);
            deleted++;
        }
        return deleted;
    }

    private bool LoadExisting()
    {
        if (!System.IO.Directory.Exists(Directory)) return true;
        foreach (var meta in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
        {
            try
            {
                var entry = JsonSerializer.Deserialize<StoredUpload>(File.ReadAllText(meta));
                if (entry is null || entry.Id != Path.GetFileNameWithoutExtension(meta) || !File.Exists(DataPath(entry.Id))) continue;
                entry.Received = new ByteRanges(entry.Ranges);
                if (_entries.TryAdd(entry.Id, entry)) Interlocked.Add(ref _reservedBytes, entry.Size);
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
                _logger.LogWarning(ex, "Ignoring unreadable upload metadata {File} (deleted by the next cleanup)", meta);
            }
        }
        if (!_entries.IsEmpty) _logger.LogInformation("Resuming {Count} stored uploads from {Directory}", _entries.Count, Directory);
        return true;
    }

    private void Persist(StoredUpload entry)
    {
        entry.Ranges = entry.Received.ToArray();
        var path = MetaPath(entry.Id);
        var temp = path + "." + Environment.CurrentManagedThreadId + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(entry));
        File.Move(temp, path, overwrite: true); // atomic: a restart sees the old metadata or the new, never half of it
    }

    private void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { _logger.LogWarning(ex, "Could not delete {File}", path); }
    }

    private static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    internal static string Megabytes(long bytes) => bytes >= 1_000_000
        ? (bytes / 1_000_000d).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " MB"
        : bytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes";
}
