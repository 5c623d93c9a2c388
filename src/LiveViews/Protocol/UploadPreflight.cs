using System.Text.Json.Serialization;

namespace LiveViews.Protocol;

/// <summary>
/// One file in an upload preflight (hub method <c>u</c>, docs/protocol.md "Uploads"):
/// <c>{"r":ref,"n":fileName,"s":bytes,"y":clientType,"t":token?}</c>. <c>t</c> is present when the client announces a
/// file it already holds a token for (after a reconnect or a server restart), to resume it.
/// </summary>
internal sealed record UploadPreflightEntry(
    [property: JsonPropertyName("r")] string Ref,
    [property: JsonPropertyName("n")] string? Name,
    [property: JsonPropertyName("s")] long Size,
    [property: JsonPropertyName("y")] string? Type,
    [property: JsonPropertyName("t")] string? Token);

/// <summary>
/// The answer for one file: <c>{"r":ref,"t":token?,"o":acknowledgedBytes}</c>; no <c>t</c> means the file is not to be
/// sent (refused: the view renders why; or it cannot be resumed).
/// </summary>
internal sealed record UploadPreflightAnswer(
    [property: JsonPropertyName("r")] string Ref,
    [property: JsonPropertyName("t"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Token,
    [property: JsonPropertyName("o")] long Offset);

/// <summary>
/// Result of the preflight: <c>{"e":[answers],"u":chunkUrl,"c":chunkBytes,"p":parallelChunks,"w":chunkTimeoutMs}</c>.
/// </summary>
internal sealed record UploadPreflightReply(
    [property: JsonPropertyName("e")] IReadOnlyList<UploadPreflightAnswer> Entries,
    [property: JsonPropertyName("u")] string Url,
    [property: JsonPropertyName("c")] int ChunkBytes,
    [property: JsonPropertyName("p")] int ParallelChunks,
    [property: JsonPropertyName("w")] long ChunkTimeoutMs);
