using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using LiveViews.Diffing;
using LiveViews.Testing.Protocol;

namespace LiveViews.Testing.Dom;

/// <summary>
/// Applies the server's patch ops to the page as the browser client does (client/src/patch.ts <c>applyOps</c>): each op
/// verified first (the DOM nodeName at its path and the length of the child list it works in, docs/protocol.md
/// "Verification"), paths of child-node indexes, content as HTML parsed in the parent's context or a node list built with
/// DOM calls, attribute ops that also set the <c>value</c>/<c>checked</c>/<c>selected</c> properties (never the focused
/// field's value), <c>lv-ignore</c> children kept, the focused text field carried over when a patch replaces it, and
/// textareas kept in step with their text.
/// </summary>
internal static class PatchApplier
{
    /// <summary>The node at <paramref name="path"/> under <paramref name="root"/>. Throws <see cref="PatchFailedException"/> when it does not resolve.</summary>
    public static INode Resolve(INode root, IReadOnlyList<int> path) =>
        TryResolve(root, path) ?? throw new PatchFailedException($"no node at [{string.Join(',', path)}]");

    /// <summary>The node at <paramref name="path"/> under <paramref name="root"/>, or null when the path does not resolve (<c>resolvePath</c>).</summary>
    public static INode? TryResolve(INode root, IReadOnlyList<int> path)
    {
        var node = root;
        foreach (var i in path)
        {
            if (i < 0 || i >= node.ChildNodes.Length) return null;
            node = node.ChildNodes[i];
        }
        return node;
    }

    /// <summary>
    /// Applies <paramref name="ops"/> in order (each op's paths see the previous ops' effects), with paths from the root,
    /// or for a live component's ops from a stand-in parent whose only child is <paramref name="componentRoot"/> (its root
    /// is <c>[0]</c>, in a list of length 1). Before each op it checks the node at the op's path against the op's nodeName
    /// and the length of the list the op works in (the target's parent's; for insert and move the target's own). Throws
    /// <see cref="PatchFailedException"/> naming the op, the path and what it found (<c>lv: op 3 [0,2] #text/3 != LI/4</c>)
    /// when a path does not resolve or a check fails: the ops before it stay applied, the caller resyncs as a node list.
    /// </summary>
    public static void Apply(PageDom dom, IElement root, IReadOnlyList<ClientOp> ops, IElement? componentRoot = null)
    {
        foreach (var (op, content, rows) in ops)
        {
            var code = op.Code;
            var path = op.Path;
            var node = componentRoot is null ? TryResolve(root, path)
                : path.Length > 0 && path[0] == 0 ? TryResolve(componentRoot, path[1..]) : null;
            // The stand-in parent of a component's root is not in the DOM: its only child is the root.
            var standIn = componentRoot is not null && path.Length == 1;
            var parent = standIn ? null : node?.Parent;
            int? length = code is PatchOpCode.Insert or PatchOpCode.Move ? node?.ChildNodes.Length : standIn ? 1 : parent?.ChildNodes.Length;
            var want = op.Check.NodeName;
            if (node is null || node.NodeName != want || length != op.Count)
                throw new PatchFailedException($"lv: op {(int)code} [{string.Join(',', path)}] {want}/{op.Count} != {node?.NodeName ?? "undefined"}/{length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "undefined"}");
            try
            {
                switch (code)
                {
                    case PatchOpCode.Replace:
                        var container = node.Parent!;
                        KeepFocus(dom, root, () =>
                        {
                            foreach (var n in Keeping(dom, root, container, content!.Value)) container.InsertBefore(n, node);
                            container.RemoveChild(node);
                        });
                        break;
                    case PatchOpCode.SetAttribute:
                        FormControls.SetAttr(dom, AsElement(node, op), op.Name!, op.Value);
                        break;
                    case PatchOpCode.RemoveAttribute:
                        FormControls.SetAttr(dom, AsElement(node, op), op.Name!, null);
                        break;
                    case PatchOpCode.SetText:
                        ((ICharacterData)node).Data = op.Value!;
                        break;
                    case PatchOpCode.Insert:
                        InsertAt(node, op.Index, NodeBuilder.Nodes(dom, node, content!.Value));
                        break;
                    case PatchOpCode.Remove:
                        node.Parent!.RemoveChild(node);
                        break;
                    case PatchOpCode.Move:
                        if (op.Index >= node.ChildNodes.Length) throw new PatchFailedException($"lv: op 6 [{string.Join(',', path)}]: no child {op.Index} to move");
                        InsertAt(node, op.To, [node.RemoveChild(node.ChildNodes[op.Index])]); // the new index counts without it
                        break;
                    case PatchOpCode.Stream:
                        Stream(dom, AsElement(node, op), op.Stream!, rows!);
                        break;
                    default:
                        throw new PatchFailedException($"lv: unknown op code {(int)code}");
                }
            }
            catch (DomException ex)
            {
                throw new PatchFailedException($"lv: op {(int)code} [{string.Join(',', path)}]: {ex.Message}");
            }
            // A textarea's value is its text only until the user edits it: keep it in step with the text patches.
            var changed = code == PatchOpCode.Insert ? node : parent;
            if (changed is IHtmlTextAreaElement area) FormControls.SetProp(dom, area, "value", area.TextContent);
        }
    }

