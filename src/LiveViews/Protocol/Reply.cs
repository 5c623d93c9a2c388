using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LiveViews.Diffing;

namespace LiveViews.Protocol;

/// <summary>
/// The server's answer to an event, or a server push (docs/protocol.md, "Reply"):
/// <c>{"r":ref,"a":highestProcessedRef?,"v":version,"o":[ops],"e":"error"?,"h":content?,"c":{componentId:[ops]}?,"x":[[name,payload]]?,"s":effects?}</c>,
/// where the full render <c>h</c> is HTML or a node list (docs/protocol.md, "Content") and <c>s</c> the navigation effects.
/// </summary>
[JsonConverter(typeof(ReplyJsonConverter))]
internal sealed record Reply(long Ref, long Ack, long Version, IReadOnlyList<PatchOp> Ops, string? Error = null, PatchContent? Html = null,
    IReadOnlyList<ComponentPatch>? Components = null, IReadOnlyList<PushedEvent>? Events = null, ClientEffects? Effects = null);

/// <summary>Ops of one live component, with paths from its root element's parent (the root itself is <c>[0]</c>).</summary>
internal sealed record ComponentPatch(string Id, IReadOnlyList<PatchOp> Ops);

/// <summary>An event for the page's client hooks (<c>PushEvent(name, payload)</c>), from the view or component <paramref name="Component"/>.</summary>
internal sealed record PushedEvent(string Name, JsonElement Payload, string? Component);

internal sealed class ReplyJsonConverter : JsonConverter<Reply>
{
    public override Reply Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Replies are only written by the server.");

    // SignalR's default encoder writes every '<' in patch HTML as \u003C (6 bytes). Replies travel over a WebSocket,
    // never inside an HTML page, so the ops and HTML are written with relaxed escaping (about 5x smaller HTML).
    private static readonly JavaScriptEncoder Relaxed = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private static readonly JsonSerializerOptions EffectsJson = new() { Encoder = Relaxed };

    public override void Write(Utf8JsonWriter writer, Reply value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("r", value.Ref);
        if (value.Ack != value.Ref) writer.WriteNumber("a", value.Ack); // the common case, an answer to the newest event, leaves it off
        writer.WriteNumber("v", value.Version);
        writer.WritePropertyName("o");
        var ops = new ArrayBufferWriter<byte>(256);
        PatchOpJson.WriteAll(ops, value.Ops);
        writer.WriteRawValue(ops.WrittenSpan, skipInputValidation: true);
        if (value.Error is not null) writer.WriteString("e", JsonEncodedText.Encode(value.Error, Relaxed));
        if (value.Html is { Html: { } html }) writer.WriteString("h", JsonEncodedText.Encode(html, Relaxed));
        else if (value.Html is { Nodes: { } nodes })
        {
            writer.WritePropertyName("h");
            var content = new ArrayBufferWriter<byte>(1024);
            using (var nodeWriter = new Utf8JsonWriter(content, PatchOpJson.WriterOptions)) NodeListJson.Write(nodeWriter, nodes, VNamespace.Html);
            writer.WriteRawValue(content.WrittenSpan, skipInputValidation: true);
        }
        if (value.Components is { Count: > 0 } components)
        {
            writer.WriteStartObject("c");
            foreach (var patch in components)
            {
                writer.WritePropertyName(JsonEncodedText.Encode(patch.Id, Relaxed));
                ops.ResetWrittenCount();
                PatchOpJson.WriteAll(ops, patch.Ops);
                writer.WriteRawValue(ops.WrittenSpan, skipInputValidation: true);
            }
            writer.WriteEndObject();
        }
        if (value.Events is { Count: > 0 } events)
        {
            writer.WriteStartArray("x");
            foreach (var e in events)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(JsonEncodedText.Encode(e.Name, Relaxed));
                e.Payload.WriteTo(writer);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
        if (value.Effects is not null)
        {
            writer.WritePropertyName("s");
            JsonSerializer.Serialize(writer, value.Effects, EffectsJson);
        }
        writer.WriteEndObject();
    }
}
