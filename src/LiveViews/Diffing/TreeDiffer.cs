namespace LiveViews.Diffing;

/// <summary>
/// Computes the patch ops (docs/protocol.md) that turn one child list of the view root into another.
/// <para>
/// Algorithm: reference-equal nodes are skipped in O(1) (unchanged segments and skeleton parts are shared between
/// renders). A child list is diffed by first patching its common prefix and suffix in place, then matching the
/// middle: keyed elements (<c>lv-id</c>, else <c>id</c>) by key, unkeyed nodes positionally. Unmatched old nodes are
/// removed, unmatched new ones inserted (consecutive ones in one op). Matched nodes in a longest increasing
/// subsequence of new positions stay put and every other matched node is moved once (the fewest single-node moves;
/// as in Vue 3's <c>patchKeyedChildren</c>, Inferno and ivi). A Fenwick tree tracks DOM indexes during moves, so a
/// middle of m children costs O(m log m). A matched pair is patched: same-tag elements get attribute ops and a
/// recursive child diff, texts and comments a set-text op, anything else (other node type, tag or key) a replace.
/// A changed <c>script</c> is replaced whole (its replacement is parsed inert), so a patch never runs a script: editing
/// the text or <c>src</c> of a parser-made script that was empty would run it. Inserted and replacing nodes are sent
/// as HTML or, when that HTML would not re-parse the same in their parent, as a node list (<see cref="ContentEncoder"/>).
/// Every op carries a <see cref="NodeCheck"/> of its target so the client can verify it patches the node the server means.
/// </para>
/// <para>Every path is valid in the DOM as it is after the previous ops were applied. Not thread-safe; reusable.</para>
/// </summary>
internal sealed class TreeDiffer(ContentEncoder content)
{
    private List<PatchOp> _ops = new();
    private int[] _path = new int[32];
    private VElement?[] _parents = new VElement?[32];
    private int _depth;
    // The DOM child count of the list being diffed at each depth, as the ops emitted so far leave it.
    private int[] _counts = new int[32];
    private readonly Dictionary<string, int> _keys = new(StringComparer.Ordinal);

    /// <summary>The element whose children are being diffed (null: the view root).</summary>
    private VElement? Parent => _depth == 0 ? null : _parents[_depth - 1];

    private string ParentName => Parent?.DomNodeName ?? NodeCheck.Root.NodeName;

    /// <summary>Returns the ops turning <paramref name="oldChildren"/> into <paramref name="newChildren"/> (children of the root).</summary>
    public IReadOnlyList<PatchOp> Diff(VNode[] oldChildren, VNode[] newChildren)
    {
        _depth = 0;
        DiffChildren(oldChildren, newChildren);
        Array.Clear(_parents); // no tree kept alive by the differ
        if (_ops.Count == 0) return [];
        var result = _ops;
        _ops = new List<PatchOp>();
        return result;
    }

    private void DiffChildren(VNode[] a, VNode[] b)
    {
        if (ReferenceEquals(a, b)) return;
        _counts[_depth] = a.Length;
        int start = 0, aEnd = a.Length - 1, bEnd = b.Length - 1;
        while (start <= aEnd && start <= bEnd && SameEdge(a, start, b, start, +1))
        {
            Patch(a[start], b[start], start);
            start++;
        }
        // Suffix ops use old indexes: nothing before them has changed length yet.
        while (aEnd >= start && bEnd >= start && SameEdge(a, aEnd, b, bEnd, -1))
        {
            Patch(a[aEnd], b[bEnd], aEnd);
            aEnd--;
            bEnd--;
        }
        if (start > aEnd)
        {
            if (start <= bEnd) Insert(b, start, bEnd, start);
            return;
        }
        if (start > bEnd)
        {
            for (int i = aEnd; i >= start; i--) _ops.Add(PatchOp.Remove(ChildPath(i), NodeCheck.Of(a[i]), _counts[_depth]--));
            return;
        }
        DiffMiddle(a, b, start, aEnd, bEnd);
    }