    /// <summary>Changes the rows of stream container <paramref name="container"/> (<c>stream</c> in patch.ts): reset, deletes, then each insert (in place by id, else before element child <c>at</c>) trimmed to the limit.</summary>
    private static void Stream(PageDom dom, IElement container, StreamChange change, Content[] rows)
    {
        if (change.Reset) Tree.ReplaceChildren(container, []);
        foreach (var id in change.Deletes) Tree.ById(container, id)?.Remove();
        for (int i = 0; i < rows.Length; i++)
        {
            var (domId, at, _) = change.Inserts[i];
            var row = NodeBuilder.Nodes(dom, container, rows[i]).OfType<IElement>().First();
            var kids = container.Children;
            if (Tree.ById(container, domId) is { } old) container.ReplaceChild(row, old);
            else container.InsertBefore(row, at < 0 || at >= kids.Length ? null : kids[at]);
            while (change.Limit > 0 && container.Children.Length > change.Limit)
                container.Children[at < 0 ? 0 : container.Children.Length - 1].Remove();
        }
    }

    /// <summary>Inserts <paramref name="nodes"/> under <paramref name="parent"/> before the child at <paramref name="index"/> (at the end when there is none).</summary>
    private static void InsertAt(INode parent, int index, IEnumerable<INode> nodes)
    {
        var next = index >= 0 && index < parent.ChildNodes.Length ? parent.ChildNodes[index] : null;
        foreach (var n in nodes.ToList()) parent.InsertBefore(n, next);
    }

    /// <summary>Replaces the children of <paramref name="root"/> with <paramref name="content"/> (a full render), keeping the focused field and <c>lv-ignore</c> content.</summary>
    public static void ReplaceHtml(PageDom dom, IElement root, Content content) =>
        KeepFocus(dom, root, () => Tree.ReplaceChildren(root, Keeping(dom, root, root, content)));

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

    /// <summary>The nodes of <paramref name="content"/> for <paramref name="parent"/>, where each <c>lv-ignore</c> element (by id) takes the children of the element of the same id now under <paramref name="root"/>.</summary>
    private static INode[] Keeping(PageDom dom, IElement root, INode parent, Content content)
    {
        var nodes = NodeBuilder.Nodes(dom, parent, content);
        foreach (var fresh in nodes.OfType<IElement>().SelectMany(n => n.DescendantsAndSelf<IElement>()).Where(e => (e.HasAttribute("lv-ignore") || e.HasAttribute("lv-stream")) && e.Id is { Length: > 0 }).ToList())
        {
            if (Tree.ById(root, fresh.Id!) is { } old && (old.HasAttribute("lv-ignore") || old.HasAttribute("lv-stream")))
                Tree.ReplaceChildren(fresh, [.. old.ChildNodes]);
        }
        return nodes;
    }

    private static IElement AsElement(INode node, PatchOp op) =>
        node as IElement ?? throw new PatchFailedException($"[{string.Join(',', op.Path)}] is not an element");
}

/// <summary>A patch that does not fit the page's DOM (a path that does not resolve, a failed check): the client resyncs as a node list.</summary>
internal sealed class PatchFailedException(string message) : Exception(message);
