using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using LiveViews.Diffing;

namespace LiveViews.Conformance;

/// <summary>
/// One JSON form for a DOM subtree on both sides (the harness's <c>serialize</c>): text "data"; comment [8, data];
/// processing instruction [7, target, data]; element [1, namespace, localName, [name, value, …], [children]], its
/// attributes sorted by name (their order means nothing in the DOM, and the differ does not keep it).
/// Canonical strings of it compare trees exactly.
/// </summary>
internal static class DomJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The canonical string of JSON the harness produced.</summary>
    public static string Canonical(string json) => JsonNode.Parse(json)!.ToJsonString(Options);

    /// <summary>The canonical string of the server's tree.</summary>
    public static string Of(IEnumerable<VNode> nodes) => List(nodes).ToJsonString(Options);

    private static JsonArray List(IEnumerable<VNode> nodes)
    {
        var array = new JsonArray();
        foreach (var n in nodes) array.Add(Node(n));
        return array;
    }

    private static JsonNode Node(VNode node) => node switch
    {
        VText t => JsonValue.Create(t.Data),
        VComment c => new JsonArray(8, c.Data),
        VElement e => new JsonArray(1, Uri(e.Namespace), e.Tag, new JsonArray(e.Attributes.OrderBy(a => a.Name, StringComparer.Ordinal).SelectMany(a => new JsonNode?[] { a.Name, a.Value }).ToArray()), List(e.Children)),
        _ => throw new InvalidOperationException(node.GetType().Name),
    };

    /// <summary>
    /// Whether every part of <paramref name="dom"/> is the server's tree or, where it is not, Chromium's own parse at the
    /// same place: walking the three trees together, a node that differs from the server's must equal the browser's.
    /// </summary>
    public static bool EachPartFrom(string dom, string server, string browser) =>
        EachListFrom(JsonNode.Parse(dom)!.AsArray(), JsonNode.Parse(server)!.AsArray(), JsonNode.Parse(browser) as JsonArray);

    private static bool EachPartFrom(JsonNode? dom, JsonNode? server, JsonNode? browser)
    {
        if (JsonNode.DeepEquals(dom, server) || JsonNode.DeepEquals(dom, browser)) return true;
        // Same element (namespace, name) on the DOM and server sides: compare attributes and children part by part.
        if (dom is JsonArray d && server is JsonArray s && d.Count == 5 && s.Count == 5 && d[0]!.GetValue<int>() == 1 && s[0]!.GetValue<int>() == 1
            && JsonNode.DeepEquals(d[1], s[1]) && JsonNode.DeepEquals(d[2], s[2]))
        {
            var b = browser as JsonArray;
            bool sameElement = b is { Count: 5 } && b[0]!.GetValueKind() == System.Text.Json.JsonValueKind.Number && b[0]!.GetValue<int>() == 1
                && JsonNode.DeepEquals(b[1], d[1]) && JsonNode.DeepEquals(b[2], d[2]);
            if (!JsonNode.DeepEquals(d[3], s[3]) && !(sameElement && JsonNode.DeepEquals(d[3], b![3]))) return false;
            return EachListFrom(d[4]!.AsArray(), s[4]!.AsArray(), sameElement ? b![4] as JsonArray : null);
        }
        return false;
    }

    private static bool EachListFrom(JsonArray dom, JsonArray server, JsonArray? browser)
    {
        if (dom.Count != server.Count) return browser is not null && JsonNode.DeepEquals(dom, browser);
        for (int i = 0; i < dom.Count; i++)
            if (!EachPartFrom(dom[i], server[i], browser is not null && i < browser.Count ? browser[i] : null)) return false;
        return true;
    }

    private static string Uri(VNamespace ns) => ns switch
    {
        VNamespace.Svg => NamespaceNames.SvgUri,
        VNamespace.MathML => NamespaceNames.MathMlUri,
        _ => NamespaceNames.HtmlUri,
    };
}
