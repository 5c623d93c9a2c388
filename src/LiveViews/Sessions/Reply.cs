using System.Text.Json;
using System.Text.Json.Serialization;
using LiveViews.Diffing;

namespace LiveViews.Sessions;

/// <summary>
/// The server's answer to an event, or a server push (docs/protocol.md, "Reply"):
/// <c>{"r":ref,"a":highestProcessedRef,"v":version,"o":[ops],"e":"error"?,"h":"html"?}</c>.
/// </summary>
[JsonConverter(typeof(ReplyJsonConverter))]
internal sealed record Reply(long Ref, long Ack, long Version, IReadOnlyList<PatchOp> Ops, string? Error = null, string? Html = null);

internal sealed class ReplyJsonConverter : JsonConverter<Reply>
{
    public override Reply Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Replies are only written by the server.");

    public override void Write(Utf8JsonWriter writer, Reply value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("r", value.Ref);
        writer.WriteNumber("a", value.Ack);
        writer.WriteNumber("v", value.Version);
        writer.WriteStartArray("o");
        foreach (var op in value.Ops) PatchOpJson.Write(writer, op);
        writer.WriteEndArray();
        if (value.Error is not null) writer.WriteString("e", value.Error);
        if (value.Html is not null) writer.WriteString("h", value.Html);
        writer.WriteEndObject();
    }
}

/// <summary>Answer to <c>join</c>: <c>{"id":viewId,"v":version,"h":html|null,"m":{handler:meta}}</c>.</summary>
internal sealed record JoinResult(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("v")] long Version,
    [property: JsonPropertyName("h")] string? Html,
    [property: JsonPropertyName("m")] IReadOnlyDictionary<string, Handlers.HandlerMeta> Handlers);
