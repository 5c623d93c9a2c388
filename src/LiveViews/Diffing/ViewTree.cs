using AngleSharp.Html.Parser;

namespace LiveViews.Diffing;

/// <summary>
/// The server's copy of one mounted view's DOM (the root <c>div</c>'s children) and the entry point of the diff
/// engine. Each render is split on <see cref="SegmentMarkers"/> into a skeleton and segments; the skeleton is parsed
/// only when its text changed and a segment only when no view has parsed the same HTML in the same place before
/// (<see cref="SegmentPool"/>), so the cost of an event grows with what changed, not with the page, and many views of
/// the same list share its rows. A reused memoized segment arrives as a reference marker (<see cref="SegmentMarkers.ReferenceStart"/>)
/// and is resolved to its <see cref="SharedSegment"/> without reading its HTML. The composed tree shares unchanged
/// nodes with the previous one, which <see cref="TreeDiffer"/> skips by reference. Each operation runs in a
/// <see cref="Materialization"/> scope: rows whose content it had to read are dropped back to their identity after it.
/// <para>Not thread-safe: a view handles its events one at a time. Each instance owns its AngleSharp document.</para>
/// </summary>
internal sealed class ViewTree
{
    private readonly HtmlTreeParser _parser;
    private readonly ContentEncoder _content;
    private readonly TreeDiffer _differ;
    private readonly SegmentPolicy _policy;
    private readonly SegmentPool _pool;
    // Builders for one render, borrowed from the thread (a 1,000-row list grows one to 8 KB; an idle view keeps none).
    [ThreadStatic] private static Stack<ChildListBuilder>? t_builders;
    // Composed child lists and parsed segments by position, shared by content: views of the same page hold them once.
    private static readonly ArrayInterner<VNode> s_childLists = new(ReferenceEqualityComparer.Instance);
    private static readonly ArrayInterner<ParsedSegment?> s_positions = new(ReferenceEqualityComparer.Instance);
    // Scratch for one render, borrowed from the thread (a 1,000-row render needs ~20 KB; an idle view keeps none).
    // A stack, because a live component's tree renders while its parent's is being composed.
    [ThreadStatic] private static Stack<List<SegmentRange>>? t_rangeLists;
    private List<SegmentRange> _segments = Empty;
    private static readonly List<SegmentRange> Empty = new(0);
    private readonly List<int> _runs = new();
    private readonly List<int> _path = new();
    private readonly List<StreamRender> _streams = new();
    private readonly SegmentCache _cache = new();
    // Where Split writes the skeleton, per thread, not per view (an idle view kept ~2 KB of it): it is read only until the
    // skeleton is compared with the previous one or copied. A buffer grown past KeptSkeletonChars (a large page rendered
    // without segments) is not kept.
    [ThreadStatic] private static char[]? t_skeletonBuffer;
    private const int KeptSkeletonChars = 16 * 1024;
    private string? _skeleton;
    private VNode[] _skeletonNodes = [];
    private SegmentContext[] _runContexts = [];
    // Scratch of Resolve, borrowed from the thread and emptied after it (an idle view keeps none of it; Resolve calls
    // nothing that resolves another tree).
    [ThreadStatic] private static ResolveScratch? t_resolve;
    private VNode[] _children = [];
    // The pooled parse of each segment of the last render (null: not pooled), by segment index: what keeps its shared
    // segment alive for this view, and the first guess for the same segment in the next render.
    private ParsedSegment?[] _previous = [];
    private int _previousCount;
    // Sharing policy: a tree's first render, and every render after one that found its lists already held by another
    // view, interns its composed child lists and _previous (views that joined the same page hold them once; an idle
    // view is the common case). After a render nobody shared (this view's own rows, or the first view of a page) the
    // lists are this view's own again, pooled as before: an event then costs no hashing or copying.
    private bool _share = true;
    private bool _previousInterned;
    private ParsedSegment?[] _current = [];
    private int _delta;

