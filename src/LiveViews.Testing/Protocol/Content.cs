using System.Text.Json;

namespace LiveViews.Testing.Protocol;

/// <summary>
/// Nodes a patch op or a full render carries (docs/protocol.md, "Content", client/src/patch.ts <c>Content</c>): HTML, or a
/// node list (a JSON array) for trees whose HTML would not parse back the same. The node list is kept as JSON and built
/// when it is applied, because its <c>""</c> namespace means the namespace of the element it is built under, which only
/// the page's DOM knows (the server's reader assumes an HTML parent).
/// </summary>
internal readonly record struct Content(string? Html, JsonElement Nodes)
{
    /// <summary>True for a node list.</summary>
    public bool IsNodes => Html is null;

    /// <summary>Reads content: a JSON string (HTML) or array (node list). Throws <see cref="JsonException"/> for anything else.</summary>
    public static Content Read(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => new(json.GetString()!, default),
        JsonValueKind.Array => new(null, json.Clone()),
        _ => throw new JsonException($"Content must be an HTML string or a node list, found {json.ValueKind}."),
    };

    /// <summary>Reads optional content (a full render): null when absent or JSON null.</summary>
    public static Content? ReadOptional(JsonElement parent, string property) =>
        parent.TryGetProperty(property, out var h) && h.ValueKind != JsonValueKind.Null ? Read(h) : null;

    /// <summary>HTML content (the harness's own renders, the page's served HTML).</summary>
    public static Content FromHtml(string html) => new(html, default);

    public override string ToString() => Html ?? Nodes.GetRawText();
}
