using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace LiveViews.Tests.Diffing;

/// <summary>
/// An independent implementation of the patch protocol (docs/protocol.md) over an AngleSharp DOM, reading the ops as
/// JSON exactly as the browser client receives them, verifying each op's check (the target's nodeName; for insert and
/// move the parent's, and the indexes) as the client does. The property tests check the differ against it. What it
/// returns has every element's attributes sorted by name: their order means nothing in the DOM, and the differ does
/// not keep it, so HTML compares by content.
/// </summary>
internal static class DomPatchApplier
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = true });

    /// <summary>Parses <paramref name="html"/> into a root <c>div</c>, applies <paramref name="opsJson"/> and returns the root.</summary>
    public static IElement Apply(string html, string opsJson)
    {
        var document = Parser.ParseDocument("<!DOCTYPE html><body><div id=root></div>");
        var root = document.GetElementById("root")!;
        root.InnerHtml = html;
        foreach (var op in JsonNode.Parse(opsJson)!.AsArray())
        {
            var a = op!.AsArray();
            var node = Resolve(root, a[1]!.AsArray());
            var code = a[0]!.GetValue<int>();
            var want = code == 3 ? (a.Count > 4 ? a[4]!.GetValue<string>() : "#text") : a[^2]!.GetValue<string>();
            var count = code == 3 ? a[3]!.GetValue<int>() : a[^1]!.GetValue<int>();
            var length = (code is 4 or 6 ? node : node.Parent!).ChildNodes.Length;
            if (node.NodeName != want || length != count)
                throw new InvalidOperationException($"op {op.ToJsonString()} expects {want}, found {node.NodeName} in a list of {length}");
            switch (code)
            {
                case 0:
                    var parent = node.Parent!;
                    foreach (var n in Content(parent, a[2]!)) parent.InsertBefore(n, node);
                    parent.RemoveChild(node);
                    break;
                case 1: ((IElement)node).SetAttribute(a[2]!.GetValue<string>(), a[3]!.GetValue<string>()); break;
                case 2: ((IElement)node).RemoveAttribute(a[2]!.GetValue<string>()); break;
                case 3: ((ICharacterData)node).Data = a[2]!.GetValue<string>(); break;
                case 4:
                    var before = a[2]!.GetValue<int>() < node.ChildNodes.Length ? node.ChildNodes[a[2]!.GetValue<int>()] : null;
                    foreach (var n in Content(node, a[3]!)) node.InsertBefore(n, before);
                    break;
                case 5: node.Parent!.RemoveChild(node); break;
                case 6:
                    var child = node.ChildNodes[a[2]!.GetValue<int>()];
                    node.RemoveChild(child);
                    var to = a[3]!.GetValue<int>();
                    node.InsertBefore(child, to < node.ChildNodes.Length ? node.ChildNodes[to] : null);
                    break;
                default: throw new InvalidOperationException("unknown op " + op.ToJsonString());
            }
        }
        SortAttributes(root);
        return root;
    }

    /// <summary>
    /// The HTML a browser would hold after parsing <paramref name="html"/> into a root div, with attributes sorted by
    /// name unless <paramref name="sortAttributes"/> is false (then in source order, as the parser keeps them).
    /// </summary>
    public static string Canonical(string html, bool sortAttributes = true)
    {
        var document = Parser.ParseDocument("<!DOCTYPE html><body><div id=root></div>");
        var root = document.GetElementById("root")!;
        root.InnerHtml = html;
        if (sortAttributes) SortAttributes(root);
        return root.InnerHtml;
    }

    private static void SortAttributes(INode node)
    {
        INode content = node is AngleSharp.Html.Dom.IHtmlTemplateElement template ? template.Content : node;
        foreach (var child in content.ChildNodes) SortAttributes(child);
        if (node is not IElement element || element.Attributes.Length < 2) return;
        var sorted = element.Attributes.Select(a => (a.NamespaceUri, a.Name, a.LocalName, a.Value)).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        foreach (var a in sorted) element.RemoveAttribute(a.NamespaceUri, a.LocalName);
        foreach (var a in sorted) element.SetAttribute(a.NamespaceUri, a.Name, a.Value);
    }

    private static INode Resolve(IElement root, JsonArray path)
    {
        INode node = root;
        foreach (var index in path)
        {
            var i = index!.GetValue<int>();
            if (i >= node.ChildNodes.Length) throw new InvalidOperationException($"path {path.ToJsonString()} does not resolve");
            node = node.ChildNodes[i];
        }
        return node;
    }

    private static INode[] Fragment(INode parent, string html) =>
        Parser.ParseFragment(html, (IElement)parent).ToArray();

    /// <summary>Content: HTML parsed in the parent's context, or a node list built with DOM calls.</summary>
    private static INode[] Content(INode parent, JsonNode content) =>
        content.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? Fragment(parent, content.GetValue<string>())
            : content.AsArray().Select(spec => Build(parent.Owner!, ((IElement)parent).NamespaceUri, spec!)).ToArray();

    private static INode Build(IDocument document, string? parentNamespace, JsonNode spec)
    {
        if (spec.GetValueKind() == System.Text.Json.JsonValueKind.String) return document.CreateTextNode(spec.GetValue<string>());
        var a = spec.AsArray();
        if (a[0]!.GetValueKind() == System.Text.Json.JsonValueKind.Number) return document.CreateComment(a[1]!.GetValue<string>());
        var ns = a[0]!.GetValue<string>() is { Length: > 0 } uri ? uri : parentNamespace;
        var element = document.CreateElement(ns, a[1]!.GetValue<string>());
        var attributes = a[2]!.AsArray();
        for (int i = 0; i < attributes.Count; i += 2) element.SetAttribute(attributes[i]!.GetValue<string>(), attributes[i + 1]!.GetValue<string>());
        INode target = element is AngleSharp.Html.Dom.IHtmlTemplateElement template ? template.Content : element;
        for (int i = 3; i < a.Count; i++) target.AppendChild(Build(document, ns, a[i]!));
        return element;
    }
}
