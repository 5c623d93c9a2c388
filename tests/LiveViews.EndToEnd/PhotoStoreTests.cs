using System.Security.Cryptography;
using LiveViews.Demo.Data;

namespace LiveViews.EndToEnd;

/// <summary>The demo's photo store on a real SQLite file: a photo is listed only once its file is in place.</summary>
public sealed class PhotoStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lv-photos-").FullName;

    [Fact]
    public async Task A_file_left_at_a_new_photos_path_by_an_older_database_is_replaced()
    {
        var store = new PhotoStore(Path.Combine(_folder, "demo.db"), Path.Combine(_folder, "photos"));
        store.EnsureCreated();
        await File.WriteAllTextAsync(store.PathOf(1), "an orphan from a deleted database");
        var bytes = RandomNumberGenerator.GetBytes(100_000);

        var photo = await store.AddAsync("cat.png", new MemoryStream(bytes));

        Assert.Equal(1, photo.Id);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(store.PathOf(1)));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), Assert.Single(store.All()).Sha256);
    }

    [Fact]
    public async Task A_photo_whose_file_cannot_be_placed_is_not_listed()
    {
        var store = new PhotoStore(Path.Combine(_folder, "demo.db"), Path.Combine(_folder, "photos"));
        store.EnsureCreated();
        Directory.CreateDirectory(store.PathOf(1)); // a folder where the file must go: the move fails

        await Assert.ThrowsAnyAsync<IOException>(() => store.AddAsync("cat.png", new MemoryStream([1, 2, 3])));

        Assert.Empty(store.All());
        Assert.Empty(Directory.GetFiles(store.Directory, "*.tmp", SearchOption.AllDirectories));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