    private void DiffMiddle(VNode[] a, VNode[] b, int start, int aEnd, int bEnd)
    {
        int oldCount = aEnd - start + 1, newCount = bEnd - start + 1;
        var newToOld = new int[newCount];   // matched old local index, or -1
        Array.Fill(newToOld, -1);
        var oldMatched = new bool[oldCount];

        // Match: keyed by key (a duplicate key matches once; the rest are removed/inserted), unkeyed in order.
        // Among keyed siblings, unkeyed nodes (the whitespace between rows) are keyed by the keyed node that follows
        // them, so they move, arrive and leave with their row instead of being matched by position.
        bool keyed = HasKeyed(a, start, aEnd) || HasKeyed(b, start, bEnd);
        var newKeys = SlotKeys(b, start, bEnd, keyed);
        var oldKeys = SlotKeys(a, start, aEnd, keyed);
        _keys.Clear();
        int unkeyedNew = 0;
        var unkeyed = new int[newCount];
        for (int j = 0; j < newCount; j++)
        {
            var key = newKeys[j];
            if (key is null) unkeyed[unkeyedNew++] = j;
            else _keys.TryAdd(key, j);
        }
        int nextUnkeyed = 0, matched = 0;
        for (int k = 0; k < oldCount; k++)
        {
            var key = oldKeys[k];
            int j;
            if (key is null)
            {
                if (nextUnkeyed == unkeyedNew) continue;
                j = unkeyed[nextUnkeyed++];
            }
            else if (!_keys.TryGetValue(key, out j) || newToOld[j] >= 0) continue;
            newToOld[j] = k;
            oldMatched[k] = true;
            matched++;
        }
        _keys.Clear();

        // Remove unmatched old nodes, last first, so every index is still valid when used.
        for (int k = oldCount - 1; k >= 0; k--)
            if (!oldMatched[k]) _ops.Add(PatchOp.Remove(ChildPath(start + k), NodeCheck.Of(a[start + k]), _counts[_depth]--));

        // Ranks: the matched old nodes in old order are now the DOM children start .. start+matched-1.
        var rankOfOld = new int[oldCount];
        var newOfRank = new int[matched];
        for (int k = 0, r = 0; k < oldCount; k++)
            if (oldMatched[k]) rankOfOld[k] = r++;
        for (int j = 0; j < newCount; j++)
            if (newToOld[j] >= 0) newOfRank[rankOfOld[newToOld[j]]] = j;
        var stays = new bool[matched];
        LongestIncreasingSubsequence.Mark(newOfRank, stays);

        // Slots: the final order is the new order; each node staying put keeps its rank's slot, and the moved or
        // inserted nodes before it (in new order) get the slots just before that one. Present slots = DOM order.
        int slotCount = matched + newCount;
        var slotOfRank = new int[matched];
        var slotOfNew = new int[newCount];
        int slot = 0, nextNew = 0;
        for (int r = 0; r < matched; r++)
        {
            if (stays[r])
            {
                int jr = newOfRank[r];
                for (; nextNew < jr; nextNew++) slotOfNew[nextNew] = slot++;
                nextNew = jr + 1;
                slotOfNew[jr] = -1;
            }
            slotOfRank[r] = slot++;
        }
        for (; nextNew < newCount; nextNew++) slotOfNew[nextNew] = slot++;
        var present = new FenwickTree(slotCount);
        for (int r = 0; r < matched; r++) present.Add(slotOfRank[r], 1);

        for (int j = 0; j < newCount; j++)
        {
            int k = newToOld[j];
            if (k < 0)
            {
                int last = j;
                while (last + 1 < newCount && newToOld[last + 1] < 0) last++;
                for (int i = j; i <= last; i++) present.Add(slotOfNew[i], 1);
                Insert(b, start + j, start + last, start + present.CountBefore(slotOfNew[j]));
                j = last;
                continue;
            }
            int rank = rankOfOld[k];
            int index;
            if (stays[rank]) index = start + present.CountBefore(slotOfRank[rank]);
            else
            {
                int from = start + present.CountBefore(slotOfRank[rank]);
                present.Add(slotOfRank[rank], -1);
                index = start + present.CountBefore(slotOfNew[j]);
                present.Add(slotOfNew[j], 1);
                if (from != index) _ops.Add(PatchOp.Move(ParentPath(), from, index, ParentName, _counts[_depth]));
            }
            Patch(a[start + k], b[start + j], index);
        }
    }

