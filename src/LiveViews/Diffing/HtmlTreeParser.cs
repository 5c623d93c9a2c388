using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace LiveViews.Diffing;

/// <summary>
/// Parses HTML with AngleSharp (WHATWG parsing algorithm) and converts the result to the immutable <see cref="VNode"/>
/// tree. Fragments are parsed with the fragment parsing algorithm in a context element of a private no-quirks document
/// (a page has <c>&lt;!DOCTYPE html&gt;</c>, so <c>&lt;table&gt;</c> closes an open <c>&lt;p&gt;</c> as in the
/// browser); segments are parsed inside their chain of ancestors and checked to stay there
/// (<see cref="ParseSegment"/>). Instances must not be shared between threads (one per <see cref="ViewTree"/>).
/// </summary>
internal sealed class HtmlTreeParser
{
    /// <summary>The document a segment or render is parsed in to see it as the page does: the view root is its first div.</summary>
    internal const string PagePrefix = "<!DOCTYPE html><body><div>";

    /// <summary>An element the segment check appends after a segment: the parser wraps it in any formatting element the segment left open.</summary>
    private const string FormattingProbe = "<lv-probe></lv-probe>";

    private readonly HtmlParser _parser;
    // The context elements of every tree, in one private no-quirks document for the process: fragment parsing only reads
    // a context element (its name, namespace, attributes and document mode), and a document per tree would keep its
    // parser's buffers (~15 KB a view). Elements are created under the lock and never changed once published.
    private static readonly Lock s_contextLock = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, FragmentContext> s_contexts = new(StringComparer.Ordinal);
    private static IDocument? s_document;
    private const int MaxSharedContexts = 1024; // tag names can come from markup a template writes: bounded
    private readonly Dictionary<string, SegmentContext> _segmentContexts = new(StringComparer.Ordinal);
    private readonly Stack<ChildListBuilder> _builders = new();
    private readonly List<IElement> _ancestors = new();
    private readonly string _rootPrefix;
    private readonly int _rootDepth;

    /// <param name="parser">
    /// The parser to use; it should be created with <see cref="HtmlParserOptions.IsScripting"/> = true, as browsers
    /// parse (<c>noscript</c> content is raw text). AngleSharp's <see cref="HtmlParser"/> keeps no state between
    /// calls, so one may be shared between trees.
    /// </param>
    /// <param name="rootNamespace">Namespace of the element holding the tree's top-level nodes.</param>
    /// <param name="rootTag">That element's local name: <c>div</c> for a view root; a live component's parent element for a component.</param>
    public HtmlTreeParser(HtmlParser? parser = null, VNamespace rootNamespace = VNamespace.Html, string rootTag = "div")
    {
        _parser = parser ?? CreateParser();
        RootContext = GetContext(rootNamespace, rootTag);
        (_rootPrefix, _rootDepth) = rootNamespace == VNamespace.Html && rootTag == "div" ? (PagePrefix, 0) : ChainTo(rootNamespace, rootTag);
    }

    /// <summary>Resolves live component placeholders into <see cref="VComponent"/> nodes; without one they stay comments.</summary>
    public IComponentResolver? Components { get; set; }

    /// <summary>
    /// A page prefix whose innermost open element is a <paramref name="tag"/> of <paramref name="ns"/> (a component tree's
    /// root context), and how many elements it opens below the body's first child: segments of a component are parsed
    /// in such a chain (the component's real ancestors are its parent's business).
    /// </summary>
    private static (string Prefix, int Depth) ChainTo(VNamespace ns, string tag)
    {
        var chain = ns switch
        {
            VNamespace.Svg => tag == "svg" ? "<svg>" : "<svg><" + tag + ">",
            VNamespace.MathML => tag == "math" ? "<math>" : "<math><" + tag + ">",
            _ => tag switch
            {
                "table" => "<table>",
                "tbody" or "thead" or "tfoot" => "<table><" + tag + ">",
                "tr" => "<table><tbody><tr>",
                "td" or "th" => "<table><tbody><tr><" + tag + ">",
                "caption" or "colgroup" => "<table><" + tag + ">",
                "select" or "datalist" => "<" + tag + ">",
                "optgroup" or "option" => "<select><" + tag + ">",
                "html" or "head" or "body" or "frameset" => "<div>",
                _ => "<" + tag + ">",
            },
        };
        return ("<!DOCTYPE html><body>" + chain, chain.Count(c => c == '<') - 1);
    }

