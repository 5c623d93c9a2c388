namespace LiveViews.Diffing;

/// <summary>
/// A node of the immutable tree the differ compares. Nodes are shared between renders (unchanged segments and
/// skeleton subtrees keep their objects), so reference equality means "unchanged" and costs O(1).
/// Never mutate a node after construction.
/// </summary>
internal abstract class VNode
{
    private protected VNode() { }

    /// <summary>The DOM <c>nodeType</c> this node stands for (1 element, 3 text, 8 comment).</summary>
    public abstract int NodeType { get; }
}
