namespace LiveViews.Diffing;

/// <summary>
/// Where a run of segments goes in a parsed skeleton. Only ever appears in skeleton trees, never in a composed tree.
/// </summary>
internal sealed class VPlaceholder(SegmentContext context) : VNode
{
    /// <summary>The chain of elements the run's segments are parsed in.</summary>
    public SegmentContext Context { get; } = context;

    public override int NodeType => 8;
}
