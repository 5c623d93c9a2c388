using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using LiveViews.Testing.Protocol;

namespace LiveViews.Testing.Dom;

/// <summary>
/// Builds the nodes of content for insertion under a parent, as client/src/patch.ts does (<c>nodesOf</c>): HTML with the
/// fragment parser in the parent's context, a node list with DOM calls (<c>buildNodes</c>): a text node is a JSON string,
/// a comment <c>[8, data]</c>, an element <c>[ns, tag, [name, value, …], …children]</c> whose <c>""</c> namespace is the
/// one of the element it is built under; a template's children go to its content; a script comes from the fragment
/// parser (never run).
/// </summary>
internal static class NodeBuilder
{
    /// <summary>The nodes of <paramref name="content"/> for <paramref name="parent"/>. Throws <see cref="PatchFailedException"/> for a malformed node list.</summary>
    public static INode[] Nodes(PageDom dom, INode parent, Content content) =>
        content.Html is { } html ? dom.ParseFragment(parent, html) : Build(dom, parent, content.Nodes);

    /// <summary>Builds a node list under <paramref name="parent"/>. Throws <see cref="PatchFailedException"/> when it is malformed.</summary>
    public static INode[] Build(PageDom dom, INode parent, JsonElement specs)
    {
        if (specs.ValueKind != JsonValueKind.Array) throw new PatchFailedException($"a node list must be an array, found {specs.ValueKind}");
        return [.. specs.EnumerateArray().Select(spec => BuildNode(dom, parent, spec))];
    }

    private static INode BuildNode(PageDom dom, INode parent, JsonElement spec)
    {
        if (spec.ValueKind == JsonValueKind.String) return dom.Text(spec.GetString()!);
        if (spec.ValueKind != JsonValueKind.Array || spec.GetArrayLength() < 2) throw Malformed(spec);
        if (spec[0].ValueKind == JsonValueKind.Number)
            return spec[0].GetInt32() == 8 && spec[1].ValueKind == JsonValueKind.String ? dom.Document.CreateComment(spec[1].GetString()!) : throw Malformed(spec);
        if (spec.GetArrayLength() < 3 || spec[0].ValueKind != JsonValueKind.String || spec[1].ValueKind != JsonValueKind.String || spec[2].ValueKind != JsonValueKind.Array)
            throw Malformed(spec);
        var ns = spec[0].GetString()!;
        var tag = spec[1].GetString()!;
        IElement el;
        try
        {
            el = tag == "script"
                ? (IElement)dom.ParseFragment(parent, "<script></script>")[0]
                : dom.Document.CreateElement(ns.Length > 0 ? ns : (parent as IElement)?.NamespaceUri ?? NamespaceNames.HtmlUri, tag);
            var attrs = spec[2];
            for (var i = 0; i + 1 < attrs.GetArrayLength(); i += 2) el.SetAttribute(attrs[i].GetString()!, attrs[i + 1].GetString()!);
        }
        catch (DomException ex)
        {
            throw new PatchFailedException($"node list element <{tag}>: {ex.Message}");
        }
        INode target = el is IHtmlTemplateElement template ? template.Content : el;
        foreach (var child in spec.EnumerateArray().Skip(3)) target.AppendChild(BuildNode(dom, el, child));
        return el;
    }

    private static PatchFailedException Malformed(JsonElement spec) => new($"malformed node list entry {spec.GetRawText()}");
}
