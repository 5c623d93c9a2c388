namespace LiveViews.Diffing;

/// <summary>
/// How long the attributes and children of lazy elements (<see cref="VElement.IsLazy"/>) stay in memory: until the
/// outermost scope of the thread ends. <see cref="ViewTree"/> opens one around each operation (a render's parse and
/// diff, a serialization), so a changed row is parsed at most once per operation and an idle view keeps only each row's
/// HTML and its top-level element's identity, and the content of the few rows its last updates read
/// (<see cref="KeptLimit"/>). Outside any scope a lazy element parses again on every read and keeps nothing (e.g. a node
/// list serialized into a reply). Operations are synchronous, so a thread-static scope is exact.
/// </summary>
internal static class Materialization
{
    [ThreadStatic] private static int t_depth;
    [ThreadStatic] private static List<VElement>? t_held;
    [ThreadStatic] private static HtmlTreeParser? t_parser;
    [ThreadStatic] private static List<VElement>? t_kept;

    /// <summary>
    /// Lazy elements whose content a view keeps after an update (<see cref="Enter(List{VElement})"/>): the rows a
    /// repeated change reads again (a row toggled back and forth, a row being edited, a ticking cell) are then not
    /// parsed again. About 1 KB each for a to-do row; an update that read more (toggle-all at 1,000 rows) keeps none and
    /// releases what was kept.
    /// </summary>
    internal const int KeptLimit = 8;

    /// <summary>True inside a scope on this thread.</summary>
    public static bool Active => t_depth > 0;

    /// <summary>Opens a scope; disposing the outermost one releases what the scope materialized.</summary>
    public static Scope Enter()
    {
        t_depth++;
        return new Scope();
    }

    /// <summary>
    /// Opens a scope whose outermost end keeps what it materialized in <paramref name="kept"/> (a view's own list, the
    /// most recent last, at most <see cref="KeptLimit"/>) instead of releasing it, releasing the oldest kept beyond that.
    /// </summary>
    public static Scope Enter(List<VElement> kept)
    {
        if (t_depth == 0) t_kept = kept;
        return Enter();
    }

    /// <summary>Remembers <paramref name="element"/> (whose content is in memory) for release when the outermost scope ends.</summary>
    internal static void Hold(VElement element)
    {
        if (t_depth == 0) { element.Release(); return; }
        (t_held ??= []).Add(element);
    }

    /// <summary>A parser for re-parsing segments on this thread (a <see cref="HtmlTreeParser"/> is not thread-safe).</summary>
    internal static HtmlTreeParser Parser => t_parser ??= new HtmlTreeParser();

    private static void Exit()
    {
        if (--t_depth > 0) return;
        var kept = t_kept;
        t_kept = null;
        if (t_held is not { Count: > 0 } held) return;
        if (kept is not null && held.Count <= KeptLimit)
        {
            kept.AddRange(held);
            int drop = kept.Count - KeptLimit;
            for (int i = 0; i < drop; i++) kept[i].Release();
            if (drop > 0) kept.RemoveRange(0, drop);
        }
        else
        {
            foreach (var e in held) e.Release();
            if (kept is not null)
            {
                foreach (var e in kept) e.Release();
                kept.Clear();
            }
        }
        held.Clear();
        if (held.Capacity > 4096) t_held = null; // after a large page: do not keep its list's capacity on the thread
    }

    /// <summary>An open scope (dispose once).</summary>
    public readonly ref struct Scope
    {
        public void Dispose() => Exit();
    }
}
