using System.Buffers;
using System.Reflection;
using LiveViews.Diffing;

namespace LiveViews.Rendering;

/// <summary>
/// What a view's memoized segments (<c>Html.LiveSegment(key, template)</c>) rendered in its previous render, so a
/// render only runs the templates whose key changed. Keys are compared with <see cref="EqualityComparer{T}.Default"/>
/// (no boxing), scoped to the template's call site, so two lists showing the same item do not share entries.
/// </summary>
/// <remarks>
/// Per call site, the entries of the last completed render are kept in render order: one key and one segment (a
/// <see cref="SharedSegment"/> in connected renders, else its HTML) per row, nothing else. A render looks for each
/// key where the previous render had it (the next entry, or the one after when a row was removed or replaced), and only
/// when a render has missed twice builds a dictionary of the previous entries (a sort, a filter). The render in progress
/// writes into an array from <see cref="ArrayPool{T}"/>, and the previous render's goes back when a render completes, so
/// an idle view holds one generation. When the keys are built-in values (numbers, strings, enums, tuples of them), a
/// call site's first completed render, and each after one that another view had already rendered the same, keeps an
/// interned copy instead (<see cref="ArrayInterner{T}"/>): views showing the same list hold one generation between them,
/// and a view whose rows are its own stops paying for the lookup. Substituting another view's equal key is invisible
/// (keys are only compared), and built-in keys keep nothing else alive. Not thread-safe: renders of a view are
/// serialized by its mailbox. A render that throws keeps the previous generation (it only costs misses).
/// </remarks>
internal sealed class SegmentMemo
{
    private readonly List<ISite> _sites = [];
    private ISite? _lastUsed;

    /// <summary>Templates run on the last render (misses), for tests and benchmarks.</summary>
    public int LastMisses { get; private set; }

    /// <summary>Segments reused on the last render (hits).</summary>
    public int LastHits { get; private set; }

    /// <summary>Each call site's entries of the last completed render (shared with other views when interned), for tests.</summary>
    internal IEnumerable<object> Generations => _sites.Select(site => site.Generation);

    /// <summary>Starts a render.</summary>
    public void BeginRender()
    {
        foreach (var site in _sites) site.Begin();
        LastHits = LastMisses = 0;
    }

    /// <summary>Ends a render: a completed one becomes what the next render reuses; a failed one is dropped.</summary>
    public void EndRender(bool succeeded)
    {
        foreach (var site in _sites) site.End(succeeded);
    }

    /// <summary>
    /// The segment for <paramref name="key"/> at <paramref name="site"/>: reused when the previous render (or this one)
    /// had it (<paramref name="reused"/> true), else made by <paramref name="render"/>(<paramref name="key"/>, <paramref name="state"/>).
    /// </summary>
    /// <param name="reusable">Whether a found segment may be reused (its live components are still mounted); else it is rendered again.</param>
    public object GetOrRender<TKey, TState>(MethodInfo site, TKey key, TState state, Func<TKey, TState, object> render,
        Func<object, bool> reusable, out bool reused)
    {
        var store = _lastUsed is Site<TKey> last && ReferenceEquals(last.Method, site) ? last : FindSite<TKey>(site);
        _lastUsed = store;
        reused = store.TryGet(key, out var segment) && reusable(segment!);
        if (reused)
        {
            LastHits++;
            store.Add(key, segment!);
            return segment!;
        }
        LastMisses++;
        segment = render(key, state);
        store.Add(key, segment);
        return segment;
    }

    /// <summary>
    /// The key whose current segment HTML is <paramref name="segmentHtml"/> (markers included), or null: names a
    /// memoized segment in an error message. A linear search, for error paths only.
    /// </summary>
    public object? FindKey(string segmentHtml)
    {
        var content = SegmentMarkers.Strip(segmentHtml);
        foreach (var site in _sites)
            if (site.FindKey(content) is { } key) return key;
        return null;
    }

    /// <summary>The HTML (without markers) of a memoized segment as stored: a shared segment, an HTML string or a segment with components.</summary>
    internal static bool HasContent(object segment, string content) => segment switch
    {
        SharedSegment shared => shared.ContentEquals(content),
        ComponentSegment withComponents => SegmentMarkers.Strip(withComponents.Html.Value!) == content,
        Microsoft.AspNetCore.Html.HtmlString html => SegmentMarkers.Strip(html.Value!) == content,
        _ => false,
    };

    private Site<TKey> FindSite<TKey>(MethodInfo method)
    {
        foreach (var existing in _sites)
            if (existing is Site<TKey> typed && ReferenceEquals(typed.Method, method)) return typed;
        var site = new Site<TKey>(method);
        _sites.Add(site);
        return site;
    }

    private interface ISite
    {
        object Generation { get; }
        void Begin();
        void End(bool succeeded);
        object? FindKey(string content);
    }

    private struct Entry<TKey>
    {
        public TKey Key;
        public object Segment;
    }

    /// <summary>Entries equal when their keys are (the memo's comparer) and their segments are the same object; hashed by the segment.</summary>
    private sealed class EntryComparer<TKey> : IEqualityComparer<Entry<TKey>>
    {
        private static readonly EqualityComparer<TKey> Keys = EqualityComparer<TKey>.Default;

