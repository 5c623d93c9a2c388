namespace LiveViews.Diffing;

/// <summary>
/// Where a run of segments sits in the skeleton: the chain of elements from the view root to the placeholder's parent.
/// A segment is parsed inside that chain (<see cref="HtmlTreeParser.ParseSegment"/>) so that it is parsed as the
/// browser parses the page, and so that a segment that would not stay inside its parent is detected. One per distinct
/// chain per <see cref="HtmlTreeParser"/>; two views with the same chain have equal contexts (<see cref="SameChain"/>),
/// so they share the parses of the segments they both render (<see cref="SharedSegment"/>). Immutable.
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

    /// <summary>
    /// Whether a segment parses the same here as in <paramref name="other"/>: the same probe document (which also fixes the
    /// depth, the formatting check and the parent).
    /// </summary>
    public bool SameChain(SegmentContext other) =>
        ReferenceEquals(this, other) || string.Equals(ProbePrefix, other.ProbePrefix, StringComparison.Ordinal);
}