    /// <summary>Creates a parser with browser-like options (scripting on).</summary>
    public static HtmlParser CreateParser() => new(new HtmlParserOptions { IsScripting = true });

    /// <summary>The context of the tree's top-level nodes (a view root's <c>div</c>, or a component's parent).</summary>
    public FragmentContext RootContext { get; }

    /// <summary>
    /// Parses a skeleton (the root's inner HTML with <see cref="SegmentMarkers.Placeholder"/> comments).
    /// Placeholders become <see cref="VPlaceholder"/> nodes carrying the chain their segments must be parsed in.
    /// </summary>
    /// <param name="html">Skeleton HTML.</param>
    /// <param name="placeholderCount">Number of placeholders found (in document order).</param>
    public VNode[] ParseSkeleton(string html, out int placeholderCount)
    {
        var nodes = _parser.ParseFragment(html, RootContext.Element);
        int count = 0;
        _ancestors.Clear();
        var result = ConvertChildren(nodes, skeleton: true, ref count);
        placeholderCount = count;
        return result;
    }

    /// <summary>Parses <paramref name="html"/> with the fragment parsing algorithm in <paramref name="context"/>, as the client parses op HTML.</summary>
    public VNode[] ParseFragment(string html, FragmentContext context)
    {
        var nodes = _parser.ParseFragment(html, context.Element);
        int count = 0;
        return ConvertRange(nodes, 0, nodes.Length, null, context, ref count);
    }

    /// <summary>
    /// Parses the HTML of one segment (its content, end marker and the whitespace after it, see
    /// <see cref="SegmentSplitter"/>) as the page parses it: appended to a document holding the chain of elements from
    /// the view root to the placeholder's parent. The segment is <em>balanced</em> when it ends where it started:
    /// its end marker is a child of that parent, nothing it holds landed elsewhere, and it leaves no formatting element
    /// open. An unbalanced segment (an unclosed <c>&lt;script&gt;</c>, comment, tag, <c>&lt;textarea&gt;</c>…
    /// that swallows the marker, an element left open, a stray end tag) would not parse in the page as it does alone.
    /// </summary>
    /// <param name="html">The segment's HTML.</param>
    /// <param name="context">The placeholder's chain.</param>
    /// <param name="problem">Null when balanced; else what is wrong, for an error message.</param>
    /// <param name="resolveComponents">False for nodes shared with other views (<see cref="SegmentPool"/>): comments stay comments.</param>
    /// <returns>The segment's nodes (end marker dropped), or null when it is not balanced.</returns>
    public VNode[]? ParseSegment(string html, SegmentContext context, out string? problem, bool resolveComponents = true)
    {
        if (resolveComponents || Components is null) return ParseSegmentCore(html, context, out problem);
        var components = Components;
        Components = null;
        try { return ParseSegmentCore(html, context, out problem); }
        finally { Components = components; }
    }

