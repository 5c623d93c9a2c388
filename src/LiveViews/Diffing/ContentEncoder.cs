using System.Text;

namespace LiveViews.Diffing;

/// <summary>
/// Decides how nodes travel to the client: as HTML when parsing that HTML in the target parent's context (the
/// fragment parsing algorithm, as the client does) gives back the same nodes, else as a node list. HTML serialization
/// does not always round-trip (WHATWG: "tree structures that do not roundtrip a serialize and reparse step can also be
/// produced by the HTML parser itself"): nested <c>&lt;a&gt;</c> left by the adoption agency, a <c>&lt;plaintext&gt;</c>,
/// a form inside a form, text the parser would foster-parent out of a table… The check is exact: the HTML is parsed
/// again with AngleSharp and compared (<see cref="TreeEquality"/>), which costs one parse of what an op sends.
/// Not thread-safe (uses the owning tree's parser).
/// </summary>
internal sealed class ContentEncoder(HtmlTreeParser parser)
{
    private readonly StringBuilder _html = new();

    /// <summary>Number of encodings that fell back to a node list (for tests and diagnostics).</summary>
    public int NodeListCount { get; private set; }

    /// <summary>Encodes <paramref name="nodes"/> as children of <paramref name="parent"/> (null: the view root).</summary>
    public PatchContent Encode(VElement? parent, ReadOnlySpan<VNode> nodes)
    {
        string html;
        if (nodes.Length == 1) html = HtmlSerializer.Serialize(nodes[0], parent);
        else
        {
            _html.Clear();
            bool raw = HtmlSerializer.IsRawTextParent(parent);
            foreach (var n in nodes) HtmlSerializer.Write(_html, n, raw);
            html = _html.ToString();
        }
        if (TreeEquality.Equal(parser.ParseFragment(html, parser.GetContext(parent)), nodes)) return PatchContent.FromHtml(html);
        NodeListCount++;
        return PatchContent.FromNodes(nodes.ToArray(), parent?.Namespace ?? VNamespace.Html);
    }

    /// <summary>Encodes a full render (the root's children): as HTML when it re-parses the same, else as a node list.</summary>
    public PatchContent EncodeRoot(VNode[] children, bool forceNodes)
    {
        if (forceNodes) return PatchContent.FromNodes(children, VNamespace.Html);
        var html = HtmlSerializer.SerializeChildren(children);
        if (TreeEquality.Equal(parser.ParseFragment(html, parser.RootContext), children)) return PatchContent.FromHtml(html);
        NodeListCount++;
        return PatchContent.FromNodes(children, VNamespace.Html);
    }
}
