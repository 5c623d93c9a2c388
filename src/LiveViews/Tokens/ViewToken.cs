using System.Text.Json.Serialization;

namespace LiveViews.Tokens;

/// <summary>
/// What the page carries so the browser can join its view: the view's registered name, its mount parameters,
/// the user it was rendered for, a hash of the first render and, for a routed view (one mapped with <c>MapLiveView</c>),
/// the URL it was rendered for (null for an embedded view). Signed and encrypted by ASP.NET Core Data Protection,
/// so a client can neither read nor forge it.
/// </summary>
internal sealed record ViewToken(
    [property: JsonPropertyName("t")] string View,
    [property: JsonPropertyName("p")] Dictionary<string, string> Params,
    [property: JsonPropertyName("u")] string? UserId,
    [property: JsonPropertyName("h")] string HtmlHash,
    [property: JsonPropertyName("n")] string Nonce,
    [property: JsonPropertyName("l"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url = null);
