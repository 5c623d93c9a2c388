using System.Text.Json.Serialization;

namespace LiveViews.Tokens;

/// <summary>
/// What the page carries so the browser can join its view: the view's registered name, its mount parameters,
/// the user it was rendered for and a hash of the first render. Signed and encrypted by ASP.NET Core Data Protection,
/// so a client can neither read nor forge it.
/// </summary>
internal sealed record ViewToken(
    [property: JsonPropertyName("t")] string View,
    [property: JsonPropertyName("p")] Dictionary<string, string> Params,
    [property: JsonPropertyName("u")] string? UserId,
    [property: JsonPropertyName("h")] string HtmlHash,
    [property: JsonPropertyName("n")] string Nonce);