    /// <summary>Patches old node <paramref name="a"/> (child <paramref name="index"/> of the current parent) into <paramref name="b"/>.</summary>
    private void Patch(VNode a, VNode b, int index)
    {
        if (ReferenceEquals(a, b)) return;
        switch (a)
        {
            case VText ta when b is VText tb:
                if (!string.Equals(ta.Data, tb.Data, StringComparison.Ordinal)) _ops.Add(PatchOp.SetText(ChildPath(index), tb.Data, _counts[_depth]));
                return;
            case VComment ca when b is VComment cb:
                if (!string.Equals(ca.Data, cb.Data, StringComparison.Ordinal)) _ops.Add(PatchOp.SetText(ChildPath(index), cb.Data, _counts[_depth], comment: true));
                return;
            case VComponent ca when b is VComponent cb && ReferenceEquals(ca.Content, cb.Content):
                return; // the component's own tree patches its content
            case VElement ea when b is VElement eb && SameElement(ea, eb):
                // A template's content is not in childNodes, so paths cannot reach it; a script must not be edited in
                // place (that can run it): replace either whole when it differs.
                if (ea.IsTemplate || ea.IsScript)
                {
                    if (!TreeEquality.Equal(ea, eb)) Replace(a, b, index);
                    return;
                }
                // Two shared rows diffed before: their ops again, at this row's place, without reading either.
                bool rows = ea.IsLazy && eb.IsLazy;
                if (rows && RowDiffCache.TryReplay(ea, eb, _path.AsSpan(0, _depth), index, _counts[_depth], _ops)) return;
                int first = _ops.Count;
                DiffAttributes(ea.Attributes, eb.Attributes, index, eb.DomNodeName);
                // lv-ignore: the element's children belong to client code (a hook); only its own attributes are patched.
                if (!ReferenceEquals(ea.Children, eb.Children) && !eb.IgnoresChildren)
                {
                    Push(index, eb);
                    DiffChildren(ea.Children, eb.Children);
                    _depth--;
                }
                if (rows) RowDiffCache.Add(ea, eb, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_ops)[first..], _depth + 1);
                return;
            default:
                Replace(a, b, index);
                return;
        }
    }

    // One node re-parses to one node (the encoder checks it), so the list keeps its length.
    private void Replace(VNode a, VNode b, int index) =>
        _ops.Add(PatchOp.Replace(ChildPath(index), content.Encode(Parent, new ReadOnlySpan<VNode>(in b)), NodeCheck.Of(a), _counts[_depth]));

    /// <summary>
    /// Removes the attributes <paramref name="b"/> lacks, then sets those it adds or changes. Attribute order is not
    /// kept: it means nothing in the DOM (as in morphdom and idiomorph), and keeping it would remove and set again every
    /// attribute after one that appears, as a conditional <c>checked</c> before an element's handlers.
    /// </summary>
    private void DiffAttributes(HtmlAttribute[] a, HtmlAttribute[] b, int index, string nodeName)
    {
        if (ReferenceEquals(a, b)) return;
        int[]? path = null;
        foreach (var old in a)
            if (IndexOf(b, old.Name) < 0)
                _ops.Add(PatchOp.RemoveAttribute(path ??= ChildPath(index), old.Name, nodeName, _counts[_depth]));
        foreach (var attribute in b)
        {
            int k = IndexOf(a, attribute.Name);
            if (k >= 0 && string.Equals(a[k].Value, attribute.Value, StringComparison.Ordinal)) continue;
            _ops.Add(PatchOp.SetAttribute(path ??= ChildPath(index), attribute.Name, attribute.Value, nodeName, _counts[_depth]));
        }
    }

    private static int IndexOf(HtmlAttribute[] attributes, string name)
    {
        for (int i = 0; i < attributes.Length; i++)
            if (string.Equals(attributes[i].Name, name, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>Inserts new nodes <paramref name="first"/>..<paramref name="last"/> of <paramref name="b"/> as one op at DOM index <paramref name="at"/>.</summary>
    private void Insert(VNode[] b, int first, int last, int at)
    {
        _ops.Add(PatchOp.Insert(ParentPath(), at, content.Encode(Parent, b.AsSpan(first, last - first + 1)), ParentName, _counts[_depth]));
        _counts[_depth] += last - first + 1;
    }

    /// <summary>Whether two nodes occupy the same slot for prefix/suffix matching: same type, and for elements same tag and key.</summary>
    private static bool SameSlot(VNode a, VNode b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is VElement ea) return b is VElement eb && SameElement(ea, eb);
        if (a is VComponent ca) return b is VComponent cb && ReferenceEquals(ca.Content, cb.Content);
        return a.NodeType == b.NodeType;
    }

    /// <summary>
    /// Prefix/suffix trimming matches text and comments only when equal: the whitespace between keyed rows then stays
    /// with its row, so inserting a row (with its whitespace) is one insert instead of a text edit plus an insert.
    /// </summary>
    /// <remarks>Text is matched only when the nodes after it (in scan direction) match too: text belongs to its row.</remarks>
    private static bool SameEdge(VNode[] a, int i, VNode[] b, int j, int step)
    {
        if (a[i] is VElement or VComponent) return SameSlot(a[i], b[j]);
        if (!ReferenceEquals(a[i], b[j]) && (a[i].NodeType != b[j].NodeType || TextOf(a[i]) != TextOf(b[j]))) return false;
        int ni = i + step, nj = j + step;
        bool aHas = ni >= 0 && ni < a.Length, bHas = nj >= 0 && nj < b.Length;
        return aHas == bHas && (!aHas || a[ni] is not (VElement or VComponent) || SameSlot(a[ni], b[nj]));
    }

    private static string? TextOf(VNode node) => node switch { VText t => t.Data, VComment c => c.Data, _ => null };

    private static bool SameElement(VElement a, VElement b) =>
        a.Namespace == b.Namespace
        && string.Equals(a.Tag, b.Tag, StringComparison.Ordinal)
        && string.Equals(a.Key, b.Key, StringComparison.Ordinal);

    private static string? KeyOf(VNode node) => node switch { VElement e => e.Key, VComponent c => c.Key, _ => null };

    private static bool HasKeyed(VNode[] nodes, int from, int to)
    {
        for (int i = from; i <= to; i++) if (KeyOf(nodes[i]) is not null) return true;
        return false;
    }

    /// <summary>
    /// Match keys of <paramref name="nodes"/>[<paramref name="from"/>..<paramref name="to"/>]: element keys, and, when the
    /// middle ranges hold any keyed element (<paramref name="keyed"/>), a synthetic key for each unkeyed node naming the next keyed sibling and the node's
    /// position in its gap (the U+0001 prefix cannot collide with attribute values). Null = match by position.
    /// </summary>
    private static string?[] SlotKeys(VNode[] nodes, int from, int to, bool keyed)
    {
        var keys = new string?[to - from + 1];
        for (int i = from; i <= to; i++) keys[i - from] = KeyOf(nodes[i]);
        if (!keyed) return keys;
        string next = "\u0001end";
        int gap = 0;
        for (int i = to; i >= from; i--)
        {
            if (keys[i - from] is { } key) { next = "\u0001" + key; gap = 0; continue; }
            keys[i - from] = next + "\u0001" + (gap++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return keys;
    }

    private void Push(int index, VElement parent)
    {
        if (_depth + 1 >= _path.Length)
        {
            Array.Resize(ref _path, _path.Length * 2);
            Array.Resize(ref _parents, _parents.Length * 2);
            Array.Resize(ref _counts, _counts.Length * 2);
        }
        _parents[_depth] = parent;
        _path[_depth++] = index;
    }

    private int[] ParentPath() => _path.AsSpan(0, _depth).ToArray();

    private int[] ChildPath(int index)
    {
        var path = new int[_depth + 1];
        _path.AsSpan(0, _depth).CopyTo(path);
        path[_depth] = index;
        return path;
    }
}
