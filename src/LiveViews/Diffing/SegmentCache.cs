namespace LiveViews.Diffing;

/// <summary>
/// The parsed segments of one <see cref="ViewTree"/> that cannot be pooled (<see cref="SegmentPool"/>): those holding a
/// live component's placeholder, whose nodes name this view's components. Keyed by (context, segment HTML) with ordinal
/// comparison.
/// <para>
/// Lookup cost matters because it is paid for every segment of every render: first the segment the previous render
/// had at the same position (shifted by the offset of the last hit, so rows after an inserted or removed row are
/// still found in place) is compared with a vectorized ordinal compare; only when that fails is the segment hashed
/// and looked up by span (no string allocated). Entries are stamped with the render that used them and the entries a
/// completed render did not use are dropped, so memory stays proportional to the page.
/// </para>
/// Not thread-safe (one per view).
/// </summary>
internal sealed class SegmentCache
{
    /// <summary>A parsed segment.</summary>
    internal sealed class Entry(SegmentContext context, string html, VNode[] nodes)
    {
        public SegmentContext Context { get; } = context;
        public string Html { get; } = html;
        public VNode[] Nodes { get; } = nodes;
        /// <summary>The render that last used the entry.</summary>
        public int Stamp;
        /// <summary>Segment index at its last use.</summary>
        public int Index;
    }

    private Entry[] _previous = [];
    private int _previousCount;
    private Entry[] _current = new Entry[16];
    private int _currentCount;
    private int _stamp;
    private int _delta;
    private int _usedEntries;
    private readonly Dictionary<SegmentContext, Dictionary<string, Entry>> _byContext = new(ReferenceEqualityComparer.Instance);

    /// <summary>Entries held (after a completed render: those it used).</summary>
    public int Count { get; private set; }

    /// <summary>Starts a render.</summary>
    public void BeginRender()
    {
        _stamp++;
        _delta = 0;
        _currentCount = 0;
        _usedEntries = 0;
    }

    /// <summary>Finds the parsed nodes of segment number <paramref name="index"/> of this render, or returns null.</summary>
    public VNode[]? TryGet(int index, SegmentContext context, ReadOnlySpan<char> html)
    {
        int p = index + _delta;
        if ((uint)p < (uint)_previousCount)
        {
            var e = _previous[p];
            if (ReferenceEquals(e.Context, context) && html.SequenceEqual(e.Html)) return Use(e, index);
        }
        if (_byContext.TryGetValue(context, out var segments) && segments.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(html, out var entry))
        {
            if (entry.Stamp == _stamp - 1) _delta = entry.Index - index;
            return Use(entry, index);
        }
        return null;
    }

    /// <summary>Adds the nodes parsed for segment number <paramref name="index"/>.</summary>
    public void Add(int index, SegmentContext context, string html, VNode[] nodes)
    {
        var entry = new Entry(context, html, nodes);
        if (!_byContext.TryGetValue(context, out var segments)) _byContext[context] = segments = new(StringComparer.Ordinal);
        segments[html] = entry;
        Count++;
        Use(entry, index);
    }

    private VNode[] Use(Entry entry, int index)
    {
        if (entry.Stamp != _stamp)
        {
            entry.Stamp = _stamp;
            _usedEntries++;
        }
        entry.Index = index;
        if (_currentCount == _current.Length) Array.Resize(ref _current, Math.Max(16, _current.Length * 2));
        _current[_currentCount++] = entry;
        return entry.Nodes;
    }

    /// <summary>Ends a successful render: drops the entries it did not use and makes its order the next render's guess.</summary>
    public void EndRender()
    {
        if (_usedEntries < Count)
        {
            foreach (var segments in _byContext.Values)
            {
                foreach (var (html, entry) in segments)
                    if (entry.Stamp != _stamp) segments.Remove(html); // allowed while enumerating
            }
            Count = _usedEntries;
        }
        int oldCount = _previousCount;
        (_previous, _current) = (_current, _previous);
        _previousCount = _currentCount;
        Array.Clear(_current, 0, oldCount); // drop references to evicted entries
        _currentCount = 0;
    }

    /// <summary>
    /// Abandons a failed render. Entries it added stay until the next completed render drops them; the positional
    /// guess stays the last completed render's.
    /// </summary>
    public void AbortRender() => _currentCount = 0;
}
