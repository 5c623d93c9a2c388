using LiveViews.Demo.Data;

namespace LiveViews.Cluster.Tests;

/// <summary>The demo's PostgreSQL store against the cluster's PostgreSQL (the one the nodes use).</summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresTodoStoreTests(ClusterFixture cluster)
{
    private PostgresTodoStore Store => cluster.Database;

    [Fact]
    public void Add_toggle_delete_and_clear_completed()
    {
        var a = Store.Add("  store test a  ");
        var b = Store.Add("store test b");
        Assert.Equal("store test a", a.Title);
        Assert.True(b.Id > a.Id);
        Assert.Contains(Store.All(), t => t == a);

        Assert.True(Store.SetDone(a.Id, true));
        Assert.True(Store.All().Single(t => t.Id == a.Id).Done);
        Assert.False(Store.SetDone(long.MaxValue, true));

        Assert.True(Store.Rename(b.Id, "  store test b renamed "));
        Assert.Equal("store test b renamed", Store.All().Single(t => t.Id == b.Id).Title);
        Assert.Throws<ArgumentException>(() => Store.Rename(b.Id, ""));
        Assert.False(Store.Rename(long.MaxValue, "gone"));

        Assert.True(Store.Delete(b.Id));
        Assert.False(Store.Delete(b.Id));
        Assert.True(Store.ClearCompleted() >= 1);
        Assert.DoesNotContain(Store.All(), t => t.Id == a.Id || t.Id == b.Id);
    }

    [Fact]
    public void Invalid_titles_are_refused_and_nothing_is_stored()
    {
        var before = Store.All().Count;
        Assert.Throws<ArgumentException>(() => Store.Add("   "));
        Assert.Throws<ArgumentException>(() => Store.Add(new string('x', ITodoStore.MaxTitleLength + 1)));
        var hostile = Store.Add("'); DROP TABLE todos; --");
        Assert.Equal(before + 1, Store.All().Count);
        Assert.True(Store.Delete(hostile.Id));
    }

    [Fact]
    public async Task Schema_creation_is_safe_when_servers_start_at_once()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(Store.EnsureCreated)));
        Assert.NotNull(Store.All());
    }
}
