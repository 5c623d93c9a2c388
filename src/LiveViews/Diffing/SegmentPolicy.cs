namespace LiveViews.Diffing;

/// <summary>
/// What a <see cref="ViewTree"/> does with a segment that is not balanced (see <see cref="HtmlTreeParser.ParseSegment"/>):
/// throw an <see cref="UnbalancedHtmlException"/> naming the view and the segment (development), or parse that render
/// whole, without segments, so the tree is still what the browser shows (production).
/// </summary>
internal sealed class SegmentPolicy
{
    /// <summary>Throws (the default, what tests and development want).</summary>
    public static readonly SegmentPolicy Strict = new() { ThrowOnUnbalanced = true };

    /// <summary>Throw instead of falling back to a whole render.</summary>
    public bool ThrowOnUnbalanced { get; init; }

    /// <summary>The view's name in messages.</summary>
    public string ViewName { get; init; } = "The view";

    /// <summary>
    /// Finds the memo key of a memoized segment from its HTML (start marker, content, end marker), for the message;
    /// null when the segment is not memoized.
    /// </summary>
    public Func<string, object?>? FindMemoKey { get; init; }

    /// <summary>Told (with the message) when a render fell back to a whole parse.</summary>
    public Action<string>? OnFallback { get; init; }
}
