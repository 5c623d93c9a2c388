namespace LiveViews.Demo.Data;

/// <summary>One post of the activity feed.</summary>
/// <param name="Id">Increasing from 1 in this process.</param>
/// <param name="Text">What was posted (1 to <see cref="FeedStore.MaxText"/> characters).</param>
/// <param name="At">When it was posted (UTC).</param>
public sealed record FeedItem(long Id, string Text, DateTimeOffset At);

/// <summary>
/// The activity feed's recent posts: only the latest <see cref="Capacity"/> are kept (what a newly opened page shows);
/// everything older lives only in the browsers that streamed it. Thread-safe.
/// </summary>
/// <param name="clock">Time of posts; default <see cref="TimeProvider.System"/>.</param>
public sealed class FeedStore(TimeProvider? clock = null)
{
    /// <summary>Posts kept for pages that open later.</summary>
    public const int Capacity = 20;

    /// <summary>Longest post, in characters.</summary>
    public const int MaxText = 280;

    private readonly Lock _lock = new();
    private readonly Queue<FeedItem> _latest = new(Capacity + 1);
    private long _nextId;

    /// <summary>Posts made in this process so far.</summary>
    public long Count { get { lock (_lock) return _nextId; } }

    /// <summary>Adds a post. Throws <see cref="ArgumentException"/> for empty text or text over <see cref="MaxText"/> characters.</summary>
    public FeedItem Post(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) throw new ArgumentException("Write something to post.", nameof(text));
        if (text.Length > MaxText) throw new ArgumentException($"A post has at most {MaxText} characters.", nameof(text));
        lock (_lock)
        {
            var item = new FeedItem(++_nextId, text, (clock ?? TimeProvider.System).GetUtcNow());
            _latest.Enqueue(item);
            if (_latest.Count > Capacity) _latest.Dequeue();
            return item;
        }
    }

    /// <summary>The latest posts, newest first.</summary>
    public IReadOnlyList<FeedItem> Latest()
    {
        lock (_lock) return [.. _latest.Reverse()];
    }
}
