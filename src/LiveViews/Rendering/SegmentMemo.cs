using System.Reflection;
using Microsoft.AspNetCore.Html;
using LiveViews.Components;

namespace LiveViews.Rendering;

/// <summary>
/// The HTML of a view's memoized segments (<c>Html.LiveSegment(key, template)</c>) from its previous render, so a
/// render only runs the templates whose key changed. Keys are compared with <see cref="EqualityComparer{T}.Default"/>
/// (no boxing), scoped to the template's call site, so two lists showing the same item do not share entries.
/// </summary>
/// <remarks>
/// Two generations: a render reads the previous one and fills the current one, so an entry lives exactly as long as
/// the next render still uses it and memory stays proportional to one render. Not thread-safe: renders of a view are
/// serialized by its mailbox. A render that throws midway only costs misses on the next render.
/// </remarks>
internal sealed class SegmentMemo
{
    private readonly List<IGenerations> _stores = [];
    private IGenerations? _lastUsed;

    /// <summary>Templates run on the last render (misses), for tests and benchmarks.</summary>
    public int LastMisses { get; private set; }

    /// <summary>Segments reused on the last render (hits).</summary>
    public int LastHits { get; private set; }

    /// <summary>Starts a render: the entries of the render before become the ones to reuse.</summary>
    public void BeginRender()
    {
        foreach (var store in _stores) store.Advance();
        LastHits = LastMisses = 0;
    }

    /// <summary>
    /// The segment for <paramref name="key"/> at <paramref name="site"/>: reused when the previous render (or this one)
    /// had it (<paramref name="reused"/> true), else made by <paramref name="render"/>(<paramref name="key"/>, <paramref name="state"/>).
    /// </summary>
    /// <param name="reusable">Whether a found entry may be reused (its live components are still mounted); else it is rendered again.</param>
    public MemoizedSegment GetOrRender<TKey, TState>(MethodInfo site, TKey key, TState state, Func<TKey, TState, MemoizedSegment> render,
        Func<MemoizedSegment, bool> reusable, out bool reused)
    {
        var store = _lastUsed as Store<TKey> ?? FindStore<TKey>();
        _lastUsed = store;
        reused = store.TryGet((site, key), out var html) && reusable(html);
        if (reused)
        {
            LastHits++;
            return html;
        }
        LastMisses++;
        html = render(key, state);
        store.Current[(site, key)] = html;
        return html;
    }

    /// <summary>
    /// The key whose current segment HTML is <paramref name="segmentHtml"/> (markers included), or null: names a
    /// memoized segment in an error message. A linear search, for error paths only.
    /// </summary>
    public object? FindKey(string segmentHtml)
    {
        foreach (var store in _stores)
            if (store.FindKey(segmentHtml) is { } key) return key;
        return null;
    }

    private Store<TKey> FindStore<TKey>()
    {
        foreach (var existing in _stores)
            if (existing is Store<TKey> typed) return typed;
        var store = new Store<TKey>();
        _stores.Add(store);
        return store;
    }

    private interface IGenerations
    {
        void Advance();
        object? FindKey(string segmentHtml);
    }

    private sealed class Store<TKey> : IGenerations
    {
        private Dictionary<(MethodInfo, TKey), MemoizedSegment> _previous = new();

        public Dictionary<(MethodInfo, TKey), MemoizedSegment> Current { get; private set; } = new();

        public void Advance()
        {
            (_previous, Current) = (Current, _previous);
            Current.Clear();
        }

        public object? FindKey(string segmentHtml)
        {
            foreach (var (key, segment) in Current)
                if (string.Equals(segment.Html.Value, segmentHtml, StringComparison.Ordinal)) return key.Item2;
            return null;
        }

        public bool TryGet((MethodInfo, TKey) key, out MemoizedSegment html)
        {
            if (Current.TryGetValue(key, out html!)) return true;
            if (!_previous.TryGetValue(key, out html!)) return false;
            Current[key] = html;
            return true;
        }
    }
}

/// <summary>One memoized segment: its HTML (markers included) and the live components its render rendered, which a reuse claims again.</summary>
internal sealed record MemoizedSegment(HtmlString Html, ComponentSlot[]? Components);
