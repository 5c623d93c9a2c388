using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace LiveViews.Diffing;

/// <summary>
/// Parses HTML fragments with AngleSharp (WHATWG fragment parsing algorithm) and converts the result to the
/// immutable <see cref="VNode"/> tree. Owns a private context document for fragment contexts, so instances
/// must not be shared between threads (one per <see cref="ViewTree"/>).
/// </summary>
internal sealed class HtmlTreeParser
{
    private readonly HtmlParser _parser;
    private readonly IDocument _document;
    private readonly Dictionary<string, FragmentContext> _contexts = new(StringComparer.Ordinal);
    private readonly Stack<ChildListBuilder> _builders = new();

    /// <param name="parser">
    /// The parser to use; it should be created with <see cref="HtmlParserOptions.IsScripting"/> = true, as browsers
    /// parse (<c>noscript</c> content is raw text). AngleSharp's <see cref="HtmlParser"/> keeps no state between
    /// calls, so one may be shared between trees.
    /// </param>
    /// <param name="rootNamespace">Namespace of the element the tree's top-level nodes are parsed in.</param>
    /// <param name="rootTag">That element's local name: <c>div</c> for a view root; a component's parent element for a component.</param>
    public HtmlTreeParser(HtmlParser? parser = null, VNamespace rootNamespace = VNamespace.Html, string rootTag = "div")
    {
        _parser = parser ?? CreateParser();
        _document = _parser.ParseDocument(string.Empty);
        RootContext = GetContext(rootNamespace, rootTag);
    }

    /// <summary>Resolves live component placeholders into <see cref="VComponent"/> nodes; without one they stay comments.</summary>
    public IComponentResolver? Components { get; set; }

    /// <summary>Creates a parser with browser-like options (scripting on).</summary>
    public static HtmlParser CreateParser() => new(new HtmlParserOptions { IsScripting = true });

    /// <summary>The context of the tree's top-level nodes (a view root's <c>div</c>, or a component's parent).</summary>
    public FragmentContext RootContext { get; }

    /// <summary>All contexts created so far (one per distinct placeholder parent kind).</summary>
    public IEnumerable<FragmentContext> Contexts => _contexts.Values;

    /// <summary>
    /// Parses a skeleton (the root's inner HTML with <see cref="SegmentMarkers.Placeholder"/> comments).
    /// Placeholders become <see cref="VPlaceholder"/> nodes carrying the context their segment must be parsed in.
    /// </summary>
    /// <param name="html">Skeleton HTML.</param>
    /// <param name="placeholderCount">Number of placeholders found (in document order).</param>
    public VNode[] ParseSkeleton(string html, out int placeholderCount)
    {
        var nodes = _parser.ParseFragment(html, RootContext.Element);
        int count = 0;
        var result = ConvertChildren(nodes, RootContext.Namespace, RootContext.Tag, skeleton: true, ref count);
        placeholderCount = count;
        return result;
    }

    /// <summary>
    /// Parses segment HTML in <paramref name="context"/> into nodes. The segment's end marker, which the span includes
    /// (see <see cref="SegmentSplitter"/>), is dropped; placeholder-looking comments stay comments.
    /// </summary>
    public VNode[] ParseFragment(string html, FragmentContext context)
    {
        var nodes = _parser.ParseFragment(html, context.Element);
        int count = 0;
        return ConvertChildren(nodes, context.Namespace, context.Tag, skeleton: false, ref count);
    }

    private VNode[] ConvertChildren(INodeList nodes, VNamespace parentNs, string parentTag, bool skeleton, ref int placeholders)
    {
        if (nodes.Length == 0) return [];
        var builder = _builders.Count > 0 ? _builders.Pop() : new ChildListBuilder();
        for (int i = 0; i < nodes.Length; i++)
        {
            var node = nodes[i];
            switch (node)
            {
                case IElement e:
                    builder.Add(ConvertElement(e, skeleton, ref placeholders));
                    break;
                case IText t:
                    builder.Add(new VText(t.Data));
                    break;
                case IComment c:
                    if (skeleton && c.Data == SegmentMarkers.PlaceholderData)
                    {
                        placeholders++;
                        builder.Add(new VPlaceholder(GetContext(parentNs, parentTag)));
                    }
                    else if (Components is { } components && c.Data.StartsWith(SegmentMarkers.ComponentData, StringComparison.Ordinal)
                             && int.TryParse(c.Data.AsSpan(SegmentMarkers.ComponentData.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
                        builder.Add(new VComponent(components.Place(number, GetContext(parentNs, parentTag))));
                    else if (skeleton || c.Data != SegmentMarkers.EndData) builder.Add(new VComment(c.Data));
                    break;
                // Doctype and processing instructions cannot occur in a fragment's children.
            }
        }
        var result = builder.ToArrayAndClear();
        _builders.Push(builder);
        return result;
    }

    private VElement ConvertElement(IElement e, bool skeleton, ref int placeholders)
    {
        var uri = e.NamespaceUri;
        var ns = uri == NamespaceNames.SvgUri ? VNamespace.Svg : uri == NamespaceNames.MathMlUri ? VNamespace.MathML : VNamespace.Html;
        var tag = e.LocalName;
        var map = e.Attributes;
        HtmlAttribute[] attributes;
        if (map.Length == 0) attributes = [];
        else
        {
            attributes = new HtmlAttribute[map.Length];
            for (int i = 0; i < attributes.Length; i++)
            {
                var a = map[i]!;
                attributes[i] = new HtmlAttribute(SerializedName(a), a.Value);
            }
        }
        VNode[] children;
        if (e is IHtmlTemplateElement template)
        {
            children = ConvertChildren(template.Content.ChildNodes, ns, tag, skeleton, ref placeholders);
        }
        else if (e.HasChildNodes)
        {
            children = ConvertChildren(e.ChildNodes, ns, tag, skeleton, ref placeholders);
        }
        else children = [];
        return new VElement(tag, ns, attributes, children);
    }

    // WHATWG "attribute's serialized name": prefixed for the xml, xmlns and xlink namespaces, else the local name.
    private static string SerializedName(IAttr a)
    {
        var uri = a.NamespaceUri;
        if (string.IsNullOrEmpty(uri)) return a.LocalName;
        if (uri == NamespaceNames.XmlUri) return "xml:" + a.LocalName;
        if (uri == NamespaceNames.XmlNsUri) return a.LocalName == "xmlns" ? "xmlns" : "xmlns:" + a.LocalName;
        if (uri == NamespaceNames.XLinkUri) return "xlink:" + a.LocalName;
        return a.Name;
    }

    /// <summary>Returns (creating once) the context for elements of kind <paramref name="ns"/>/<paramref name="tag"/>.</summary>
    public FragmentContext GetContext(VNamespace ns, string tag)
    {
        var key = ns switch
        {
            VNamespace.Svg => "svg:" + tag,
            VNamespace.MathML => "math:" + tag,
            _ => tag,
        };
        if (_contexts.TryGetValue(key, out var context)) return context;
        var element = ns switch
        {
            VNamespace.Svg => _document.CreateElement(NamespaceNames.SvgUri, tag),
            VNamespace.MathML => _document.CreateElement(NamespaceNames.MathMlUri, tag),
            _ => _document.CreateElement(tag),
        };
        context = new FragmentContext(key, ns, tag, element);
        _contexts.Add(key, context);
        return context;
    }
}