    /// <summary>
    /// Parses several segments (each as <see cref="ParseSegment"/> takes it) of one context in one document, each followed
    /// by a separator (the formatting probe where <see cref="SegmentContext.CheckFormatting"/>, else a framework comment),
    /// and splits the parent's children back at the separators. Balanced segments leave the parser where they found it
    /// (the same open elements, no formatting element open), so each one's nodes are what its own parse gives; when the
    /// children do not split back exactly (some segment is not balanced), returns false and the caller parses them one
    /// by one, which names the problem. Live components are not resolved (for pooled segments only).
    /// </summary>
    /// <param name="sources">The segments' sources (content, end marker, whitespace); none may hold a framework marker but its end marker.</param>
    /// <param name="context">Their placeholder's chain.</param>
    /// <param name="results">Receives each segment's nodes (end marker dropped), at the same index as its source.</param>
    public bool TryParseSegments(IReadOnlyList<string> sources, SegmentContext context, VNode[][] results)
    {
        var separator = context.CheckFormatting ? FormattingProbe : BatchSeparator;
        int length = context.ProbePrefix.Length;
        foreach (var source in sources) length += source.Length + separator.Length;
        var text = new StringBuilder(length).Append(context.ProbePrefix);
        foreach (var source in sources) text.Append(source).Append(separator);
        var parent = SegmentParent(_parser.ParseDocument(text.ToString()), context);
        if (parent is null) return false;
        var children = parent.ChildNodes;
        var components = Components;
        Components = null;
        try
        {
            int i = 0;
            for (int k = 0; k < sources.Count; k++)
            {
                int start = i;
                while (i < children.Length && children[i] is not IComment { Data: SegmentMarkers.EndData })
                {
                    if (IsSeparator(children[i], context)) return false;
                    i++;
                }
                if (i == children.Length) return false;
                i++;
                if (i < children.Length && children[i] is IText) i++;
                if (i == children.Length || !IsSeparator(children[i], context)) return false;
                int count = 0;
                results[k] = ConvertRange(children, start, i, parent as IElement, null, ref count);
                i++;
            }
            return i == children.Length;
        }
        finally
        {
            Components = components;
        }
    }

    /// <summary>Separates batched segments where no formatting probe is used (tables, select, foreign content).</summary>
    private const string BatchSeparator = "<!--lv:batch-->";

    private static bool IsSeparator(INode node, SegmentContext context) => context.CheckFormatting
        ? node is IElement { LocalName: "lv-probe", HasChildNodes: false }
        : node is IComment { Data: "lv:batch" };

    /// <summary>The segment's parent in a parsed probe document: the chain's innermost element, or null when the document does not hold the chain alone (content escaped it).</summary>
    private static INode? SegmentParent(IDocument document, SegmentContext context)
    {
        var body = document.Body!;
        INode? parent = body.ChildNodes.Length == 1 ? body.FirstChild : null;
        for (int level = 0; parent is not null && level < context.Depth; level++)
            parent = parent.ChildNodes.Length == 1 && parent.FirstChild is IElement ? parent.FirstChild : null;
        return parent;
    }

    private VNode[]? ParseSegmentCore(string html, SegmentContext context, out string? problem)
    {
        var source = context.CheckFormatting
            ? string.Concat(context.ProbePrefix, html, FormattingProbe)
            : string.Concat(context.ProbePrefix, html);
        var document = _parser.ParseDocument(source);
        problem = null;
        var parent = SegmentParent(document, context);
        if (parent is null)
        {
            problem = Diagnose(document, context) ?? $"it puts content outside its parent <{context.ParentTag}> (a stray end tag, or content the parser moves out of a table)";
            return null;
        }
        var children = parent.ChildNodes;
        int marker = -1;
        for (int i = children.Length - 1; i >= 0; i--)
            if (children[i] is IComment { Data: SegmentMarkers.EndData }) { marker = i; break; }
        int end = children.Length;
        if (context.CheckFormatting)
        {
            if (end > 0 && children[end - 1] is IElement { LocalName: "lv-probe" }) end--;
            else if (marker >= 0)
            {
                problem = "it leaves " + OpenFormattingElement(parent) + " open, which the browser would reopen around what follows";
                return null;
            }
        }
        if (marker < 0 || (end - marker > 2) || (end - marker == 2 && children[marker + 1] is not IText))
        {
            problem = Diagnose(document, context) ?? $"its end marker is not the last thing in its parent <{context.ParentTag}>";
            return null;
        }
        int count = 0;
        var nodes = ConvertRange(children, 0, end, parent as IElement, null, ref count);
        return nodes;
    }

