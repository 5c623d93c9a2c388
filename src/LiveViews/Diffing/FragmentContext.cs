using AngleSharp.Dom;

namespace LiveViews.Diffing;

/// <summary>
/// A kind of parent element that HTML is parsed in with the WHATWG fragment parsing algorithm, as the client parses op
/// HTML (e.g. <c>tbody</c>, so rows parse as rows; <c>svg:svg</c>, so children get the SVG namespace). One per distinct
/// kind per process (<see cref="HtmlTreeParser.GetContext(VNamespace, string, bool)"/>), shared by every tree and thread.
/// </summary>
internal sealed class FragmentContext(string key, VNamespace ns, string tag, IElement element)
{
    /// <summary>Identity of the kind: the HTML tag name, or <c>svg:</c>/<c>math:</c> plus the local name (<c>math:annotation-xml+html</c> when its content is HTML).</summary>
    public string Key { get; } = key;

    /// <summary>The context element's namespace.</summary>
    public VNamespace Namespace { get; } = ns;

    /// <summary>The context element's local name.</summary>
    public string Tag { get; } = tag;

    /// <summary>A detached element of a private no-quirks document, passed to AngleSharp's fragment parser (only read, never changed).</summary>
    public IElement Element { get; } = element;
}
