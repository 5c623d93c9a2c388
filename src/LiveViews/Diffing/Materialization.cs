namespace LiveViews.Diffing;

/// <summary>
/// How long the attributes and children of lazy elements (<see cref="VElement.IsLazy"/>) stay in memory: until the
/// outermost scope of the thread ends. <see cref="ViewTree"/> opens one around each operation (a render's parse and
/// diff, a serialization), so a changed row is parsed at most once per operation and an idle view keeps only each row's
/// HTML and its top-level element's identity. Outside any scope a lazy element parses again on every read and keeps
/// nothing (e.g. a node list serialized into a reply). Operations are synchronous, so a thread-static scope is exact.
/// </summary>
internal static class Materialization
{
    [ThreadStatic] private static int t_depth;
    [ThreadStatic] private static List<VElement>? t_held;
    [ThreadStatic] private static HtmlTreeParser? t_parser;

    /// <summary>True inside a scope on this thread.</summary>
    public static bool Active => t_depth > 0;

    /// <summary>Opens a scope; disposing the outermost one releases what the scope materialized.</summary>
    public static Scope Enter()
    {
        t_depth++;
        return new Scope();
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
        if (--t_depth > 0 || t_held is not { Count: > 0 } held) return;
        foreach (var e in held) e.Release();
        held.Clear();
        if (held.Capacity > 4096) t_held = null; // after a large page: do not keep its list's capacity on the thread
    }

    /// <summary>An open scope (dispose once).</summary>
    public readonly ref struct Scope
    {
        public void Dispose() => Exit();
    }
}
