namespace LiveViews.Uploads;

/// <summary>
/// How this server receives file uploads (<c>LiveViewOptions.Uploads</c>). Files arrive over HTTP in chunks
/// (docs/protocol.md, "Uploads"), are written to temporary files that survive a restart, and are deleted once consumed,
/// cancelled, or when their view is gone for good.
/// </summary>
public sealed class LiveUploadOptions
{
    /// <summary>
    /// Folder of the temporary files and their metadata. Default: <c>{temp}/liveviews-uploads/{hash of the content root
    /// and application name}</c>, the same across restarts of one application and distinct between applications.
    /// </summary>
    public string? TempDirectory { get; set; }

    /// <summary>Path of the chunk endpoint. Default <c>/_lv/upload</c>.</summary>
    public string Path { get; set; } = "/_lv/upload";

    /// <summary>Bytes per chunk the client sends (the last one may be shorter); larger chunks are refused. Default 1 MiB (bench/README.md: per-request overhead dominates smaller chunks on fast links).</summary>
    public int ChunkBytes { get; set; } = 1024 * 1024;

    /// <summary>Chunks of one file the client keeps in flight at once. Default 4.</summary>
    public int ParallelChunks { get; set; } = 4;

    /// <summary>How long the client waits for one chunk's answer before it retries (from the last acknowledged byte). Default 30 s.</summary>
    public TimeSpan ChunkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the files of a view that went away (its connection closed, or the server restarted) are kept for it to
    /// come back (a reconnect remounts it and the client announces its uploads again). Default 5 minutes.
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest an upload token (one file) can be used, from the moment it was issued. Default 12 hours.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Most bytes the uploads of one view may hold on disk at once (declared sizes, reserved up front). Default 200 MB.</summary>
    public long MaxBytesPerView { get; set; } = 200_000_000;

    /// <summary>Most bytes all uploads of this server may hold on disk at once. Default 2 GB.</summary>
    public long MaxTotalBytes { get; set; } = 2_000_000_000;

    /// <summary>Shortest interval between progress renders of one view while its files arrive (completion renders at once). Default 250 ms.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often expired and orphaned temporary files are looked for. Default 1 minute.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(1);
}
