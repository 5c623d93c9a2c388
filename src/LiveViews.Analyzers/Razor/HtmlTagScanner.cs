using System;
using System.Collections.Generic;
using System.Linq;

namespace LiveViews.Analyzers.Razor;

/// <summary>
/// Splits a <see cref="RazorOutput"/> into start and end tags, following the WHATWG HTML tokenizer's rules for tags,
/// attributes, comments and raw-text elements (https://html.spec.whatwg.org/multipage/parsing.html#tokenization).
/// A tokenizer rather than a tree builder (AngleSharp's parser), because the output is a reconstruction with holes
/// where C# runs: tokens stay exact across holes, while tree construction would reparent fragments it cannot see whole.
/// </summary>
internal static class HtmlTagScanner
{
    private static readonly HashSet<string> RawText = new(StringComparer.Ordinal) { "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes" };

    public static List<HtmlTag> Scan(RazorOutput output)
    {
        var text = output.Text;
        var tags = new List<HtmlTag>();
        var tagHelpers = new Queue<TagHelperElement>(output.TagHelpers);
        var openTagHelpers = new Stack<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            switch (c)
            {
                case RazorOutput.ContentHole:
                    tags.Add(new HtmlTag(HtmlTagKind.UnknownContent, "", i));
                    i++;
                    continue;
                case RazorOutput.TagHelperStart:
                    var element = tagHelpers.Count > 0 ? tagHelpers.Dequeue() : new TagHelperElement("", []);
                    var start = new HtmlTag(HtmlTagKind.Start, element.TagName.ToLowerInvariant(), i) { IsTagHelper = true, HasUnknownAttributes = true };
                    foreach (var attribute in element.Attributes) start.Attributes.Add(new HtmlTagAttribute(attribute.Key.ToLowerInvariant(), attribute.Value, -1));
                    tags.Add(start);
                    openTagHelpers.Push(start.Name);
                    i++;
                    continue;
                case RazorOutput.TagHelperEnd:
                    if (openTagHelpers.Count > 0) tags.Add(new HtmlTag(HtmlTagKind.End, openTagHelpers.Pop(), i) { IsTagHelper = true });
                    i++;
                    continue;
                case '<':
                    break;
                default:
                    i++;
                    continue;
            }

            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (IsAsciiLetter(next))
            {
                var tag = ReadTag(text, i, HtmlTagKind.Start, out i);
                tags.Add(tag);
                if (RawText.Contains(tag.Name)) i = SkipRawText(text, i, tag.Name);
            }
            else if (next == '/' && i + 2 < text.Length && IsAsciiLetter(text[i + 2]))
            {
                tags.Add(ReadTag(text, i, HtmlTagKind.End, out i));
            }
            else if (string.CompareOrdinal(text, i, "<!--", 0, 4) == 0)
            {
                var end = text.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 3;
            }
            else if (next is '!' or '?' or '/')
            {
                var end = text.IndexOf('>', i + 1);
                i = end < 0 ? text.Length : end + 1;
            }
            else
            {
                i++;
            }
        }
        return tags;
    }

    private static HtmlTag ReadTag(string text, int at, HtmlTagKind kind, out int end)
    {
        var i = at + (kind == HtmlTagKind.End ? 2 : 1);
        var nameStart = i;
        var unknown = false;
        while (i < text.Length && !IsSpace(text[i]) && text[i] != '/' && text[i] != '>')
        {
            if (IsHole(text[i])) unknown = true;
            i++;
        }
        var tag = new HtmlTag(kind, text.Substring(nameStart, i - nameStart).ToLowerInvariant(), at) { HasUnknownAttributes = unknown };
        unknown = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsSpace(c) || c == '/') { i++; continue; }
            if (c == '>') { i++; break; }
            if (IsHole(c)) { tag.HasUnknownAttributes = true; i++; continue; }

            var attributeStart = i;
            i++; // the first character belongs to the name even when it is '=' (spec: attribute name state)
            while (i < text.Length && !IsSpace(text[i]) && text[i] is not ('/' or '>' or '='))
            {
                if (IsHole(text[i])) unknown = true;
                i++;
            }
            var name = text.Substring(attributeStart, i - attributeStart).ToLowerInvariant();
            var j = SkipSpaces(text, i);
            string? value = "";
            if (j < text.Length && text[j] == '=')
            {
                j = SkipSpaces(text, j + 1);
                if (j < text.Length && text[j] is '"' or '\'')
                {
                    var quote = text[j];
                    var close = text.IndexOf(quote, j + 1);
                    if (close < 0) close = text.Length;
                    value = text.Substring(j + 1, close - j - 1);
                    i = Math.Min(close + 1, text.Length);
                }
                else
                {
                    var k = j;
                    while (k < text.Length && !IsSpace(text[k]) && text[k] != '>') k++;
                    value = text.Substring(j, k - j);
                    i = k;
                }
                if (value.Any(IsHole)) value = null;
            }
            if (unknown) { tag.HasUnknownAttributes = true; unknown = false; continue; }
            if (kind == HtmlTagKind.Start && tag.Attribute(name) is null) // the first of duplicate attributes wins
                tag.Attributes.Add(new HtmlTagAttribute(name, value is null ? null : Decode(value), attributeStart));
        }
        end = i;
        return tag;
    }

    private static int SkipRawText(string text, int i, string name)
    {
        var close = text.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
        return close < 0 ? text.Length : close;
    }

    /// <summary>The character references a handler or field name may contain in practice (named ones beyond these are left as written).</summary>
    private static string Decode(string value) =>
        value.IndexOf('&') < 0 ? value
            : value.Replace("&quot;", "\"").Replace("&#39;", "'").Replace("&apos;", "'").Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&");

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && IsSpace(text[i])) i++;
        return i;
    }

    private static bool IsHole(char c) => c is RazorOutput.ValueHole or RazorOutput.ContentHole or RazorOutput.TagHelperStart or RazorOutput.TagHelperEnd;

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

    private static bool IsAsciiLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';
}
