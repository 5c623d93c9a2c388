using LiveViews.Demo.Data;

namespace LiveViews.Demo.Live;

/// <summary>
/// A live activity feed: a post made in any tab appears at the top of every open feed (pub/sub topic <c>feed</c>). The
/// posts are a stream (<see cref="LiveStream{T}"/>): each is rendered once, sent, and forgotten by the view, and the
/// browser keeps at most <see cref="Limit"/> of them, so the server's memory stays flat however many stream through.
/// </summary>
public sealed class FeedView(FeedStore store) : DemoView
{
    /// <summary>The pub/sub topic of new posts.</summary>
    public const string Topic = "feed";

    /// <summary>Most posts a page shows; older ones drop off the bottom.</summary>
    public const int Limit = 20;

    public override string PageTitle => "Activity feed";

    /// <summary>The posts shown (only those not yet sent to the browser are in memory).</summary>
    public LiveStream<FeedItem> Posts { get; private set; } = null!;

    /// <summary>Posts this page received since it opened.</summary>
    public int Received { get; private set; }

    protected override Task OnMountAsync(MountContext context)
    {
        Subscribe(Topic);
        Posts = Stream<FeedItem>("feed", item => "post-" + item.Id, Limit).InsertRange(store.Latest());
        return Task.CompletedTask;
    }

    public override Task HandleInfoAsync(string topic, object message)
    {
        if (topic == Topic && message is FeedItem item)
        {
            Posts.Insert(item, at: 0);
            Received++;
        }
        return Task.CompletedTask;
    }

    /// <summary>Posts <paramref name="text"/> to every open feed (this one included, through pub/sub).</summary>
    [LiveEvent]
    public Task Post(string? text)
    {
        FeedItem item;
        try { item = store.Post(text); }
        catch (ArgumentException ex) { throw new LiveViewException(ex.Message.Split(" (Parameter")[0]); }
        return PublishAsync(Topic, item);
    }
}
