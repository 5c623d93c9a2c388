using System.Buffers;
using System.Text;

namespace LiveViews.Diffing;

/// <summary>
/// Serializes <see cref="VNode"/>s to HTML following the WHATWG "serializing HTML fragments" algorithm
/// (https://html.spec.whatwg.org/multipage/parsing.html#serialising-html-fragments): text escapes <c>&amp;</c>,
/// U+00A0, <c>&lt;</c> and <c>&gt;</c>; attribute values escape <c>&amp;</c>, U+00A0, <c>"</c>, and also <c>&lt;</c> and
/// <c>&gt;</c> as the standard does since 2025 (Chromium 138+, AngleSharp), which any parser reads back the same; void elements have
/// no end tag; the text children of raw-text elements (script, style, xmp, iframe, noembed, noframes, plaintext, and
/// noscript since browsers parse with scripting on) are written as they are. Text is always data (decoded), so user
/// content that looks like markup comes out entity-encoded. Two additions keep the output re-parsing to the same tree
/// where the algorithm alone would not: a carriage return is written <c>&amp;#13;</c> (the parser turns a raw one into a
/// line feed), and a <c>pre</c>, <c>textarea</c> or <c>listing</c> whose text starts with a line feed gets one more
/// (the parser drops the first). Trees that still would not re-parse the same are found by <see cref="ContentEncoder"/>.
/// </summary>
internal static class HtmlSerializer
{
    private static readonly SearchValues<char> TextSpecials = SearchValues.Create("&<>\u00A0\r");
    private static readonly SearchValues<char> AttributeSpecials = SearchValues.Create("&\"<>\u00A0\r");

    /// <summary>Serializes a child list as the inner HTML of an HTML <c>div</c> (the view root).</summary>
    public static string SerializeChildren(ReadOnlySpan<VNode> nodes)
    {
        var sb = new StringBuilder(256);
        foreach (var n in nodes) Write(sb, n, parentIsRawText: false);
        return sb.ToString();
    }

    /// <summary>
    /// Serializes one node (outer HTML) as a child of <paramref name="parent"/> (null: the view root) for an insert or
    /// replace op: the client parses op HTML in the context of the parent, so text under a raw-text parent
    /// (<c>style</c>, <c>noscript</c>…) is written raw.
    /// </summary>
    public static string Serialize(VNode node, VElement? parent = null)
    {
        bool raw = IsRawTextParent(parent);
        if (node is VText t) return raw ? t.Data : EscapeText(t.Data);
        var sb = new StringBuilder(128);
        Write(sb, node, raw);
        return sb.ToString();
    }

    /// <summary>Whether text children of <paramref name="parent"/> are serialized without escaping.</summary>
    public static bool IsRawTextParent(VElement? parent) => parent is { Namespace: VNamespace.Html } && IsRawText(parent.Tag);

    /// <summary>Appends the serialization of <paramref name="node"/> to <paramref name="sb"/>.</summary>
    public static void Write(StringBuilder sb, VNode node, bool parentIsRawText)
    {
        switch (node)
        {
            case VText t:
                if (parentIsRawText) sb.Append(t.Data);
                else AppendEscaped(sb, t.Data, TextSpecials);
                break;
            case VComment c:
                sb.Append("<!--").Append(c.Data).Append("-->");
                break;
            case VElement e:
                WriteElement(sb, e);
                break;
            case VComponent c:
                WriteElement(sb, c.Content.Root);
                break;
            default:
                throw new InvalidOperationException("A skeleton placeholder cannot be serialized.");
        }
    }

    private static void WriteElement(StringBuilder sb, VElement e)
    {
        sb.Append('<').Append(e.Tag);
        foreach (var a in e.Attributes)
        {
            sb.Append(' ').Append(a.Name).Append("=\"");
            AppendEscaped(sb, a.Value, AttributeSpecials);
            sb.Append('"');
        }
        sb.Append('>');
        bool html = e.Namespace == VNamespace.Html;
        if (html && IsVoid(e.Tag)) return;
        bool raw = html && IsRawText(e.Tag);
        // The parser drops a line feed right after <pre>, <textarea> and <listing>: one that is data needs another before it.
        if (html && e.Tag is ("pre" or "textarea" or "listing") && e.Children is [VText { Data: ['\n', ..] }, ..]) sb.Append('\n');
        foreach (var c in e.Children) Write(sb, c, raw);
        sb.Append("</").Append(e.Tag).Append('>');
    }

    /// <summary>Escapes text content (<c>&amp;</c>, U+00A0, <c>&lt;</c>, <c>&gt;</c>, CR).</summary>
    public static string EscapeText(string text)
    {
        if (text.AsSpan().IndexOfAny(TextSpecials) < 0) return text;
        var sb = new StringBuilder(text.Length + 16);
        AppendEscaped(sb, text, TextSpecials);
        return sb.ToString();
    }

    private static void AppendEscaped(StringBuilder sb, string value, SearchValues<char> specials)
    {
        var span = value.AsSpan();
        while (true)
        {
            int i = span.IndexOfAny(specials);
            if (i < 0) { sb.Append(span); return; }
            sb.Append(span[..i]);
            sb.Append(span[i] switch
            {
                '&' => "&amp;",
                '\u00A0' => "&nbsp;",
                '"' => "&quot;",
                '<' => "&lt;",
                '\r' => "&#13;",
                _ => "&gt;",
            });
            span = span[(i + 1)..];
        }
    }

    /// <summary>Elements that "serialize as void": no children, no end tag.</summary>
    public static bool IsVoid(string tag) => tag switch
    {
        "area" or "base" or "basefont" or "bgsound" or "br" or "col" or "embed" or "frame" or "hr" or "img"
            or "input" or "keygen" or "link" or "meta" or "param" or "source" or "track" or "wbr" => true,
        _ => false,
    };

    /// <summary>Elements whose text children are serialized without escaping.</summary>
    public static bool IsRawText(string tag) => tag switch
    {
        "style" or "script" or "xmp" or "iframe" or "noembed" or "noframes" or "plaintext" or "noscript" => true,
        _ => false,
    };
}
