namespace LiveViews.Components;

/// <summary>The framework's marks on a component's rendered HTML: its root element's <c>data-lv-c</c> id.</summary>
internal static class ComponentMarkup
{
    /// <summary>Attribute naming the component a root element belongs to (docs/protocol.md, "Components").</summary>
    public const string IdAttribute = "data-lv-c";

    /// <summary>Class of a component's root while it shows its last good render after a failure.</summary>
    public const string ErrorClass = "lv-component-error";

    /// <summary>
    /// Trims the whitespace around a component's render and writes <c>data-lv-c="ID"</c> (and its handlers' metadata,
    /// <c>data-lv-m</c>, when it has any) into its root element's start tag. Throws <see cref="InvalidOperationException"/>
    /// when the render does not start with an element.
    /// </summary>
    public static string MarkRoot(string html, string id, Type componentType)
    {
        var trimmed = html.AsSpan().Trim();
        int nameEnd = 1;
        while (nameEnd < trimmed.Length && !char.IsWhiteSpace(trimmed[nameEnd]) && trimmed[nameEnd] is not ('>' or '/')) nameEnd++;
        if (trimmed.Length < 2 || trimmed[0] != '<' || !char.IsAsciiLetter(trimmed[1]) || nameEnd >= trimmed.Length)
            throw new InvalidOperationException($"The template of component {componentType.Name} (\"{id}\") must render exactly one root element; it starts with \"{Start(trimmed)}\".");
        var html2 = new System.Text.StringBuilder(trimmed.Length + 64)
            .Append(trimmed[..nameEnd]).Append(' ').Append(IdAttribute).Append("=\"").Append(System.Net.WebUtility.HtmlEncode(id)).Append('"');
        // Its handlers' metadata, so its optimistic, debounced and throttled events behave before the view joins too.
        if (Handlers.HandlerCatalog.For(componentType).ClientMetaJson is { } meta)
            html2.Append(' ').Append(Protocol.WireNames.MetaAttribute).Append("=\"").Append(System.Net.WebUtility.HtmlEncode(meta)).Append('"');
        return html2.Append(trimmed[nameEnd..]).ToString();
    }

    /// <summary>The markup shown for a component whose very first render failed (there is no good render to keep).</summary>
    public static string FailedFirstRender(string id) =>
        $"<div {IdAttribute}=\"{System.Net.WebUtility.HtmlEncode(id)}\" class=\"{ErrorClass}\" role=\"alert\"></div>";

    private static string Start(ReadOnlySpan<char> html) => html.Length > 24 ? new string(html[..24]) + "…" : new string(html);
}
