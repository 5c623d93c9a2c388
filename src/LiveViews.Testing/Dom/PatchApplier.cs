using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using LiveViews.Diffing;

namespace LiveViews.Testing.Dom;

/// <summary>
/// Applies the server's patch ops to the page as the browser client does (client/src/patch.ts): paths of child-node
/// indexes, HTML parsed in the parent's context, attribute ops that also set the <c>value</c>/<c>checked</c>/<c>selected</c>
/// properties (never the focused field's value), <c>lv-ignore</c> children kept, the focused text field carried over
/// when a patch replaces it, and textareas kept in step with their text.
/// </summary>
internal static class PatchApplier
{
    /// <summary>The node at <paramref name="path"/> under <paramref name="root"/>. Throws <see cref="PatchFailedException"/> when it does not resolve.</summary>
    public static INode Resolve(INode root, IReadOnlyList<int> path)
    {
        var node = root;
        foreach (var i in path)
        {
            if (i < 0 || i >= node.ChildNodes.Length) throw new PatchFailedException($"no node at [{string.Join(',', path)}]");
            node = node.ChildNodes[i];
        }
        return node;
    }

    /// <summary>
    /// Applies <paramref name="ops"/> in order (each op's paths see the previous ops' effects), with paths from
    /// the root, or for a live component's ops from a stand-in parent whose only child is <paramref name="componentRoot"/> (its root is <c>[0]</c>).
    /// Throws <see cref="PatchFailedException"/> when a path does not resolve (the caller resyncs).
    /// </summary>
    public static void Apply(PageDom dom, IElement root, IReadOnlyList<PatchOp> ops, IElement? componentRoot = null)
    {
        foreach (var op in ops)
        {
            var node = componentRoot is null ? Resolve(root, op.Path) : ResolveInComponent(componentRoot, op.Path);
            var parent = node.Parent;
            switch (op.Code)
            {
                case PatchOpCode.Replace:
                    if (parent is null) throw new PatchFailedException("cannot replace the root");
                    KeepFocus(dom, root, () =>
                    {
                        foreach (var n in ParseKeeping(dom, root, parent, op.Value!)) parent.InsertBefore(n, node);
                        parent.RemoveChild(node);
                    });
                    break;
                case PatchOpCode.SetAttribute:
                    FormControls.SetAttr(dom, AsElement(node, op), op.Name!, op.Value);
                    break;
                case PatchOpCode.RemoveAttribute:
                    FormControls.SetAttr(dom, AsElement(node, op), op.Name!, null);
                    break;
                case PatchOpCode.SetText:
                    if (node is not ICharacterData data) throw new PatchFailedException($"[{string.Join(',', op.Path)}] is not a text or comment node");
                    data.Data = op.Value!;
                    break;
                case PatchOpCode.Insert:
                    var before = op.Index < node.ChildNodes.Length ? node.ChildNodes[op.Index] : null;
                    foreach (var n in dom.ParseFragment(node, op.Value!)) node.InsertBefore(n, before);
                    break;
                case PatchOpCode.Remove:
                    if (parent is null) throw new PatchFailedException("cannot remove the root");
                    parent.RemoveChild(node);
                    break;
                case PatchOpCode.Move:
                    if (op.Index >= node.ChildNodes.Length) throw new PatchFailedException($"no child {op.Index} to move under [{string.Join(',', op.Path)}]");
                    var child = node.ChildNodes[op.Index];
                    node.RemoveChild(child);
                    node.InsertBefore(child, op.To < node.ChildNodes.Length ? node.ChildNodes[op.To] : null); // the new index counts without it
                    break;
                default:
                    throw new PatchFailedException($"unknown op code {(int)op.Code}");
            }
            // A textarea's value is its text only until the user edits it: keep it in step with the text patches.
            var changed = op.Code == PatchOpCode.Insert ? node : parent;
            if (changed is IHtmlTextAreaElement area) FormControls.SetProp(dom, area, "value", area.TextContent);
        }
    }

    /// <summary>Replaces the children of <paramref name="root"/> with <paramref name="html"/> (a full render), keeping the focused field and <c>lv-ignore</c> content.</summary>
    public static void ReplaceHtml(PageDom dom, IElement root, string html) =>
        KeepFocus(dom, root, () => Tree.ReplaceChildren(root, ParseKeeping(dom, root, root, html)));

    /// <summary>
    /// Runs <paramref name="mutate"/>, and when it destroyed the focused text field of <paramref name="root"/>, moves its value
    /// and focus to the element with the same id (or name) that replaced it (<c>keepFocus</c>).
    /// </summary>
    public static void KeepFocus(PageDom dom, IElement root, Action mutate)
    {
        var focused = dom.Focused;
        var saved = focused is not null && IsTextual(focused) && Tree.Within(root, focused)
            ? (Id: focused.Id, Name: focused.GetAttribute("name"), Value: FormControls.ValueOf(focused))
            : default((string? Id, string? Name, string Value)?);
        mutate();
        if (saved is not { } s || dom.Focused is not null) return;
        var next = !string.IsNullOrEmpty(s.Id) ? Tree.ById(root, s.Id)
            : !string.IsNullOrEmpty(s.Name) ? root.Descendants<IElement>().FirstOrDefault(e => e.GetAttribute("name") == s.Name) : null;
        if (next is null || !IsTextual(next)) return;
        FormControls.SetValue(next, s.Value);
        dom.Focused = next;
    }

    private static bool IsTextual(IElement el) =>
        el is IHtmlTextAreaElement || (el is IHtmlInputElement && !FormControls.NotText().IsMatch(FormControls.TypeOf(el)));

    /// <summary>Nodes parsed under <paramref name="parent"/>, where each <c>lv-ignore</c> element (by id) takes the children of the element of the same id now under <paramref name="root"/>.</summary>
    private static INode[] ParseKeeping(PageDom dom, IElement root, INode parent, string html)
    {
        var nodes = dom.ParseFragment(parent, html);
        foreach (var fresh in nodes.OfType<IElement>().SelectMany(n => n.DescendantsAndSelf<IElement>()).Where(e => e.HasAttribute("lv-ignore") && e.Id is { Length: > 0 }).ToList())
        {
            if (Tree.ById(root, fresh.Id!) is { } old && old.HasAttribute("lv-ignore"))
                Tree.ReplaceChildren(fresh, [.. old.ChildNodes]);
        }
        return nodes;
    }

    /// <summary>Resolves a component op's path: <c>[0]</c> is the component's root element.</summary>
    private static INode ResolveInComponent(IElement componentRoot, IReadOnlyList<int> path)
    {
        if (path.Count == 0 || path[0] != 0) throw new PatchFailedException($"component path [{string.Join(',', path)}] does not start at its root [0]");
        return Resolve(componentRoot, path.Skip(1).ToArray());
    }

    private static IElement AsElement(INode node, PatchOp op) =>
        node as IElement ?? throw new PatchFailedException($"[{string.Join(',', op.Path)}] is not an element");
}

/// <summary>A patch that does not fit the page's DOM (a path that does not resolve): the client resyncs.</summary>
internal sealed class PatchFailedException(string message) : Exception(message);
