namespace LiveViews.Diffing;

/// <summary>An element: tag, attributes in source order, children, and the diff key.</summary>
/// <remarks>
/// A top-level element of a pooled segment (<see cref="ParsedSegment"/>) is <em>lazy</em>: it keeps its identity (tag,
/// namespace, key, flags) and drops its attributes and children between operations (<see cref="Materialization"/>);
/// reading <see cref="Attributes"/> or <see cref="Children"/> parses the segment's HTML again and takes them from the
/// same element of that parse, so every reader sees the tree the HTML parses to, as if it had been kept. Such an
/// element may be shared by views rendering on other threads: its fields are single references, published whole.
/// </remarks>
internal sealed class VElement : VNode
{
    private HtmlAttribute[]? _attributes;
    private VNode[]? _children;
    private ParsedSegment? _source;

    /// <summary>Creates an element. The arrays are owned by the element from now on (never mutated).</summary>
    /// <param name="tag">Local name as the HTML serializer writes it: lowercase for HTML, case-adjusted for SVG (<c>foreignObject</c>).</param>
    /// <param name="ns">The element's namespace.</param>
    /// <param name="attributes">Attributes in source order.</param>
    /// <param name="children">Child nodes: no empty text node and no two adjacent text nodes. For <c>template</c>, the content's nodes.</param>
    public VElement(string tag, VNamespace ns, HtmlAttribute[] attributes, VNode[] children)
        : this(tag, ns, attributes, children, scanForPlaceholders: true)
    {
    }

    /// <summary>Creates an element; <paramref name="scanForPlaceholders"/> = false when the children are known to hold none (composed trees).</summary>
    internal VElement(string tag, VNamespace ns, HtmlAttribute[] attributes, VNode[] children, bool scanForPlaceholders)
    {
        Tag = tag;
        Namespace = ns;
        _attributes = attributes;
        _children = children;
        string? id = null;
        foreach (var a in attributes)
        {
            if (a.Name == "lv-id") { Key = a.Value; id = null; break; }
            if (id is null && a.Name == "id") id = a.Value;
        }
        Key ??= id;
        if (Key is not null) Key = KeyTable.Share(Key); // one string per id for all views (an idle row keeps only its key)
        foreach (var a in attributes)
        {
            if (a.Name == "lv-ignore") IgnoresChildren = true;
            else if (a.Name == "lv-stream") IsStreamContainer = HasPlaceholders = true; // composing takes its rows out
        }
        if (!scanForPlaceholders || HasPlaceholders) return;
        foreach (var c in children)
        {
            if (c is VPlaceholder || c is VElement { HasPlaceholders: true }) { HasPlaceholders = true; break; }
        }
    }

    /// <summary>Local name (see constructor).</summary>
    public string Tag { get; }

    /// <summary>Namespace of the element.</summary>
    public VNamespace Namespace { get; }

    /// <summary>Attributes in source order (name, value).</summary>
    public HtmlAttribute[] Attributes => _attributes ?? Materialize().Attributes;

    /// <summary>Children in document order.</summary>
    public VNode[] Children => _children ?? Materialize().Children;

    /// <summary>The diff key (docs/protocol.md, "Diff keys"): the <c>lv-id</c> attribute, else <c>id</c>, else null.</summary>
    public string? Key { get; }

    /// <summary>
    /// True for an element with the <c>lv-ignore</c> attribute: client code (a hook) owns its children, so a diff patches
    /// its attributes only and never its children.
    /// </summary>
    public bool IgnoresChildren { get; }

    /// <summary>True for an element with the <c>lv-stream</c> attribute: its children are a stream's rows (<see cref="ViewTree.CollectStreams"/>).</summary>
    internal bool IsStreamContainer { get; }

    /// <summary>True when this skeleton element (or a descendant) holds a segment placeholder or is a stream container: composing must rebuild it.</summary>
    internal bool HasPlaceholders { get; }

    /// <summary>True when the attributes and children are dropped between operations and parsed again when read.</summary>
    internal bool IsLazy => _source is not null;

    /// <summary>True when the attributes and children are in memory now.</summary>
    internal bool IsMaterialized => _attributes is not null && _children is not null;

    public override int NodeType => 1;

    /// <summary>True for elements whose children the browser keeps out of <c>childNodes</c> (<c>template</c>): the differ replaces them whole.</summary>
    internal bool IsTemplate => Namespace == VNamespace.Html && Tag == "template";

    /// <summary>Returns the value of attribute <paramref name="name"/>, or null.</summary>
    public string? GetAttribute(string name)
    {
        foreach (var a in Attributes) if (a.Name == name) return a.Value;
        return null;
    }

    /// <summary>
    /// The DOM's <c>nodeName</c> of this element in an HTML document: the tag in ASCII uppercase for HTML elements,
    /// the tag as it is for SVG and MathML ones, so it also tells an HTML <c>MI</c> from a MathML <c>mi</c>.
    /// Ops carry it so the client can verify the node it patches (docs/protocol.md, "Verification").
    /// </summary>
    public string DomNodeName => Namespace == VNamespace.Html ? NameTable.HtmlNodeName(Tag) : Tag;

    /// <summary>True for <c>script</c> in HTML or SVG: the differ never edits one in place (a patch must not run it).</summary>
    internal bool IsScript => Tag == "script" && Namespace != VNamespace.MathML;

    /// <summary>
    /// Makes this element (a top-level node of <paramref name="source"/>'s freshly parsed nodes) lazy: its content is
    /// dropped when the current <see cref="Materialization"/> scope ends. Called before the parse is published.
    /// </summary>
    internal void AttachSource(ParsedSegment source)
    {
        _source = source;
        Materialization.Hold(this);
    }

    /// <summary>Drops the attributes and children of a lazy element (they are parsed again when next read).</summary>
    internal void Release()
    {
        if (_source is null) return;
        _attributes = null;
        _children = null;
    }

    private (HtmlAttribute[] Attributes, VNode[] Children) Materialize()
    {
        var source = _source ?? throw new InvalidOperationException("An element without content has no source to parse it from.");
        var twin = source.ParseTwinOf(this);
        if (!Materialization.Active) return (twin.Attributes, twin.Children);
        TakeContentOf(twin);
        return (twin._attributes!, twin._children!);
    }

    /// <summary>
    /// Gives this lazy element the content of <paramref name="twin"/> (the same element of a fresh parse of its source)
    /// until the current <see cref="Materialization"/> scope ends.
    /// </summary>
    internal void TakeContentOf(VElement twin)
    {
        // Publish whole references; a concurrent release only means the next reader parses again.
        _attributes = twin._attributes;
        _children = twin._children;
        Materialization.Hold(this);
    }

    public override string ToString() => "<" + Tag + (Key is null ? "" : " key=" + Key) + ">" + (IsMaterialized ? " (" + _children!.Length + " children)" : " (lazy)");
}
