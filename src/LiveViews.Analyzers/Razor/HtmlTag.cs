using System.Collections.Generic;

namespace LiveViews.Analyzers.Razor;

internal enum HtmlTagKind
{
    Start,
    End,
    /// <summary>HTML of unknown shape at this point (see <see cref="RazorOutput.ContentHole"/>).</summary>
    UnknownContent,
}

/// <summary>An attribute of a start tag: lower-case name, value (null when computed at run time) and where its name starts.</summary>
internal sealed class HtmlTagAttribute(string name, string? value, int index)
{
    public string Name { get; } = name;
    public string? Value { get; } = value;
    /// <summary>Index in <see cref="RazorOutput.Text"/>, or -1 (a tag helper's attribute).</summary>
    public int Index { get; } = index;
}

/// <summary>A tag as a browser's tokenizer would see it in the page's output.</summary>
internal sealed class HtmlTag(HtmlTagKind kind, string name, int index)
{
    public HtmlTagKind Kind { get; } = kind;
    /// <summary>Lower-case tag name.</summary>
    public string Name { get; } = name;
    public int Index { get; } = index;
    public List<HtmlTagAttribute> Attributes { get; } = [];
    /// <summary>The tag may carry attributes this analysis cannot see (C# in attribute position, or a tag helper that may add some).</summary>
    public bool HasUnknownAttributes { get; set; }
    public bool IsTagHelper { get; set; }

    public HtmlTagAttribute? Attribute(string name)
    {
        foreach (var attribute in Attributes)
            if (attribute.Name == name) return attribute;
        return null;
    }
}
