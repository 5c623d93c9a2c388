using AngleSharp.Html.Parser;

namespace LiveViews.Diffing;

/// <summary>
/// The server's copy of one mounted view's DOM (the root <c>div</c>'s children) and the entry point of the diff
/// engine. Each render is split on <see cref="SegmentMarkers"/> into a skeleton and segments; the skeleton is parsed
/// only when its text changed and a segment only when its HTML is not in the <see cref="SegmentCache"/>,
/// so the cost of an event grows with what changed, not with the page. The composed tree shares unchanged nodes
/// with the previous one, which <see cref="TreeDiffer"/> skips by reference.
/// <para>Not thread-safe: a view handles its events one at a time. Each instance owns its AngleSharp document.</para>
/// </summary>
internal sealed class ViewTree
{
    private readonly HtmlTreeParser _parser;
    private readonly ContentEncoder _content;
    private readonly TreeDiffer _differ;
    private readonly SegmentPolicy _policy;
    private readonly Stack<ChildListBuilder> _builders = new();
    private readonly List<SegmentRange> _segments = new();
    private readonly List<int> _runs = new();
    private readonly SegmentCache _cache = new();
    private char[] _skeletonBuffer = new char[256];
    private string? _skeleton;
    private VNode[] _skeletonNodes = [];
    private VNode[] _children = [];

    /// <summary>Creates an empty tree.</summary>
    /// <param name="parser">An AngleSharp parser to share (stateless between calls); default: a browser-like one (scripting on).</param>
    /// <param name="policy">What an unbalanced segment does; default <see cref="SegmentPolicy.Strict"/> (throws).</param>
    /// <param name="rootNamespace">Namespace of the element holding the tree's top-level nodes.</param>
    /// <param name="rootTag">That element's local name: <c>div</c> for a view root, a component's parent element for a component.</param>
    public ViewTree(HtmlParser? parser = null, SegmentPolicy? policy = null, VNamespace rootNamespace = VNamespace.Html, string rootTag = "div")
    {
        _parser = new HtmlTreeParser(parser, rootNamespace, rootTag);
        _content = new ContentEncoder(_parser);
        _differ = new TreeDiffer(_content);
        _policy = policy ?? SegmentPolicy.Strict;
    }

    /// <summary>Resolves live component placeholders met while parsing renders (null: a tree without components).</summary>
    public IComponentResolver? Components
    {
        get => _parser.Components;
        set => _parser.Components = value;
    }

    /// <summary>Renders parsed whole because a segment was not balanced (production policy).</summary>
    internal int WholeRenderFallbackCount { get; private set; }

    /// <summary>Ops and full renders sent as node lists because their HTML would not re-parse the same.</summary>
    internal int NodeListCount => _content.NodeListCount;

    /// <summary>The root's children after the last render.</summary>
    internal VNode[] Children => _children;

    /// <summary>Segments parsed by the last render (cache misses).</summary>
    internal int LastParsedSegmentCount { get; private set; }

    /// <summary>Segments in the last render.</summary>
    internal int LastSegmentCount { get; private set; }

    /// <summary>Whether the last render reused the previous parsed skeleton.</summary>
    internal bool LastSkeletonReused { get; private set; }

    /// <summary>Parsed segments held by the caches (those used by the last render).</summary>
    internal int CachedSegmentCount
    {
        get
        {
            return _cache.Count;
        }
    }

    /// <summary>Total skeleton parses since creation.</summary>
    internal int SkeletonParseCount { get; private set; }

    /// <summary>
    /// First render: parses <paramref name="renderedHtml"/> (the root's inner HTML, with segment markers), remembers it,
    /// and returns the HTML to send to the browser: the canonical serialization of the tree, markers removed.
    /// </summary>
    /// <exception cref="InvalidOperationException">Segment markers are nested or unbalanced, or a marker is where no comment can be (an attribute, script, textarea…).</exception>
    /// <exception cref="UnbalancedHtmlException">A segment is not balanced and the policy throws.</exception>
    public string Initialize(string renderedHtml)
    {
        ArgumentNullException.ThrowIfNull(renderedHtml);
        _children = Build(renderedHtml);
        return ToHtml();
    }

    /// <summary>
    /// Later renders: returns the ops that turn the previous tree into the new one (empty when nothing changed) and
    /// remembers the new tree. On an exception the previous tree stays current.
    /// </summary>
    /// <exception cref="InvalidOperationException">As <see cref="Initialize"/>.</exception>
    public IReadOnlyList<PatchOp> Update(string renderedHtml)
    {
        ArgumentNullException.ThrowIfNull(renderedHtml);
        return Update(renderedHtml.AsSpan());
    }

    /// <summary>As <see cref="Update(string)"/>, reading the render where it was written (a pooled buffer).</summary>
    public IReadOnlyList<PatchOp> Update(ReadOnlySpan<char> renderedHtml)
    {
        var next = Build(renderedHtml);
        var ops = _differ.Diff(_children, next);
        _children = next;
        return ops;
    }

    /// <summary>
    /// Replaces the tree by <paramref name="next"/> (nodes built from the current ones, e.g. a component's root with an
    /// error class) and returns the ops from the current tree to it.
    /// </summary>
    public IReadOnlyList<PatchOp> Replace(VNode[] next)
    {
        var ops = _differ.Diff(_children, next);
        _children = next;
        return ops;
    }

