namespace LiveViews;

public abstract partial class LiveView
{
    private List<LiveStream>? _streams;

    /// <summary>
    /// The stream <paramref name="name"/> of this view (created by the first call, typically in <see cref="MountAsync"/>,
    /// and returned by later ones): a collection the browser keeps and the server forgets once rendered (see
    /// <see cref="LiveStream"/>). Insert the mount's rows right away: <c>Feed = Stream("feed", (Post p) =&gt; "post-" + p.Id,
    /// limit: 50).InsertRange(latest);</c>.
    /// </summary>
    /// <param name="name">The container's <c>lv-stream</c> value.</param>
    /// <param name="domId">The DOM id of an item's row (unique within the page, e.g. <c>"post-" + id</c>).</param>
    /// <param name="limit">Most rows the browser keeps (0: no limit); see <see cref="LiveStream.Limit"/>.</param>
    /// <exception cref="InvalidOperationException">A stream of that name exists with another row type or limit.</exception>
    protected LiveStream<T> Stream<T>(string name, Func<T, string> domId, int limit = 0)
    {
        foreach (var existing in _streams ?? [])
        {
            if (existing.Name != name) continue;
            return existing is LiveStream<T> typed && typed.Limit == limit ? typed
                : throw new InvalidOperationException($"Stream '{name}' exists with another row type or limit.");
        }
        var stream = new LiveStream<T>(name, domId, limit);
        (_streams ??= []).Add(stream);
        return stream;
    }

    /// <summary>The view's streams, or null when it has none.</summary>
    internal IReadOnlyList<LiveStream>? Streams => _streams;
}
