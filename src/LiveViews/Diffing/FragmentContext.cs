using AngleSharp.Dom;

namespace LiveViews.Diffing;

/// <summary>
/// An element a segment is parsed in (the parent of its placeholder, e.g. <c>tbody</c> so rows parse as rows),
/// with the segments already parsed in that context. One per distinct context per <see cref="ViewTree"/>.
/// </summary>
internal sealed class FragmentContext(string key, VNamespace ns, string tag, IElement element)
{
    /// <summary>Identity of the context: the HTML tag name, or <c>svg:</c>/<c>math:</c> plus the local name.</summary>
    public string Key { get; } = key;

    /// <summary>The context element's namespace.</summary>
    public VNamespace Namespace { get; } = ns;

    /// <summary>The context element's local name.</summary>
    public string Tag { get; } = tag;

    /// <summary>A detached element of the owning tree's private document, passed to AngleSharp's fragment parser.</summary>
    public IElement Element { get; } = element;

    /// <summary>Parsed segments of this context by HTML (managed by <see cref="SegmentCache"/>).</summary>
    internal Dictionary<string, SegmentCache.Entry> Segments { get; } = new(StringComparer.Ordinal);
}