        // The segment first: a reference comparison that reads neither object.
        public bool Equals(Entry<TKey> x, Entry<TKey> y) => ReferenceEquals(x.Segment, y.Segment) && Keys.Equals(x.Key, y.Key);

        public int GetHashCode(Entry<TKey> entry) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(entry.Segment);
    }

    /// <summary>Whether keys of type <paramref name="type"/> are built-in values, safe to share between views' memos.</summary>
    internal static bool IsBuiltInValue(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan)
            || type == typeof(DateOnly) || type == typeof(TimeOnly)) return true;
        if (Nullable.GetUnderlyingType(type) is { } underlying) return IsBuiltInValue(underlying);
        return type.IsGenericType && type.IsValueType && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal)
            && type.GetGenericArguments().All(IsBuiltInValue);
    }

    /// <summary>The entries of one call site: the last completed render's, in order, and the render in progress's.</summary>
    private sealed class Site<TKey>(MethodInfo method) : ISite
    {
        private static readonly EqualityComparer<TKey> Comparer = EqualityComparer<TKey>.Default;
        private static readonly ArrayInterner<Entry<TKey>>? Shared =
            IsBuiltInValue(typeof(TKey)) ? new ArrayInterner<Entry<TKey>>(new EntryComparer<TKey>()) : null;
        private Entry<TKey>[] _previous = [];
        private int _previousCount;
        private bool _share = Shared is not null;
        private bool _previousInterned; // then never written nor pooled: it may be another view's too
        private Entry<TKey>[] _current = [];
        private int _currentCount;
        private int _next;      // where the previous render's next row should be
        private int _misses;
        private Dictionary<TKey, int>? _index;

        public MethodInfo Method { get; } = method;

        public object Generation => _previous;

        public void Begin()
        {
            Return(ref _current, _currentCount);
            _currentCount = _next = _misses = 0;
            _index = null;
        }

        public void End(bool succeeded)
        {
            if (succeeded)
            {
                if (_previousInterned) _previous = [];
                else Return(ref _previous, _previousCount);
                _previousInterned = _share;
                if (_share)
                {
                    _previous = Shared!.Intern(_current.AsSpan(0, _currentCount), out _share);
                    Return(ref _current, _currentCount);
                }
                else (_previous, _current) = (_current, []);
                _previousCount = _currentCount;
            }
            else Return(ref _current, _currentCount);
            _currentCount = _next = _misses = 0;
            _index = null;
        }

        public bool TryGet(TKey key, out object? segment)
        {
            for (int p = _next; p < _previousCount && p <= _next + 1; p++)
            {
                if (!Comparer.Equals(_previous[p].Key, key)) continue;
                _next = p + 1;
                segment = _previous[p].Segment;
                if (p + Prefetch.Distance < _previousCount) Prefetch.Object(_previous[p + Prefetch.Distance].Segment); // the reuse check reads it
                return true;
            }
            // Out of order (or new): after a second miss the previous render is indexed once.
            if (key is not null && (_index is not null || ++_misses >= 2) && _previousCount > 0)
            {
                if (_index is null)
                {
                    _index = new Dictionary<TKey, int>(_previousCount, Comparer);
                    for (int i = 0; i < _previousCount; i++)
                        if (_previous[i].Key is { } k) _index.TryAdd(k, i);
                }
                if (_index.TryGetValue(key, out int at))
                {
                    _next = at + 1;
                    segment = _previous[at].Segment;
                    return true;
                }
            }
            // The same key twice in one render: the first occurrence's segment.
            for (int i = _currentCount - 1; i >= 0 && i >= _currentCount - 2; i--)
                if (Comparer.Equals(_current[i].Key, key)) { segment = _current[i].Segment; return true; }
            segment = null;
            return false;
        }

        public void Add(TKey key, object segment)
        {
            if (_currentCount == _current.Length)
            {
                var larger = ArrayPool<Entry<TKey>>.Shared.Rent(Math.Max(16, Math.Max(_previousCount + 8, _current.Length * 2)));
                _current.AsSpan(0, _currentCount).CopyTo(larger);
                Return(ref _current, _currentCount);
                _current = larger;
            }
            _current[_currentCount++] = new Entry<TKey> { Key = key, Segment = segment };
        }

        public object? FindKey(string content)
        {
            for (int i = 0; i < _previousCount; i++)
                if (HasContent(_previous[i].Segment, content)) return _previous[i].Key;
            for (int i = 0; i < _currentCount; i++)
                if (HasContent(_current[i].Segment, content)) return _current[i].Key;
            return null;
        }

        private static void Return(ref Entry<TKey>[] array, int used)
        {
            if (array.Length == 0) return;
            // Cleared: a pooled array must not keep segments (or keys) alive, nor hand them to another view.
            array.AsSpan(0, used).Clear();
            ArrayPool<Entry<TKey>>.Shared.Return(array);
            array = [];
        }
    }
}

/// <summary>A memoized segment that rendered live components: its HTML (markers included, never pooled) and the components, which a reuse claims again.</summary>
internal sealed record ComponentSegment(Microsoft.AspNetCore.Html.HtmlString Html, Components.ComponentSlot[] Components) : Microsoft.AspNetCore.Html.IHtmlContent
{
    public void WriteTo(TextWriter writer, System.Text.Encodings.Web.HtmlEncoder encoder) => writer.Write(Html.Value);
}
