using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace LiveViews.Tests.Diffing;

/// <summary>
/// An independent implementation of the patch protocol (docs/protocol.md) over an AngleSharp DOM, reading the ops as
/// JSON exactly as the browser client receives them. The property tests check the differ against it.
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
            switch (a[0]!.GetValue<int>())
            {
                case 0:
                    var parent = node.Parent!;
                    foreach (var n in Fragment(parent, a[2]!.GetValue<string>())) parent.InsertBefore(n, node);
                    parent.RemoveChild(node);
                    break;
                case 1: ((IElement)node).SetAttribute(a[2]!.GetValue<string>(), a[3]!.GetValue<string>()); break;
                case 2: ((IElement)node).RemoveAttribute(a[2]!.GetValue<string>()); break;
                case 3: ((ICharacterData)node).Data = a[2]!.GetValue<string>(); break;
                case 4:
                    var before = a[2]!.GetValue<int>() < node.ChildNodes.Length ? node.ChildNodes[a[2]!.GetValue<int>()] : null;
                    foreach (var n in Fragment(node, a[3]!.GetValue<string>())) node.InsertBefore(n, before);
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
        return root;
    }

    /// <summary>The HTML a browser would hold after parsing <paramref name="html"/> into a root div.</summary>
    public static string Canonical(string html)
    {
        var document = Parser.ParseDocument("<!DOCTYPE html><body><div id=root></div>");
        var root = document.GetElementById("root")!;
        root.InnerHtml = html;
        return root.InnerHtml;
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
}
