using System.Text.Json.Serialization;

namespace LiveViews.Uploads;

/// <summary>
/// What an upload token grants: writing one entry (<see cref="EntryId"/>) of upload <see cref="Upload"/> of the page's
/// view (its token nonce and view name) for one user. Encrypted and signed by Data Protection, time-limited.
/// </summary>
internal sealed record UploadTicket(
    [property: JsonPropertyName("e")] string EntryId,
    [property: JsonPropertyName("r")] string Ref,
    [property: JsonPropertyName("n")] string Nonce,
    [property: JsonPropertyName("v")] string View,
    [property: JsonPropertyName("k")] string Upload,
    [property: JsonPropertyName("u")] string? User);
