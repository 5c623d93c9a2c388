using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using LiveViews.Demo.Data;
using LiveViews.Demo.Live;
using LiveViews.PubSub;

namespace LiveViews.EndToEnd;

/// <summary>
/// The /feed demo through the harness (the real hub in-process, the page's DOM): streamed posts reach every tab, the
/// limit holds, bad posts are refused, and the server forgets every streamed row while 10,000
/// posts stream through one view (none of them stays reachable).
/// </summary>
public sealed class FeedHandlerTests(DemoFactory demo) : IClassFixture<DemoFactory>
{
    private static string[] Ids(LivePage page) => [.. page.FindAll("#feed li[id]").Select(li => li.Id!)];

    [Fact]
    public async Task Posts_stream_to_every_tab_newest_first_within_the_limit()
    {
        await using var a = await demo.OpenAsync("/feed");
        await using var b = await demo.OpenAsync("/feed");
        var store = demo.Services.GetRequiredService<FeedStore>();

        await a.SubmitAsync("#post-form", new { text = "hello <b>world</b>" });
        var id = "post-" + store.Latest()[0].Id;
        await a.WaitForAsync("#" + id); // the row comes by pub/sub, also to the tab that posted: maybe after the reply
        Assert.Equal(id, Ids(a)[0]);
        Assert.Equal("hello <b>world</b>", a.Find($"#{id} .feed-text").TextContent); // encoded, shown as text
        await b.WaitForAsync("#" + id);
        Assert.Equal("", a.Value("#post-text"));

        for (int i = 0; i < FeedView.Limit + 3; i++) await a.SubmitAsync("#post-form", new { text = "post " + i });
        static bool ShowsLast(LivePage p) => p.FindAll("#feed li") is { Count: > 0 } rows && rows[0].TextContent.Contains("post " + (FeedView.Limit + 2));
        await a.WaitUntilAsync(ShowsLast);
        await b.WaitUntilAsync(ShowsLast);
        Assert.Equal(FeedView.Limit, Ids(a).Length);
        Assert.Equal(Ids(a), Ids(b));
        Assert.Equal(store.Latest().Select(p => "post-" + p.Id), Ids(a)); // newest first, the oldest dropped
        Assert.DoesNotContain(id, Ids(a));

        await a.SubmitAsync("#post-form", new { text = "   " });
        Assert.Equal("Write something to post.", Assert.Single(a.Errors).Message);
        Assert.Empty(b.Errors);
    }

    [Fact]
    public async Task A_new_tab_is_streamed_the_latest_posts_by_its_mount()
    {
        var store = demo.Services.GetRequiredService<FeedStore>();
        store.Post("before the tab opened");
        await using var page = await demo.OpenAsync("/feed");
        Assert.Equal(store.Latest().Select(p => "post-" + p.Id), Ids(page));
        Assert.Equal(FeedView.Limit.ToString(), page.Find("#feed-limit").TextContent);
    }

    [Fact]
    public async Task The_view_keeps_none_of_10000_streamed_posts()
    {
        await using var page = await demo.OpenAsync("/feed");
        var pubsub = demo.Services.GetRequiredService<ILivePubSub>();
        var streamed = new List<WeakReference>();
        await StreamAsync(pubsub, page, 1_000, 0, streamed); // warm: JIT, pools, the page's rows at the limit
        await StreamAsync(pubsub, page, 10_000, 1_000, streamed);
        ManagedAfterFullGc();

        Assert.Equal(FeedView.Limit, Ids(page).Length);
        Assert.Equal("post-" + (10_000_000 + 10_999), Ids(page)[0]);
        // Every post went through the view's stream (rendered, sent) and none is still reachable from the server.
        var alive = streamed.Select((w, i) => (w, i)).Where(x => x.w.IsAlive).Select(x => x.i).ToList();
        Assert.True(alive.Count == 0, $"{alive.Count} streamed posts are still reachable, e.g. #{string.Join(", #", alive.Take(5))}");
        // (The harness keeps every reply it applied, so the process's memory is measured with a raw client instead:
        // LiveViews.Tests, StreamMemoryTests.)
    }

    /// <summary>Publishes <paramref name="count"/> posts to the feed topic in batches the view's mailbox holds, waiting for the page to show each batch's last.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task StreamAsync(ILivePubSub pubsub, LivePage page, int count, int first, List<WeakReference> streamed)
    {
        for (int batch = 0; batch < count; batch += 50)
        {
            for (int i = batch; i < batch + 50; i++)
            {
                var post = new FeedItem(10_000_000 + first + i, "streamed post number " + (first + i), DateTimeOffset.UnixEpoch);
                streamed.Add(new WeakReference(post));
                await pubsub.PublishAsync(FeedView.Topic, post);
            }
            var last = "post-" + (10_000_000 + first + batch + 49);
            await page.WaitUntilAsync(p => p.FindAll("#feed li[id]").FirstOrDefault()?.Id == last);
        }
    }

    private static long ManagedAfterFullGc()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
