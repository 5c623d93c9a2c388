using System.Collections.Generic;
using System.Text;

namespace LiveViews.Analyzers.Razor;

/// <summary>
/// What a compiled Razor page writes, reconstructed from its generated C#: the HTML literals in order, with sentinel
/// characters where C# writes something at run time, and for each character its offset in the .cshtml (-1 when unknown).
/// </summary>
internal sealed class RazorOutput
{
    /// <summary>An encoded C# value (text or an attribute value): it can never create elements or attributes.</summary>
    public const char ValueHole = '\uE000';
    /// <summary>HTML of unknown shape (a partial, <c>Html.Raw</c>, any <c>IHtmlContent</c>): may hold any elements.</summary>
    public const char ContentHole = '\uE001';
    /// <summary>Start of a tag helper element: the next entry of <see cref="TagHelpers"/>.</summary>
    public const char TagHelperStart = '\uE002';
    /// <summary>End of the innermost open tag helper element.</summary>
    public const char TagHelperEnd = '\uE003';

    private readonly StringBuilder _text = new();
    private readonly List<int> _offsets = [];

    public List<TagHelperElement> TagHelpers { get; } = [];

    public string Text => _text.ToString();

    public int Length => _text.Length;

    /// <summary>Offset in the .cshtml of character <paramref name="index"/>, or -1.</summary>
    public int SourceOffset(int index) => index >= 0 && index < _offsets.Count ? _offsets[index] : -1;

    public void Append(string text, int sourceOffset)
    {
        for (var i = 0; i < text.Length; i++)
        {
            _text.Append(text[i]);
            _offsets.Add(sourceOffset < 0 ? -1 : sourceOffset + i);
        }
    }

    public void Append(char sentinel)
    {
        _text.Append(sentinel);
        _offsets.Add(-1);
    }
}

/// <summary>A tag helper element: its tag name and the HTML attributes Razor passes through (name, static value or null when computed).</summary>
internal sealed class TagHelperElement(string tagName, List<KeyValuePair<string, string?>> attributes)
{
    public string TagName { get; } = tagName;
    public List<KeyValuePair<string, string?>> Attributes { get; } = attributes;
}
