namespace LiveViews.Diffing;

/// <summary>
/// Where a run of segments sits in the skeleton: the chain of elements from the view root to the placeholder's parent.
/// A segment is parsed inside that chain (<see cref="HtmlTreeParser.ParseSegment"/>) so that it is parsed as the
/// browser parses the page, and so that a segment that would not stay inside its parent is detected. One per distinct
/// chain per <see cref="ViewTree"/>; it also holds the segments already parsed there.
/// </summary>
internal sealed class SegmentContext(string key, string probePrefix, int depth, bool checkFormatting, string parentTag)
{
    /// <summary>The chain's start tags, e.g. <c>&lt;section&gt;&lt;ul id="todo-list"&gt;</c> (empty: the root itself).</summary>
    public string Key { get; } = key;

    /// <summary>The document the segment is appended to: doctype, body, root div and the chain's start tags.</summary>
    public string ProbePrefix { get; } = probePrefix;

    /// <summary>Elements between the root and the segment's parent, the parent included (0: the parent is the root).</summary>
    public int Depth { get; } = depth;

    /// <summary>
    /// Whether an element after the segment would reconstruct formatting elements the segment left open (false where
    /// the parser foster-parents or drops it: tables, select, foreign content).
    /// </summary>
    public bool CheckFormatting { get; } = checkFormatting;

    /// <summary>The parent's tag, for error messages.</summary>
    public string ParentTag { get; } = parentTag;

    /// <summary>Parsed segments of this context by HTML (managed by <see cref="SegmentCache"/>).</summary>
    internal Dictionary<string, SegmentCache.Entry> Segments { get; } = new(StringComparer.Ordinal);
}
