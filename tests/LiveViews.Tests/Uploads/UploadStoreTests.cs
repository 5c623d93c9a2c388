using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using LiveViews.Hosting;
using LiveViews.Uploads;

namespace LiveViews.Tests.Uploads;

/// <summary>The temporary files: they survive a restart, stay within the disk limits and are cleaned up when nobody can come back.</summary>
public sealed class UploadStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lv-store-tests-" + Guid.NewGuid().ToString("N")[..8]);

    private UploadStore NewStore(Action<LiveUploadOptions>? configure = null)
    {
        var options = new LiveViewOptions();
        options.Uploads.TempDirectory = _directory;
        configure?.Invoke(options.Uploads);
        return new UploadStore(Options.Create(options), new Environment(), NullLogger<UploadStore>.Instance);
    }

    private static StoredUpload Entry(string nonce = "n1", long size = 100, long ageMs = 0) => new()
    {
        Id = Guid.NewGuid().ToString("N"), Nonce = nonce, View = "V", Upload = "files", Ref = "r1", Name = "a.png", Size = size,
        ClientType = "image/png", CreatedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - ageMs,
        ActiveMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - ageMs, ContentChecked = true,
    };

    [Fact]
    public async Task A_restarted_server_knows_which_bytes_it_has_and_resumes_after_them()
    {
        var entry = Entry(size: 300);
        var store = NewStore();
        Assert.Null(store.Create(entry));
        Assert.Equal(0, await store.WriteAsync(entry, 200, new byte[100], false, default));
        Assert.Equal(100, await store.WriteAsync(entry, 0, Enumerable.Repeat((byte)7, 100).ToArray(), true, default));

        var restarted = NewStore(); // a new process: the index comes back from the metadata files
        var again = restarted.Find(entry.Id)!;
        Assert.Equal(100, again.Contiguous);
        Assert.Equal(300, restarted.ReservedBytes);
        Assert.Equal(300, await restarted.WriteAsync(again, 100, Enumerable.Repeat((byte)8, 100).ToArray(), false, default));
        Assert.True(again.Done);
        await using var read = restarted.OpenRead(again);
        var bytes = new byte[300];
        await read.ReadExactlyAsync(bytes);
        Assert.Equal([.. Enumerable.Repeat((byte)7, 100), .. Enumerable.Repeat((byte)8, 100), .. new byte[100]], bytes);
    }

    [Fact]
    public void Disk_limits_per_view_and_in_total_refuse_with_a_clear_reason()
    {
        var store = NewStore(o => { o.MaxBytesPerView = 250; o.MaxTotalBytes = 400; });
        Assert.Null(store.Create(Entry("a", 200)));
        Assert.Equal("uploads on this page are limited to 250 bytes at a time", store.Create(Entry("a", 100)));
        Assert.Null(store.Create(Entry("b", 200)));
        Assert.Equal("the server has no room for more uploads right now; try again later", store.Create(Entry("c", 1)));
    }

    [Fact]
    public void Cleanup_keeps_attached_and_recent_files_and_deletes_what_nobody_can_come_back_for()
    {
        var store = NewStore(o => { o.GracePeriod = TimeSpan.FromMinutes(1); o.TokenLifetime = TimeSpan.FromHours(1); });
        var attached = Entry("live", ageMs: 120_000);
        var recent = Entry("gone-recently");
        var idle = Entry("gone", ageMs: 120_000);
        var expired = Entry("live", ageMs: 2 * 3600_000);
        foreach (var e in new[] { attached, recent, idle, expired }) Assert.Null(store.Create(e));
        var orphan = Path.Combine(_directory, "deadbeef.part");
        File.WriteAllText(orphan, "left by a crash");
        File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddHours(-1));
        // Metadata written now keeps the files' write time recent; idle-ness is read from the metadata.
        Assert.Equal(3, store.Cleanup(nonce => nonce == "live"));
        Assert.NotNull(store.Find(attached.Id));
        Assert.NotNull(store.Find(recent.Id));
        Assert.Null(store.Find(idle.Id));
        Assert.Null(store.Find(expired.Id)); // attached, but its token can no longer be used
        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(Path.Combine(_directory, idle.Id + ".part")));
        Assert.Equal(200, store.ReservedBytes);
    }

    [Fact]
    public async Task A_deleted_entry_refuses_writes()
    {
        var store = NewStore();
        var entry = Entry();
        store.Create(entry);
        store.Delete(entry);
        Assert.Null(await store.WriteAsync(entry, 0, new byte[10], true, default));
        Assert.Null(store.Find(entry.Id));
        Assert.Equal(0, store.ReservedBytes);
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

public sealed class ByteRangesAndSnifferTests
{
    [Fact]
    public void Ranges_merge_in_any_order_and_only_the_gapless_prefix_counts()
    {
        var ranges = new ByteRanges();
        ranges.Add(20, 30);
        Assert.Equal(0, ranges.Contiguous);
        ranges.Add(0, 10);
        Assert.Equal(10, ranges.Contiguous);
        ranges.Add(5, 20); // overlaps both
        Assert.Equal(30, ranges.Contiguous);
        ranges.Add(40, 50);
        ranges.Add(30, 40); // touches both
        Assert.Equal([[0L, 50L]], ranges.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => ranges.Add(5, 1));
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "image/gif")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50 }, "image/webp")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "application/pdf")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 }, "application/zip")]
    [InlineData(new byte[] { 0x68, 0x65, 0x6C, 0x6C, 0x6F }, null)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E }, null)] // too short to tell
    public void The_first_bytes_tell_the_real_type(byte[] header, string? type) => Assert.Equal(type, ContentSniffer.Sniff(header));

    [Theory]
    [InlineData("photo.png", new[] { "image/png", "image/jpeg" })]
    [InlineData("photo", new[] { "image/png", "image/jpeg" })] // no extension: an accepted image type decides
    [InlineData("notes.txt", new string[0])] // text has no signature: accepted by its name
    public void What_the_content_of_a_file_is_checked_against(string name, string[] expected) =>
        Assert.Equal(expected, UploadService.ContentTypesToCheck([".png", ".jpg", ".txt"], name).Where(t => t != "text/plain"));
}
