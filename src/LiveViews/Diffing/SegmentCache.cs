namespace LiveViews.Diffing;

/// <summary>
/// Parsed segments of one <see cref="FragmentContext"/>, keyed by their HTML (ordinal). Holds two generations: the
/// entries used by the previous render and those used by the current one; <see cref="EndRender"/> drops what the
/// current render did not use, so memory stays proportional to the page. Lookups take a span of the rendered
/// HTML, so an unchanged segment costs a hash and a compare, and no string allocation.
/// </summary>
internal sealed class SegmentCache
{
    private Dictionary<string, VNode[]> _current = new(StringComparer.Ordinal);
    private Dictionary<string, VNode[]> _previous = new(StringComparer.Ordinal);

    /// <summary>Entries kept after the last completed render.</summary>
    public int Count => _previous.Count;

    /// <summary>Finds a segment parsed by this or the previous render; marks it used by this render.</summary>
    public bool TryGet(ReadOnlySpan<char> html, out VNode[] nodes)
    {
        if (_current.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(html, out nodes!)) return true;
        if (_previous.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(html, out var key, out nodes!))
        {
            _current[key] = nodes;
            return true;
        }
        return false;
    }

    /// <summary>Remembers a segment parsed by the current render.</summary>
    public void Add(string html, VNode[] nodes) => _current[html] = nodes;

    /// <summary>Ends a successful render: keeps exactly the entries it used.</summary>
    public void EndRender()
    {
        (_previous, _current) = (_current, _previous);
        _current.Clear(); // Clear keeps the buckets, so steady-state renders do not reallocate.
    }

    /// <summary>Abandons a failed render: the previous render's entries stay.</summary>
    public void AbortRender() => _current.Clear();
}