    /// <summary>Creates an empty tree.</summary>
    /// <param name="parser">An AngleSharp parser to share (stateless between calls); default: a browser-like one (scripting on).</param>
    /// <param name="policy">What an unbalanced segment does; default <see cref="SegmentPolicy.Strict"/> (throws).</param>
    /// <param name="rootNamespace">Namespace of the element holding the tree's top-level nodes.</param>
    /// <param name="rootTag">That element's local name: <c>div</c> for a view root, a component's parent element for a component.</param>
    /// <param name="pool">Where segments are shared with other views; default <see cref="SegmentPool.Shared"/>.</param>
    public ViewTree(HtmlParser? parser = null, SegmentPolicy? policy = null, VNamespace rootNamespace = VNamespace.Html, string rootTag = "div", SegmentPool? pool = null)
    {
        _parser = new HtmlTreeParser(parser, rootNamespace, rootTag);
        _content = new ContentEncoder(_parser);
        _differ = new TreeDiffer(_content);
        _policy = policy ?? SegmentPolicy.Strict;
        _pool = pool ?? SegmentPool.Shared;
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

    /// <summary>
    /// True for a view's tree: the children of each element with <c>lv-stream</c> are taken out of the tree after every
    /// render (<see cref="LastStreams"/>), so the tree, and every diff, sees stream containers empty.
    /// </summary>
    public bool CollectStreams { get; init; }

    /// <summary>
    /// Called with a render's stream containers (<see cref="CollectStreams"/>) before the render becomes the tree's; an
    /// exception it throws leaves the previous tree current, as a bad render does.
    /// </summary>
    internal Action<IReadOnlyList<StreamRender>>? CheckStreams { get; set; }

    /// <summary>The stream containers of the last render with the rows it rendered in them, in document order (with <see cref="CollectStreams"/>).</summary>
    internal IReadOnlyList<StreamRender> LastStreams => _streams;

    /// <summary>The rows the last updates read whose content stays parsed for the next one (<see cref="Materialization.KeptLimit"/>).</summary>
    private readonly List<VElement> _kept = [];

    /// <summary>
    /// The tree before the last update, until <see cref="Compact"/>: while a view is active its rows' previous contents
    /// stay alive, so a change back to one of them replays the ops between the two (<see cref="RowDiffCache"/>, which
    /// holds the row changed to only weakly) instead of parsing both rows again.
    /// </summary>
    private VNode[]? _before;

    /// <summary>The root's children after the last render.</summary>
    internal VNode[] Children => _children;

    /// <summary>Segments this tree parsed in the last render (neither it nor another view had parsed them there).</summary>
    internal int LastParsedSegmentCount { get; private set; }

    /// <summary>Segments of the last render parsed together with others of their place (<see cref="HtmlTreeParser.TryParseSegments"/>).</summary>
    internal int LastBatchedSegmentCount { get; private set; }

    /// <summary>Rows whose content the last render read back in batches for the diff (<see cref="MaterializeDisplaced"/>).</summary>
    internal int LastMaterializedSegmentCount { get; private set; }

    /// <summary>Segments in the last render.</summary>
    internal int LastSegmentCount { get; private set; }

    /// <summary>Whether the last render reused the previous parsed skeleton.</summary>
    internal bool LastSkeletonReused { get; private set; }

    /// <summary>Distinct parsed segments the tree holds (those of the last render).</summary>
    internal int CachedSegmentCount
    {
        get
        {
            var distinct = new HashSet<ParsedSegment>(ReferenceEqualityComparer.Instance);
            for (int i = 0; i < _previousCount; i++)
                if (_previous[i] is { } parsed) distinct.Add(parsed);
            return distinct.Count + _cache.Count;
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
        using var scope = Materialization.Enter();
        Load(renderedHtml, null);
        return ToHtml();
    }

    /// <summary>
    /// First render without serializing it: parses <paramref name="renderedHtml"/> (with segment markers and, from a
    /// connected render, reference markers numbering <paramref name="references"/>) and remembers it.
    /// </summary>
    /// <exception cref="InvalidOperationException">As <see cref="Initialize"/>, or a reference marker is malformed or out of sequence.</exception>
    /// <exception cref="UnbalancedHtmlException">As <see cref="Initialize"/>.</exception>
    public void Load(ReadOnlySpan<char> renderedHtml, IReadOnlyList<SharedSegment>? references)
    {
        using var scope = Materialization.Enter();
        var next = Build(renderedHtml, references, default);
        CheckStreams?.Invoke(_streams);
        _children = next;
    }

    /// <summary>
    /// Later renders: returns the ops that turn the previous tree into the new one (empty when nothing changed) and
    /// remembers the new tree. On an exception the previous tree stays current.
    /// </summary>
    /// <exception cref="InvalidOperationException">As <see cref="Initialize"/>.</exception>
    public IReadOnlyList<PatchOp> Update(string renderedHtml)
    {
        ArgumentNullException.ThrowIfNull(renderedHtml);
        return Update(renderedHtml.AsSpan(), null);
    }

    /// <summary>As <see cref="Update(string)"/>, reading the render where it was written (a pooled buffer).</summary>
    public IReadOnlyList<PatchOp> Update(ReadOnlySpan<char> renderedHtml) => Update(renderedHtml, null);

    /// <summary>
    /// As <see cref="Update(string)"/>, for a connected render that wrote <paramref name="references"/> (its reused memoized
    /// segments): as markers in the text, or recorded in place at <paramref name="positions"/> (offsets into
    /// <paramref name="renderedHtml"/>, -1 for a marker; see <see cref="SegmentSplitter.Split"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">As <see cref="Load"/>.</exception>
    public IReadOnlyList<PatchOp> Update(ReadOnlySpan<char> renderedHtml, IReadOnlyList<SharedSegment>? references, ReadOnlySpan<int> positions = default)
    {
        using var scope = Materialization.Enter(_kept);
        var next = Build(renderedHtml, references, positions);
        CheckStreams?.Invoke(_streams);
        var ops = _differ.Diff(_children, next);
        _before = _children;
        _children = next;
        return ops;
    }

    /// <summary>
    /// Drops what the tree holds only for a next update: the tree before the last one, the rows kept parsed and the ops
    /// remembered from its rows (<see cref="RowDiffCache"/>). The view's session calls it once the view has been idle a
    /// while (<c>ViewSession.CompactionDelay</c>), so an idle view holds its current tree alone. Not thread-safe, like
    /// every other call: the view's mailbox serializes them.
    /// </summary>
    public void Compact()
    {
        _before = null;
        foreach (var element in _kept) element.Release();
        _kept.Clear();
        ForgetRowDiffs(_children);
    }

    /// <summary>Forgets the remembered ops from the lazy rows under <paramref name="nodes"/> (never reading a lazy row's content).</summary>
    private static void ForgetRowDiffs(VNode[] nodes)
    {
        foreach (var node in nodes)
        {
            if (node is not VElement element) continue;
            if (element.IsLazy) RowDiffCache.Forget(element);
            else ForgetRowDiffs(element.Children);
        }
    }

    /// <summary>Whether the tree holds anything for a next update (<see cref="Compact"/> drops it), for tests.</summary>
    internal bool HoldsForNextUpdate => _before is not null || _kept.Count > 0;

    /// <summary>
    /// Replaces the tree by <paramref name="next"/> (nodes built from the current ones, e.g. a component's root with an
    /// error class) and returns the ops from the current tree to it.
    /// </summary>
    public IReadOnlyList<PatchOp> Replace(VNode[] next)
    {
        using var scope = Materialization.Enter();
        var ops = _differ.Diff(_children, next);
        _children = next;
        return ops;
    }

    /// <summary>Encodes <paramref name="node"/> as the content of an op inserting it under <paramref name="parent"/> (HTML when it re-parses the same there, else a node list).</summary>
    internal PatchContent Encode(VElement parent, VNode node)
    {
        using var scope = Materialization.Enter();
        return _content.Encode(parent, [node]);
    }

    /// <summary>Serializes the current tree (the root's inner HTML).</summary>
    public string ToHtml()
    {
        using var scope = Materialization.Enter();
        return HtmlSerializer.SerializeChildren(_children);
    }

    /// <summary>
    /// The current tree for a full render (join, resync): its HTML when that re-parses to the same tree, else (or when
    /// <paramref name="asNodes"/>, e.g. after the client found the DOM differs from what HTML gives it) a node list.
    /// </summary>
    public PatchContent ToContent(bool asNodes = false)
    {
        using var scope = Materialization.Enter();
        return _content.EncodeRoot(_children, asNodes);
    }

    private VNode[] Build(ReadOnlySpan<char> html, IReadOnlyList<SharedSegment>? references, ReadOnlySpan<int> positions)
    {
        _streams.Clear();
        _path.Clear();
        try
        {
            return BuildWithSegments(html, references, positions);
        }
        catch (UnbalancedHtmlException ex) when (!_policy.ThrowOnUnbalanced)
        {
            // Production: this render is parsed whole, as the page would be; the next render tries segments again.
            WholeRenderFallbackCount++;
            _policy.OnFallback?.Invoke(ex.Message);
            var whole = _parser.ParseFragment(SegmentMarkers.Strip(SegmentMarkers.ExpandReferences(SegmentMarkers.WithMarkers(html, positions), references)), _parser.RootContext);
            _skeleton = null;
            _skeletonNodes = [];
            LastSkeletonReused = false;
            LastParsedSegmentCount = 0;
            LastSegmentCount = 0;
            ReleasePrevious();
            _previousCount = 0;
            _streams.Clear();
            _path.Clear();
            return CollectStreams ? TakeStreams(whole) : whole;
        }
    }

    private VNode[] BuildWithSegments(ReadOnlySpan<char> html, IReadOnlyList<SharedSegment>? references, ReadOnlySpan<int> positions)
    {
        var lists = t_rangeLists ??= new Stack<List<SegmentRange>>();
        _segments = lists.Count > 0 ? lists.Pop() : new List<SegmentRange>();
        try
        {
            return Compose(html, references, positions);
        }
        finally
        {
            _segments.Clear();
            if (_segments.Capacity <= 1 << 16) lists.Push(_segments);
            _segments = Empty;
        }
    }

    private VNode[] Compose(ReadOnlySpan<char> html, IReadOnlyList<SharedSegment>? references, ReadOnlySpan<int> positions)
    {
        var buffer = t_skeletonBuffer ?? new char[256];
        int length = SegmentSplitter.Split(html, ref buffer, _segments, _runs, references?.Count ?? 0, positions);
        var skeletonText = buffer.AsSpan(0, length);
        bool reused = _skeleton is not null && skeletonText.SequenceEqual(_skeleton);
        string skeleton = reused ? _skeleton! : new string(skeletonText);
        t_skeletonBuffer = buffer.Length <= KeptSkeletonChars ? buffer : null;
        VNode[] skeletonNodes;
        SegmentContext[] runContexts;
        if (reused) (skeletonNodes, runContexts) = (_skeletonNodes, _runContexts);
        else
        {
            skeletonNodes = _parser.ParseSkeleton(skeleton, out int placeholders);
            SkeletonParseCount++;
            if (placeholders != _runs.Count)
                throw new UnbalancedHtmlException(
                    $"{_policy.ViewName}: the render has {_runs.Count} runs of live segments but only {placeholders} are where the HTML parser keeps comments; " +
                    "segment markers must not be inside an attribute, <script>, <style>, <textarea> or <title>.");
            var contexts = new List<SegmentContext>(placeholders);
            CollectRunContexts(skeletonNodes, contexts);
            runContexts = [.. contexts];
        }

        var state = new ComposeState { References = references };
        VNode[] children;
        _current = _segments.Count == 0 ? [] : System.Buffers.ArrayPool<ParsedSegment?>.Shared.Rent(_segments.Count);
        _delta = 0;
        _cache.BeginRender();
        try
        {
            Resolve(runContexts, html, ref state);
            children = Compose(skeletonNodes, html, ref state);
        }
        catch
        {
            _cache.AbortRender();
            ReturnArray(ref _current, _segments.Count);
            throw;
        }
        _cache.EndRender();
        ReleasePrevious();
        if (_share)
        {
            _previous = s_positions.Intern(_current.AsSpan(0, _segments.Count), out _share);
            _previousInterned = true;
            ReturnArray(ref _current, _segments.Count);
        }
        else (_previous, _current) = (_current, []);
        _previousCount = _segments.Count;

        _skeleton = skeleton;
        _skeletonNodes = skeletonNodes;
        _runContexts = runContexts;
        LastSkeletonReused = reused;
        LastParsedSegmentCount = state.Parsed;
        LastSegmentCount = _segments.Count;
        return children;
    }

    /// <summary>A whole parse with its stream containers emptied (their rows in <see cref="LastStreams"/>).</summary>
    private VNode[] TakeStreams(VNode[] nodes)
    {
        VNode[]? copy = null;
        for (int i = 0; i < nodes.Length; i++)
        {
            if (nodes[i] is not VElement e || e.IsLazy) continue;
            _path.Add(i);
            VElement? replaced = null;
            if (e.IsStreamContainer)
            {
                replaced = new VElement(e.Tag, e.Namespace, e.Attributes, [], scanForPlaceholders: false);
                _streams.Add(new StreamRender(replaced, [.. _path], e.Children));
            }
            else if (TakeStreams(e.Children) is var children && !ReferenceEquals(children, e.Children))
                replaced = new VElement(e.Tag, e.Namespace, e.Attributes, children, scanForPlaceholders: false);
            _path.RemoveAt(_path.Count - 1);
            if (replaced is not null) (copy ??= (VNode[])nodes.Clone())[i] = replaced;
        }
        return copy ?? nodes;
    }

    /// <summary>Drops <c>_previous</c>: back to the pool when it is this view's own, else only the reference (another view may hold it).</summary>
    private void ReleasePrevious()
    {
        if (_previousInterned) _previous = [];
        else ReturnArray(ref _previous, _previousCount);
        _previousInterned = false;
    }

    private static void ReturnArray(ref ParsedSegment?[] array, int used)
    {
        if (array.Length == 0) return;
        Array.Clear(array, 0, Math.Min(used, array.Length)); // no segment kept alive by the shared pool of arrays
        System.Buffers.ArrayPool<ParsedSegment?>.Shared.Return(array);
        array = [];
    }

    /// <summary>Where composing is: the next run and segment, and what the render parsed.</summary>
    private struct ComposeState
    {
        public int Run;
        public int Segment;
        public int Parsed;
        public IReadOnlyList<SharedSegment>? References;
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

    /// <summary>
    /// Replaces the placeholders of a skeleton child list by their segments' nodes. Lists and elements without
    /// placeholders are returned as they are, so they stay reference-equal to the previous render's.
    /// </summary>
    private VNode[] Compose(VNode[] nodes, ReadOnlySpan<char> html, ref ComposeState state)
    {
        bool any = false;
        foreach (var n in nodes)
            if (n is VPlaceholder || n is VElement { HasPlaceholders: true }) { any = true; break; }
        if (!any) return nodes;

        var builders = t_builders ??= new Stack<ChildListBuilder>();
        var builder = builders.Count > 0 ? builders.Pop() : new ChildListBuilder();
        foreach (var n in nodes)
        {
            if (n is VPlaceholder placeholder)
            {
                var context = placeholder.Context;
                for (int end = state.Segment + _runs[state.Run++]; state.Segment < end; state.Segment++)
                    AddSegment(builder, state.Segment, context, html, ref state);
            }
            else if (n is VElement { HasPlaceholders: true } e)
            {
                _path.Add(builder.Count);
                var children = Compose(e.Children, html, ref state);
                if (e.IsStreamContainer && CollectStreams)
                {
                    // The rows go to the client as a stream op; the tree keeps the container empty.
                    var container = new VElement(e.Tag, e.Namespace, e.Attributes, [], scanForPlaceholders: false);
                    _streams.Add(new StreamRender(container, [.. _path], children));
                    builder.Add(container);
                }
                else builder.Add(new VElement(e.Tag, e.Namespace, e.Attributes, children, scanForPlaceholders: false));
                _path.RemoveAt(_path.Count - 1);
            }
            else builder.Add(n);
        }
        var result = builder.ToArrayAndClear(_share ? s_childLists : null);
        builders.Push(builder);
        return result;
    }

    /// <summary>The placeholder contexts of a skeleton's runs, in the order composing meets them.</summary>
    private static void CollectRunContexts(VNode[] nodes, List<SegmentContext> contexts)
    {
        foreach (var n in nodes)
        {
            if (n is VPlaceholder placeholder) contexts.Add(placeholder.Context);
            else if (n is VElement { HasPlaceholders: true } e) CollectRunContexts(e.Children, contexts);
        }
    }

    /// <summary>A pooled segment no view has parsed in its place yet.</summary>
    private readonly record struct PendingParse(int Index, SharedSegment Segment, SegmentContext Context, string Whitespace);

    /// <summary>
    /// Finds the shared parse of every poolable segment (into <c>_current</c>): a referenced one, the previous render's
    /// at its position, or one another view made; the rest are parsed together (<see cref="ParsePending"/>). Segments
    /// that cannot be pooled are left to <see cref="AddSegment"/>.
    /// </summary>
    private void Resolve(SegmentContext[] runContexts, ReadOnlySpan<char> html, ref ComposeState state)
    {
        LastBatchedSegmentCount = LastMaterializedSegmentCount = 0;
        var scratch = t_resolve ??= new ResolveScratch();
        try
        {
            ResolveSegments(scratch, runContexts, html, ref state);
        }
        finally
        {
            scratch.Clear();
        }
    }

    /// <summary>The collections <see cref="Resolve"/> fills, reused across renders on one thread.</summary>
    private sealed class ResolveScratch
    {
        private const int MaxKept = 256;
        public readonly List<PendingParse> Pending = [];
        public readonly Dictionary<SharedSegment, int> PendingIndex = new(ReferenceEqualityComparer.Instance);
        public readonly List<(int Index, int Pending)> Repeats = []; // a pending segment met again in the same place
        public readonly List<ParsedSegment> Displaced = [];  // rows of the previous render the diff will read

        public void Clear()
        {
            // Empty, so the thread keeps no segment alive; a large render's capacity is not kept either: an event's render
            // parses a few rows, and one that parses hundreds (a mount, a toggle-all) allocates far more for the parse
            // than for growing these again, while every thread that mounted a 1,000-row page would keep ~60 KB.
            Pending.Clear();
            PendingIndex.Clear();
            Repeats.Clear();
            Displaced.Clear();
            if (Pending.Capacity > MaxKept) Pending.Capacity = 0;
            if (Repeats.Capacity > MaxKept) Repeats.Capacity = 0;
            if (Displaced.Capacity > MaxKept) Displaced.Capacity = 0;
            if (PendingIndex.EnsureCapacity(0) > MaxKept) PendingIndex.TrimExcess();
        }
    }

    private void ResolveSegments(ResolveScratch scratch, SegmentContext[] runContexts, ReadOnlySpan<char> html, ref ComposeState state)
    {
        var (pending, pendingIndex, displaced) = (scratch.Pending, scratch.PendingIndex, scratch.Displaced);
        int segment = 0;
        for (int run = 0; run < _runs.Count; run++)
        {
            var context = runContexts[run];
            for (int end = segment + _runs[run]; segment < end; segment++)
            {
                // The rows ahead: this loop reads each referenced segment and the previous render's parse at its place,
                // and composing then reads the parse's element.
                int far = segment + _delta + 2 * Prefetch.Distance, near = far - Prefetch.Distance;
                if ((uint)far < (uint)_previousCount) Prefetch.Object(_previous[far]);
                if ((uint)near < (uint)_previousCount && _previous[near] is { } next) Prefetch.Object(next.NodesObject); // asked for 8 rows ago
                var range = _segments[segment];
                var whitespace = range.Whitespace(html);
                SharedSegment? shared;
                if (range.Reference >= 0) shared = state.References![range.Reference];
                else
                {
                    var content = range.Content(html);
                    if (Guess(segment, context, content, whitespace) is { } guessed) { _current[segment] = guessed; continue; }
                    shared = _pool.Intern(content);
                    if (shared is null) continue; // holds a live component's placeholder: this view's own cache
                }
                var found = shared.FindParsed(context, whitespace);
                // A reused memoized row still in its place (give or take the rows inserted or removed before it): the diff
                // skips it by reference.
                if (found is not null && range.Reference >= 0 && WasAt(segment, found)) { _current[segment] = found; continue; }
                // Else it is not the previous render's row at this position: the diff will read it and the row it displaces.
                var old = Previous(segment, 0, out _);
                bool displaces = old is not null && !ReferenceEquals(old.Segment, shared);
                // Unless the diff knows the ops between the two rows already (RowDiffCache): then it reads neither.
                if (displaces && found is not null && RowDiffCache.Has(old!, found))
                {
                    _current[segment] = found;
                    continue;
                }
                if (displaces) displaced.Add(old!);
                if (found is not null)
                {
                    _current[segment] = found;
                    if (displaces) displaced.Add(found); // parsed by an earlier render, its content dropped since
                    continue;
                }
                if (pendingIndex.TryGetValue(shared, out int first) && pending[first].Context.SameChain(context)
                    && whitespace.SequenceEqual(pending[first].Whitespace))
                {
                    scratch.Repeats.Add((segment, first)); // the same row twice: parsed once, the same nodes
                    continue;
                }
                pendingIndex.TryAdd(shared, pending.Count);
                pending.Add(new PendingParse(segment, shared, context, NameTable.WhitespaceString(whitespace)));
            }
        }
        if (pending.Count > 0) ParsePending(scratch, ref state);
        if (displaced.Count >= 2) MaterializeDisplaced(displaced);
    }

    /// <summary>
    /// Parses the pending segments: those of one place together in a document per ~32K characters
    /// (<see cref="HtmlTreeParser.TryParseSegments"/>), so a render that changes every row costs a few parses, not one per
    /// row; one by one when alone or when a batch does not split back (an unbalanced segment, whose own parse names it).
    /// </summary>
    private void ParsePending(ResolveScratch scratch, ref ComposeState state)
    {
        var pending = scratch.Pending;
        int parsed = 0;
        ForEachBatch(pending, p => p.Context, p => p.Segment.Length, (from, to) =>
        {
            var results = ParseTogether(pending, from, to, p => ParsedSegment.SourceOf(p.Segment, p.Whitespace), pending[from].Context);
            if (results is null) return;
            for (int i = from; i < to; i++)
            {
                var p = pending[i];
                _current[p.Index] = Publish(p.Segment, p.Context, p.Whitespace, results[i - from]);
            }
            parsed += to - from;
        });
        // Alone, or in a batch that did not split back: parsed on its own.
        foreach (var p in pending)
            _current[p.Index] ??= Parsed(p.Segment, p.Context, p.Whitespace, p.Index, ref state);
        state.Parsed += parsed;
        LastBatchedSegmentCount += parsed;
        foreach (var (index, first) in scratch.Repeats) _current[index] = _current[pending[first].Index];
    }

    /// <summary>
    /// Gives the lazy rows the diff will read (those of the previous render this one displaced, and shared rows this one
    /// took from the pool) their content, parsed together per place, instead of one parse each when the diff reads
    /// them. Rows whose content is in memory already are skipped; a batch that does not split back is left to the diff.
    /// </summary>
    private void MaterializeDisplaced(List<ParsedSegment> displaced)
    {
        displaced.RemoveAll(p => p.IsMaterialized);
        ForEachBatch(displaced, p => p.Context, p => p.Segment.Length, (from, to) =>
        {
            if (ParseTogether(displaced, from, to, p => p.Source, displaced[from].Context) is not { } results) return;
            for (int i = from; i < to; i++) displaced[i].Materialize(results[i - from]);
            LastMaterializedSegmentCount += to - from;
        });
    }

    /// <summary>Characters of segment HTML parsed in one document (below the large object heap for its text).</summary>
    private const int BatchChars = 32 * 1024;

    /// <summary>Calls <paramref name="batch"/>(from, to) for each run of at least two items of one place (the same chain) of at most ~<see cref="BatchChars"/> characters.</summary>
    private static void ForEachBatch<T>(List<T> items, Func<T, SegmentContext> contextOf, Func<T, int> lengthOf, Action<int, int> batch)
    {
        for (int from = 0; from < items.Count;)
        {
            var context = contextOf(items[from]);
            int to = from, chars = 0;
            for (; to < items.Count && contextOf(items[to]).SameChain(context) && (to == from || chars < BatchChars); to++)
                chars += lengthOf(items[to]);
            if (to - from >= 2) batch(from, to);
            from = to;
        }
    }

    /// <summary>The nodes of items[from..to) parsed in one document (<see cref="HtmlTreeParser.TryParseSegments"/>), or null when they do not split back.</summary>
    private VNode[][]? ParseTogether<T>(List<T> items, int from, int to, Func<T, string> sourceOf, SegmentContext context)
    {
        var sources = new string[to - from];
        for (int i = from; i < to; i++) sources[i - from] = sourceOf(items[i]);
        var results = new VNode[sources.Length][];
        return _parser.TryParseSegments(sources, context, results) ? results : null;
    }

    /// <summary>Appends the nodes of segment <paramref name="index"/>: its shared parse (<see cref="Resolve"/>), else this view's own.</summary>
    private void AddSegment(ChildListBuilder builder, int index, SegmentContext context, ReadOnlySpan<char> html, ref ComposeState state)
    {
        if (_current[index] is { } parsed)
        {
            parsed.AddTo(builder);
            return;
        }
        // Not poolable (it holds a live component's placeholder): this view's own cache.
        var text = _segments[index].Text(html);
        var nodes = _cache.TryGet(index, context, text);
        if (nodes is null)
        {
            var source = text.ToString();
            nodes = _parser.ParseSegment(source, context, out var problem) ?? throw Unbalanced(index, source, context, problem!);
            _cache.Add(index, context, source, nodes);
            state.Parsed++;
        }
        builder.AddRange(nodes);
    }

    /// <summary>
    /// The previous render's parse at this segment's position (shifted by the last shift seen, then one either way, so
    /// rows after an inserted or removed row are still found in place) when it is the same HTML in the same place.
    /// </summary>
    private ParsedSegment? Guess(int index, SegmentContext context, ReadOnlySpan<char> content, ReadOnlySpan<char> whitespace)
    {
        for (int shift = 0; shift <= 2; shift++)
        {
            if (Previous(index, shift, out int p) is { } candidate && candidate.Matches(context, whitespace) && candidate.Segment.ContentEquals(content))
            {
                _delta = p - index;
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Whether the previous render had <paramref name="parsed"/> at this segment's position (as <see cref="Guess"/> looks), following the shift.</summary>
    private bool WasAt(int index, ParsedSegment parsed)
    {
        for (int shift = 0; shift <= 2; shift++)
        {
            if (ReferenceEquals(Previous(index, shift, out int p), parsed))
            {
                _delta = p - index;
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The previous render's parse where segment <paramref name="index"/> would be: <paramref name="shift"/> 0 at the
    /// last shift seen, 1 one before it, 2 one after it (null when out of range or not pooled).
    /// </summary>
    private ParsedSegment? Previous(int index, int shift, out int position)
    {
        position = index + _delta + (shift == 1 ? -1 : shift == 2 ? 1 : 0);
        return (uint)position < (uint)_previousCount ? _previous[position] : null;
    }

    /// <summary>The parse of <paramref name="segment"/> followed by <paramref name="whitespace"/> in <paramref name="context"/>, parsed now if no view has it.</summary>
    private ParsedSegment Parsed(SharedSegment segment, SegmentContext context, string whitespace, int index, ref ComposeState state)
    {
        if (segment.FindParsed(context, whitespace) is { } found) return found;
        var source = ParsedSegment.SourceOf(segment, whitespace);
        // Shared nodes must not resolve anything of this view's (a bogus comment that reads like a component placeholder).
        var nodes = _parser.ParseSegment(source, context, out var problem, resolveComponents: false) ?? throw Unbalanced(index, source, context, problem!);
        state.Parsed++;
        return Publish(segment, context, whitespace, nodes);
    }

    /// <summary>Makes <paramref name="nodes"/> the shared parse of <paramref name="segment"/> there, unless another view published one first (that one is returned).</summary>
    private static ParsedSegment Publish(SharedSegment segment, SegmentContext context, string whitespace, VNode[] nodes)
    {
        var created = new ParsedSegment(segment, context, whitespace, nodes);
        foreach (var n in nodes)
            if (n is VElement e) e.AttachSource(created);
        return segment.AddParsed(created);
    }
}
