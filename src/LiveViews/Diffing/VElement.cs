namespace LiveViews.Diffing;

/// <summary>An element: tag, attributes in source order, children, and the diff key.</summary>
internal sealed class VElement : VNode
{
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
        Attributes = attributes;
        Children = children;
        string? id = null;
        foreach (var a in attributes)
        {
            if (a.Name == "lv-id") { Key = a.Value; id = null; break; }
            if (id is null && a.Name == "id") id = a.Value;
        }
        Key ??= id;
        foreach (var a in attributes)
            if (a.Name == "lv-ignore") { IgnoresChildren = true; break; }
        if (!scanForPlaceholders) return;
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
    public HtmlAttribute[] Attributes { get; }

    /// <summary>Children in document order.</summary>
    public VNode[] Children { get; }

    /// <summary>The diff key (docs/protocol.md, "Diff keys"): the <c>lv-id</c> attribute, else <c>id</c>, else null.</summary>
    public string? Key { get; }

    /// <summary>
    /// True for an element with the <c>lv-ignore</c> attribute: client code (a hook) owns its children, so a diff patches
    /// its attributes only and never its children.
    /// </summary>
    public bool IgnoresChildren { get; }

    /// <summary>True when this skeleton element (or a descendant) holds a segment placeholder: composing must rebuild it.</summary>
    internal bool HasPlaceholders { get; }

    public override int NodeType => 1;

    /// <summary>True for elements whose children the browser keeps out of <c>childNodes</c> (<c>template</c>): the differ replaces them whole.</summary>
    internal bool IsTemplate => Namespace == VNamespace.Html && Tag == "template";

    /// <summary>Returns the value of attribute <paramref name="name"/>, or null.</summary>
    public string? GetAttribute(string name)
    {
        foreach (var a in Attributes) if (a.Name == name) return a.Value;
        return null;
    }

    private string? _nodeName;

    /// <summary>
    /// The DOM's <c>nodeName</c> of this element in an HTML document: the tag in ASCII uppercase for HTML elements,
    /// the tag as it is for SVG and MathML ones, so it also tells an HTML <c>MI</c> from a MathML <c>mi</c>.
    /// Ops carry it so the client can verify the node it patches (docs/protocol.md, "Verification").
    /// </summary>
    public string DomNodeName => _nodeName ??= Namespace == VNamespace.Html ? AsciiUpper(Tag) : Tag;

    /// <summary>True for <c>script</c> in HTML or SVG: the differ never edits one in place (a patch must not run it).</summary>
    internal bool IsScript => Tag == "script" && Namespace != VNamespace.MathML;

    private static string AsciiUpper(string tag)
    {
        foreach (var c in tag)
            if (c is >= 'a' and <= 'z') return string.Create(tag.Length, tag, static (span, t) =>
            {
                for (int i = 0; i < t.Length; i++) span[i] = t[i] is >= 'a' and <= 'z' ? (char)(t[i] - 32) : t[i];
            });
        return tag;
    }

    public override string ToString() => "<" + Tag + (Key is null ? "" : " key=" + Key) + "> (" + Children.Length + " children)";
}
