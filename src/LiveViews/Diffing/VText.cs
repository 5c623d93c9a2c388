namespace LiveViews.Diffing;

/// <summary>A text node. Never empty, and never next to another text node in a child list.</summary>
internal sealed class VText(string data) : VNode
{
    // The last Concat result: composing the same cached segments again yields the same merged node, which the
    // differ then skips by reference. One reference (atomic), a cache only: it never changes what the node means.
    private sealed record Memo(VText Right, VText Result);
    private Memo? _memo;

    /// <summary>The character data, decoded (no entities).</summary>
    public string Data { get; } = data;

    public override int NodeType => 3;

    /// <summary>The text node for this text followed by <paramref name="right"/> (the same object for the same pair).</summary>
    public VText Concat(VText right)
    {
        var memo = _memo;
        if (memo is not null && ReferenceEquals(memo.Right, right)) return memo.Result;
        // Whitespace-only text is the node every view shares (NameTable.Text): the same object for the same pair even
        // when other views' merges have overwritten this shared node's memo.
        var result = NameTable.Text(string.Concat(Data, right.Data));
        _memo = new Memo(right, result);
        return result;
    }

    public override string ToString() => "#text " + Data;
}