    /// <summary>Serializes the current tree (the root's inner HTML).</summary>
    public string ToHtml() => HtmlSerializer.SerializeChildren(_children);

    /// <summary>
    /// The current tree for a full render (join, resync): its HTML when that re-parses to the same tree, else (or when
    /// <paramref name="asNodes"/>, e.g. after the client found the DOM differs from what HTML gives it) a node list.
    /// </summary>
    public PatchContent ToContent(bool asNodes = false) => _content.EncodeRoot(_children, asNodes);

    private VNode[] Build(ReadOnlySpan<char> html)
    {
        try
        {
            return BuildWithSegments(html);
        }
        catch (UnbalancedHtmlException ex) when (!_policy.ThrowOnUnbalanced)
        {
            // Production: this render is parsed whole, as the page would be; the next render tries segments again.
            WholeRenderFallbackCount++;
            _policy.OnFallback?.Invoke(ex.Message);
            var whole = _parser.ParseFragment(SegmentMarkers.Strip(html.ToString()), _parser.RootContext);
            _skeleton = null;
            _skeletonNodes = [];
            LastSkeletonReused = false;
            LastParsedSegmentCount = 0;
            LastSegmentCount = 0;
            return whole;
        }
    }

    private VNode[] BuildWithSegments(ReadOnlySpan<char> html)
    {
        int length = SegmentSplitter.Split(html, ref _skeletonBuffer, _segments, _runs);
        var skeletonText = _skeletonBuffer.AsSpan(0, length);
        bool reused = _skeleton is not null && skeletonText.SequenceEqual(_skeleton);
        string skeleton = reused ? _skeleton! : new string(skeletonText);
        VNode[] skeletonNodes;
        if (reused) skeletonNodes = _skeletonNodes;
        else
        {
            skeletonNodes = _parser.ParseSkeleton(skeleton, out int placeholders);
            SkeletonParseCount++;
            if (placeholders != _runs.Count)
                throw new UnbalancedHtmlException(
                    $"{_policy.ViewName}: the render has {_runs.Count} runs of live segments but only {placeholders} are where the HTML parser keeps comments; " +
                    "segment markers must not be inside an attribute, <script>, <style>, <textarea> or <title>.");
        }

        var state = new ComposeState();
        VNode[] children;
        _cache.BeginRender();
        try
        {
            children = Compose(skeletonNodes, html, ref state);
        }
        catch
        {
            _cache.AbortRender();
            throw;
        }
        _cache.EndRender();

        _skeleton = skeleton;
        _skeletonNodes = skeletonNodes;
        LastSkeletonReused = reused;
        LastParsedSegmentCount = state.Parsed;
        LastSegmentCount = _segments.Count;
        return children;
    }

    /// <summary>
    /// Replaces the placeholders of a skeleton child list by their segments' nodes. Lists and elements without
    /// placeholders are returned as they are, so they stay reference-equal to the previous render's.
    /// </summary>
    private struct ComposeState
    {
        public int Run;
        public int Segment;
        public int Parsed;
    }

    private UnbalancedHtmlException Unbalanced(int index, string source, SegmentContext context, string problem)
    {
        // The segment's HTML as the template wrote it: content and end marker, without the whitespace after it.
        var content = source.TrimEnd(' ', '\n', '\t', '\f', '\r');
        var key = _policy.FindMemoKey?.Invoke(SegmentMarkers.Start + content);
        var body = content.EndsWith(SegmentMarkers.End, StringComparison.Ordinal) ? content[..^SegmentMarkers.End.Length] : content;
        var start = body.Length <= 60 ? body : body[..60] + "…";
        var which = key is not null ? $"the memoized live segment with key {key}" : $"live segment #{index} (\"{start}\")";
        return new UnbalancedHtmlException(
            $"{_policy.ViewName}: {which} inside <{context.ParentTag}> is not balanced: {problem}. A segment must close every element it opens " +
            "and no more, so that the page parses it as the framework does.");
    }

    private VNode[] Compose(VNode[] nodes, ReadOnlySpan<char> html, ref ComposeState state)
    {
        bool any = false;
        foreach (var n in nodes)
            if (n is VPlaceholder || n is VElement { HasPlaceholders: true }) { any = true; break; }
        if (!any) return nodes;

        var builder = _builders.Count > 0 ? _builders.Pop() : new ChildListBuilder();
        foreach (var n in nodes)
        {
            if (n is VPlaceholder placeholder)
            {
                var context = placeholder.Context;
                for (int end = state.Segment + _runs[state.Run++]; state.Segment < end; state.Segment++)
                {
                    var range = _segments[state.Segment];
                    var text = html.Slice(range.Start, range.Length);
                    var segmentNodes = _cache.TryGet(state.Segment, context, text);
                    if (segmentNodes is null)
                    {
                        var source = text.ToString();
                        segmentNodes = _parser.ParseSegment(source, context, out var problem)
                            ?? throw Unbalanced(state.Segment, source, context, problem!);
                        _cache.Add(state.Segment, context, source, segmentNodes);
                        state.Parsed++;
                    }
                    builder.AddRange(segmentNodes);
                }
            }
            else if (n is VElement { HasPlaceholders: true } e)
                builder.Add(new VElement(e.Tag, e.Namespace, e.Attributes, Compose(e.Children, html, ref state), scanForPlaceholders: false));
            else builder.Add(n);
        }
        var result = builder.ToArrayAndClear();
        _builders.Push(builder);
        return result;
    }
}
