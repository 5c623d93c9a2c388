using System.Text.Json.Serialization;

namespace LiveViews.Protocol;

/// <summary>
/// The server's answer to <c>navigate</c>, sent as <c>navigated(seq, result)</c> (docs/protocol.md, "Navigation"). Either
/// <c>{"l":url}</c>: load that URL as a page (another live session, not a live route, not authorized, or the mount
/// failed: the page request then answers as it would); or the next view, mounted on this connection:
/// <c>{"id","v","m","n"?,"k":rootTag,"h":content,"t":title,"u":url,"s"?}</c> as a join result, where <c>k</c> is the opening
/// tag of the new root element (with the token the client rejoins with after a reconnect), <c>h</c> its content (HTML or
/// a node list, as a join's), <c>t</c> the view's page title, <c>u</c> the URL it shows, <c>r</c> its resume key and <c>o</c> its ops (as a join's).
/// </summary>
internal sealed record NavigationResult(
    [property: JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null,
    [property: JsonPropertyName("v"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Version = null,
    [property: JsonPropertyName("m"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, HandlerMeta>? Handlers = null,
    [property: JsonPropertyName("n"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Node = null,
    [property: JsonPropertyName("k"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RootTag = null,
    [property: JsonPropertyName("h"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Diffing.PatchContent? Content = null,
    [property: JsonPropertyName("t"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title = null,
    [property: JsonPropertyName("u"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url = null,
    [property: JsonPropertyName("s"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ClientEffects? Effects = null,
    [property: JsonPropertyName("l"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Load = null,
    [property: JsonPropertyName(WireNames.ResumeKey), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ResumeKey = null,
    [property: JsonPropertyName("o"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Diffing.PatchOp>? Ops = null)
{
    /// <summary>"Load this URL as a page."</summary>
    public static NavigationResult LoadPage(string url) => new(Load: url);
}