    private static string OpenFormattingElement(INode parent)
    {
        var probe = parent.ChildNodes[^1];
        while (probe is IElement { LocalName: not "lv-probe" } e && e.LastChild is not null) probe = e.LastChild;
        return probe?.Parent is IElement open ? "<" + open.LocalName + ">" : "a formatting element";
    }

    /// <summary>Names what swallowed a segment's end marker or where it ended up.</summary>
    private static string? Diagnose(IDocument document, SegmentContext context)
    {
        foreach (var node in document.Body!.GetDescendants())
        {
            switch (node)
            {
                case IComment { Data: SegmentMarkers.EndData } c:
                    return c.Parent is IElement p
                        ? $"it does not end inside its parent <{context.ParentTag}>: its end marker landed in <{p.LocalName}> (an element left open, or a stray end tag)"
                        : null;
                case IComment c when c.Data.Contains(SegmentMarkers.EndData, StringComparison.Ordinal):
                    return "an unclosed comment swallows its end marker";
                case IText t when t.Data.Contains(SegmentMarkers.End, StringComparison.Ordinal):
                    return $"an unclosed <{(t.Parent as IElement)?.LocalName}> swallows its end marker (its text runs to the end of the page)";
                case IElement e:
                    foreach (var a in e.Attributes)
                        if (a.Name.Contains(SegmentMarkers.Prefix, StringComparison.Ordinal) || a.Value.Contains(SegmentMarkers.Prefix, StringComparison.Ordinal))
                            return $"an unterminated tag or attribute of <{e.LocalName}> swallows its end marker";
                    break;
            }
        }
        return "an unclosed tag or an unterminated attribute swallows its end marker";
    }

    private VNode[] ConvertChildren(INodeList nodes, bool skeleton, ref int placeholders)
    {
        if (nodes.Length == 0) return [];
        if (!skeleton) return ConvertRange(nodes, 0, nodes.Length, null, RootContext, ref placeholders);
        var builder = _builders.Count > 0 ? _builders.Pop() : new ChildListBuilder();
        foreach (var node in nodes)
        {
            switch (node)
            {
                case IElement e:
                    builder.Add(ConvertElement(e, skeleton, ref placeholders));
                    break;
                case IText t:
                    builder.Add(NameTable.Text(t.Data));
                    break;
                case IComment c:
                    if (c.Data == SegmentMarkers.PlaceholderData)
                    {
                        placeholders++;
                        builder.Add(new VPlaceholder(GetSegmentContext()));
                    }
                    else builder.Add((VNode?)Component(c, _ancestors.Count > 0 ? _ancestors[^1] : null, RootContext) ?? new VComment(c.Data));
                    break;
                // Doctypes and processing instructions cannot occur in a fragment's children.
            }
        }
        var result = builder.ToArrayAndClear();
        _builders.Push(builder);
        return result;
    }

    /// <summary>
    /// Converts nodes[from..to) of a parsed (not skeleton) list, children of <paramref name="parent"/> (or, when null, of an
    /// element of <paramref name="context"/>); segment end markers are dropped.
    /// </summary>
    private VNode[] ConvertRange(INodeList nodes, int from, int to, IElement? parent, FragmentContext? context, ref int placeholders)
    {
        if (from >= to) return [];
        var builder = _builders.Count > 0 ? _builders.Pop() : new ChildListBuilder();
        for (int i = from; i < to; i++)
        {
            switch (nodes[i])
            {
                case IElement e: builder.Add(ConvertElement(e, skeleton: false, ref placeholders)); break;
                case IText t: builder.Add(NameTable.Text(t.Data)); break;
                case IComment c when c.Data != SegmentMarkers.EndData: builder.Add((VNode?)Component(c, parent, context) ?? new VComment(c.Data)); break;
            }
        }
        var result = builder.ToArrayAndClear();
        _builders.Push(builder);
        return result;
    }

