namespace LiveViews.Diffing;

/// <summary>
/// Where a segment goes in a parsed skeleton. Only ever appears in skeleton trees, never in a composed tree.
/// </summary>
internal sealed class VPlaceholder(FragmentContext context) : VNode
{
    /// <summary>The element the segment's HTML is parsed in (the placeholder's parent).</summary>
    public FragmentContext Context { get; } = context;

    public override int NodeType => 8;
}
