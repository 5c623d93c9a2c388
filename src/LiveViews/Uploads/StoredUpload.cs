using System.Text.Json.Serialization;

namespace LiveViews.Uploads;

/// <summary>
/// The metadata of one file being received, persisted next to its data (<c>{id}.json</c> beside <c>{id}.part</c>) after
/// every acknowledged chunk, so a restarted server knows which bytes it has and for whom.
/// </summary>
internal sealed class StoredUpload
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    /// <summary>The view token's nonce: the page's view, across reconnects and remounts.</summary>
    [JsonPropertyName("nonce")] public required string Nonce { get; init; }
    [JsonPropertyName("user")] public string? User { get; init; }
    [JsonPropertyName("view")] public required string View { get; init; }
    [JsonPropertyName("upload")] public required string Upload { get; init; }
    [JsonPropertyName("ref")] public required string Ref { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("size")] public required long Size { get; init; }
    [JsonPropertyName("type")] public required string ClientType { get; init; }
    /// <summary>Media types the content must be one of (empty: not checked).</summary>
    [JsonPropertyName("check")] public string[] ContentTypes { get; init; } = [];
    [JsonPropertyName("ranges")] public long[][] Ranges { get; set; } = [];
    [JsonPropertyName("sniffed")] public bool ContentChecked { get; set; }
    /// <summary>Issued at (Unix ms).</summary>
    [JsonPropertyName("created")] public long CreatedMs { get; init; }
    /// <summary>Last chunk, announcement or detachment (Unix ms): the start of the grace period when no view holds it.</summary>
    [JsonPropertyName("active")] public long ActiveMs { get; set; }

    [JsonIgnore] public ByteRanges Received { get; set; } = new();
    [JsonIgnore] public long Contiguous => Received.Contiguous;
    [JsonIgnore] public bool Done => ContentChecked && Contiguous == Size;
    /// <summary>Set once deleted (consumed, cancelled, failed or expired): later chunks are refused.</summary>
    [JsonIgnore] public bool Deleted { get; set; }
    /// <summary>Serializes chunk bookkeeping and metadata writes of this file.</summary>
    [JsonIgnore] public SemaphoreSlim Lock { get; } = new(1, 1);
}
