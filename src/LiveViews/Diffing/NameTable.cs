using System.Collections.Concurrent;

namespace LiveViews.Diffing;

/// <summary>
/// One process-wide copy of the short strings every row of every view repeats: tag and attribute names, the
/// whitespace between rows (as shared <see cref="VText"/> nodes), and DOM node names. AngleSharp gives each parse its
/// own strings; a 1,000-row list would otherwise hold thousands of copies of <c>"li"</c>, <c>"class"</c> and
/// <c>"\n"</c>. Bounded in entries and length, so content a template writes from user input cannot grow it without
/// limit: past the bound a string is returned as it is. Only equal strings are ever substituted, so sharing cannot
/// show one view another's content. Thread-safe.
/// </summary>
internal static class NameTable
{
    /// <summary>Longest string interned (UTF-16 chars).</summary>
    public const int MaxLength = 32;

    /// <summary>Most strings (and, separately, whitespace text nodes) held.</summary>
    public const int MaxEntries = 4096;

    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, VText> Whitespace = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> NodeNames = new(StringComparer.Ordinal);

    /// <summary>The shared copy of <paramref name="name"/> (a tag or attribute name), or <paramref name="name"/> itself.</summary>
    public static string Intern(string name)
    {
        if (name.Length > MaxLength) return name;
        if (Names.TryGetValue(name, out var shared)) return shared;
        return Names.Count < MaxEntries ? Names.GetOrAdd(name, name) : name;
    }

    /// <summary>A text node for <paramref name="data"/>: shared when it is whitespace only (the text between rows).</summary>
    public static VText Text(string data)
    {
        if (data.Length > MaxLength || !IsWhitespace(data)) return new VText(data);
        if (Whitespace.TryGetValue(data, out var shared)) return shared;
        return Whitespace.Count < MaxEntries ? Whitespace.GetOrAdd(data, static d => new VText(d)) : new VText(data);
    }

    /// <summary>The shared copy of <paramref name="whitespace"/> (what follows a segment), as a string.</summary>
    public static string WhitespaceString(ReadOnlySpan<char> whitespace)
    {
        if (whitespace.Length == 0) return "";
        if (whitespace.Length > MaxLength) return new string(whitespace);
        var lookup = Whitespace.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(whitespace, out var text)) return text.Data;
        var data = new string(whitespace);
        return Whitespace.Count < MaxEntries ? Whitespace.GetOrAdd(data, static d => new VText(d)).Data : data;
    }

    /// <summary>
    /// The DOM <c>nodeName</c> of an HTML element named <paramref name="tag"/>: the tag in ASCII uppercase (computed once
    /// per tag, not once per element).
    /// </summary>
    public static string HtmlNodeName(string tag)
    {
        if (NodeNames.TryGetValue(tag, out var name)) return name;
        name = AsciiUpper(tag);
        return tag.Length <= MaxLength && NodeNames.Count < MaxEntries ? NodeNames.GetOrAdd(tag, name) : name;
    }

    private static bool IsWhitespace(string s)
    {
        foreach (var c in s)
            if (c is not (' ' or '\n' or '\t' or '\f' or '\r')) return false;
        return s.Length > 0;
    }

    private static string AsciiUpper(string tag)
    {
        foreach (var c in tag)
            if (c is >= 'a' and <= 'z') return string.Create(tag.Length, tag, static (span, t) =>
            {
                for (int i = 0; i < t.Length; i++) span[i] = t[i] is >= 'a' and <= 'z' ? (char)(t[i] - 32) : t[i];
            });
        return tag;
    }
}
