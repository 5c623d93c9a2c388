namespace LiveViews.Diffing;

/// <summary>
/// A <see cref="SharedSegment"/> parsed in one place: its HTML, its end marker and the whitespace after it, inside the
/// chain of elements <see cref="Context"/> (<see cref="HtmlTreeParser.ParseSegment"/>). Its <see cref="Nodes"/> are
/// shared by every view that renders the same HTML there; their top-level elements are lazy
/// (<see cref="VElement.IsLazy"/>) and are parsed again from <see cref="Source"/> when their content is read.
/// Immutable; the nodes follow the <see cref="VNode"/> rules.
/// </summary>
internal sealed class ParsedSegment(SharedSegment segment, SegmentContext context, string whitespace, VNode[] nodes)
{
    // The only node, or the row element when the only other node is the whitespace after it (most segments: one row
    // and the text before the next, with no array per row), else the nodes.
    private readonly object _nodes = nodes.Length == 1 || IsRowAndWhitespace(nodes, whitespace) ? nodes[0] : nodes;
    // The whitespace after the end marker: as the row's text node after it when that is its text, else as a string.
    private readonly object _tail = IsRowAndWhitespace(nodes, whitespace) ? nodes[1] : whitespace;

    private static bool IsRowAndWhitespace(VNode[] nodes, string whitespace) =>
        nodes.Length == 2 && nodes[0] is VElement && nodes[1] is VText text && text.Data == whitespace;

    private VText? After => _tail as VText;

    /// <summary>The segment's HTML.</summary>
    public SharedSegment Segment { get; } = segment;

    /// <summary>Where it was parsed.</summary>
    public SegmentContext Context { get; } = context;

    /// <summary>The whitespace after its end marker (part of what was parsed; see <see cref="SegmentSplitter"/>).</summary>
    public string Whitespace => _tail as string ?? ((VText)_tail).Data;

    /// <summary>Its node or its array of nodes, unread: what a loop asks the CPU for ahead of composing (<see cref="Prefetch"/>).</summary>
    internal object NodesObject => _nodes;

    /// <summary>The segment's only element (with, at most, the whitespace after it), else null.</summary>
    public VElement? Row => _nodes as VElement;

    /// <summary>The nodes (end marker dropped); a new array when there are one or two.</summary>
    public VNode[] Nodes => _nodes as VNode[] ?? (After is { } after ? [(VNode)_nodes, after] : [(VNode)_nodes]);

    /// <summary>Appends the nodes to <paramref name="builder"/>.</summary>
    public void AddTo(ChildListBuilder builder)
    {
        if (_nodes is VNode[] many) builder.AddRange(many);
        else
        {
            builder.Add((VNode)_nodes);
            if (After is { } after) builder.Add(after);
        }
    }

    /// <summary>What is parsed: the segment's HTML, its end marker and the whitespace.</summary>
    public string Source => SourceOf(Segment, Whitespace);

    /// <summary>What is parsed for <paramref name="segment"/> followed by <paramref name="whitespace"/> (see <see cref="SegmentSplitter"/>).</summary>
    public static string SourceOf(SharedSegment segment, string whitespace) => string.Concat(segment.Html, SegmentMarkers.End, whitespace);

    /// <summary>Whether this is the parse of the segment followed by <paramref name="whitespace"/> in <paramref name="context"/>.</summary>
    public bool Matches(SegmentContext context, ReadOnlySpan<char> whitespace) =>
        Context.SameChain(context) && whitespace.SequenceEqual(Whitespace);

    /// <summary>True when no top-level element of it is lazy with its content dropped.</summary>
    public bool IsMaterialized
    {
        get
        {
            if (_nodes is VElement one) return !one.IsLazy || one.IsMaterialized;
            if (_nodes is VNode[] many)
                foreach (var n in many)
                    if (n is VElement { IsLazy: true, IsMaterialized: false }) return false;
            return true;
        }
    }

    /// <summary>
    /// Gives its lazy top-level elements their content from <paramref name="parsed"/>, a fresh parse of <see cref="Source"/>
    /// in its context (e.g. one of a batch), until the current <see cref="Materialization"/> scope ends. Elements the
    /// parse does not match (it cannot differ: parsing is deterministic) stay lazy and parse on their own when read.
    /// </summary>
    public void Materialize(VNode[] parsed)
    {
        var nodes = _nodes as VNode[];
        int count = nodes?.Length ?? (After is null ? 1 : 2);
        if (parsed.Length != count) return;
        for (int i = 0; i < count; i++)
        {
            var node = nodes is null ? (i == 0 ? (VNode)_nodes : After!) : nodes[i];
            if (node is VElement { IsLazy: true, IsMaterialized: false } shell && parsed[i] is VElement twin
                && twin.Tag == shell.Tag && twin.Namespace == shell.Namespace && twin.Key == shell.Key)
                shell.TakeContentOf(twin);
        }
    }

    /// <summary>
    /// Parses the segment again (on this thread's parser) and returns the element at <paramref name="shell"/>'s position
    /// among the top-level nodes, with its content. Throws <see cref="InvalidOperationException"/> when the parse does not
    /// give back an element of the same identity there (it cannot: parsing is deterministic).
    /// </summary>
    public VElement ParseTwinOf(VElement shell)
    {
        int index = _nodes is VNode[] many ? Array.IndexOf(many, shell) : ReferenceEquals(_nodes, shell) ? 0 : -1;
        var nodes = Materialization.Parser.ParseSegment(Source, Context, out var problem)
            ?? throw new InvalidOperationException("A pooled segment no longer parses balanced: " + problem);
        if (index < 0 || index >= nodes.Length || nodes[index] is not VElement twin || twin.Tag != shell.Tag
            || twin.Namespace != shell.Namespace || twin.Key != shell.Key)
            throw new InvalidOperationException($"Parsing a pooled segment again did not give back its element {shell.Tag} at {index}.");
        return twin;
    }
}