    /// <summary>
    /// The live component a placeholder comment stands for (its root element is parsed in the context of
    /// <paramref name="parent"/>, or <paramref name="context"/>), or null when the comment is not one.
    /// </summary>
    private VComponent? Component(IComment comment, IElement? parent, FragmentContext? context)
    {
        var data = comment.Data;
        if (Components is not { } components || !data.StartsWith(SegmentMarkers.ComponentData, StringComparison.Ordinal)
            || !int.TryParse(data.AsSpan(SegmentMarkers.ComponentData.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            return null;
        return new VComponent(components.Place(number, parent is null ? context ?? RootContext : ContextOf(parent)));
    }

    /// <summary>The fragment context for the children of a parsed element.</summary>
    private FragmentContext ContextOf(IElement e)
    {
        var ns = NamespaceOf(e);
        return ns == VNamespace.MathML && e.LocalName == "annotation-xml" && IsHtmlEncoding(e.GetAttribute("encoding"))
            ? GetContext(VNamespace.MathML, "annotation-xml", htmlContent: true)
            : GetContext(ns, e.LocalName);
    }

    /// <summary>Converts a parsed element (and its subtree) to a <see cref="VElement"/>.</summary>
    public VElement ConvertElement(IElement e) { int count = 0; return ConvertElement(e, skeleton: false, ref count); }

    private VElement ConvertElement(IElement e, bool skeleton, ref int placeholders)
    {
        var ns = NamespaceOf(e);
        var tag = NameTable.Intern(e.LocalName);
        var map = e.Attributes;
        HtmlAttribute[] attributes;
        if (map.Length == 0) attributes = [];
        else
        {
            attributes = new HtmlAttribute[map.Length];
            for (int i = 0; i < attributes.Length; i++)
            {
                var a = map[i]!;
                attributes[i] = new HtmlAttribute(NameTable.Intern(SerializedName(a)), a.Value);
            }
        }
        var childNodes = e is IHtmlTemplateElement template ? template.Content.ChildNodes : e.HasChildNodes ? e.ChildNodes : null;
        VNode[] children;
        if (childNodes is null) children = [];
        else if (skeleton)
        {
            _ancestors.Add(e);
            children = ConvertChildren(childNodes, skeleton, ref placeholders);
            _ancestors.RemoveAt(_ancestors.Count - 1);
        }
        else children = ConvertRange(childNodes, 0, childNodes.Length, e is IHtmlTemplateElement ? null : e, null, ref placeholders);
        return new VElement(tag, ns, attributes, children);
    }

    private static VNamespace NamespaceOf(IElement e)
    {
        var uri = e.NamespaceUri;
        return uri == NamespaceNames.SvgUri ? VNamespace.Svg : uri == NamespaceNames.MathMlUri ? VNamespace.MathML : VNamespace.Html;
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

    /// <summary>The segment context of the skeleton element chain being converted (created once per distinct chain).</summary>
    private SegmentContext GetSegmentContext()
    {
        var key = new StringBuilder();
        foreach (var a in _ancestors) WriteStartTag(key, a);
        var text = key.ToString();
        if (_segmentContexts.TryGetValue(text, out var context)) return context;
        var parent = _ancestors.Count > 0 ? _ancestors[^1] : null;
        var parentTag = parent?.LocalName ?? RootContext.Tag;
        bool html = parent is null ? RootContext.Namespace == VNamespace.Html : NamespaceOf(parent) == VNamespace.Html;
        // Where a probe element would be foster-parented, dropped or made foreign, open formatting elements cannot leak
        // through it either: table sections and rows clear them at their cell boundaries, select and foreign content drop them.
        bool checkFormatting = html && parentTag is not ("table" or "tbody" or "thead" or "tfoot" or "tr" or "colgroup" or "select" or "frameset");
        context = new SegmentContext(text, _rootPrefix + text, _rootDepth + _ancestors.Count, checkFormatting, parentTag);
        _segmentContexts.Add(text, context);
        return context;
    }

    private static void WriteStartTag(StringBuilder sb, IElement e)
    {
        sb.Append('<').Append(e.LocalName);
        foreach (var a in e.Attributes)
        {
            sb.Append(' ').Append(SerializedName(a)).Append("=\"");
            foreach (var c in a.Value) sb.Append(c switch { '&' => "&amp;", '"' => "&quot;", '\r' => "&#13;", '\u00A0' => "&nbsp;", _ => c.ToString() });
            sb.Append('"');
        }
        sb.Append('>');
    }

    /// <summary>The fragment context for children of <paramref name="parent"/> (null: the view root).</summary>
    public FragmentContext GetContext(VElement? parent)
    {
        if (parent is null) return RootContext;
        if (parent.Namespace == VNamespace.MathML && parent.Tag == "annotation-xml" && IsHtmlEncoding(parent.GetAttribute("encoding")))
            return GetContext(VNamespace.MathML, "annotation-xml", htmlContent: true);
        return GetContext(parent.Namespace, parent.Tag);
    }

    // https://html.spec.whatwg.org/multipage/parsing.html#html-integration-point
    private static bool IsHtmlEncoding(string? encoding) =>
        string.Equals(encoding, "text/html", StringComparison.OrdinalIgnoreCase) || string.Equals(encoding, "application/xhtml+xml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns (creating once) the context for elements of kind <paramref name="ns"/>/<paramref name="tag"/>.</summary>
    public FragmentContext GetContext(VNamespace ns, string tag, bool htmlContent = false)
    {
        var key = ns switch
        {
            VNamespace.Svg => "svg:" + tag,
            VNamespace.MathML => htmlContent ? "math:" + tag + "+html" : "math:" + tag,
            _ => tag,
        };
        if (s_contexts.TryGetValue(key, out var context)) return context;
        lock (s_contextLock)
        {
            if (s_contexts.TryGetValue(key, out context)) return context;
            // No-quirks, like the page: in a quirks-mode document <table> would not close an open <p>.
            var document = s_document ??= CreateParser().ParseDocument("<!DOCTYPE html>");
            var element = ns switch
            {
                VNamespace.Svg => document.CreateElement(NamespaceNames.SvgUri, tag),
                VNamespace.MathML => document.CreateElement(NamespaceNames.MathMlUri, tag),
                _ => document.CreateElement(tag),
            };
            if (htmlContent) element.SetAttribute("encoding", "text/html");
            context = new FragmentContext(key, ns, tag, element);
            if (s_contexts.Count < MaxSharedContexts) s_contexts[key] = context;
            return context;
        }
    }

    /// <summary>
    /// Parses <paramref name="html"/> as a page does (<c>&lt;!DOCTYPE html&gt;&lt;body&gt;&lt;div&gt;</c> + html +
    /// <c>&lt;/div&gt;</c> + a sentinel) and returns the root div, its next sibling and the sentinel, for the balanced-render check.
    /// </summary>
    internal (IElement Root, INode? Next, IElement? Sentinel, IDocument Document) ParsePage(string html, string sentinelId)
    {
        var document = _parser.ParseDocument(string.Concat(PagePrefix, html, "</div><template id=\"", sentinelId, "\"></template>"));
        var root = (IElement)document.Body!.FirstChild!;
        return (root, root.NextSibling, document.GetElementById(sentinelId), document);
    }

    /// <summary>Converts the children of a parsed element (markers kept as comments).</summary>
    internal VNode[] ConvertChildrenOf(INode parent)
    {
        int count = 0;
        var builder = new ChildListBuilder();
        foreach (var node in parent.ChildNodes)
        {
            switch (node)
            {
                case IElement e: builder.Add(ConvertElement(e, skeleton: false, ref count)); break;
                case IText t: builder.Add(NameTable.Text(t.Data)); break;
                case IComment c: builder.Add(new VComment(c.Data)); break;
            }
        }
        return builder.ToArrayAndClear();
    }
}
