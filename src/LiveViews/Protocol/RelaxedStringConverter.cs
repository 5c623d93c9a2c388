using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveViews.Protocol;

/// <summary>
/// Writes a string with relaxed JSON escaping (<c>&lt;</c> as is, not <c>\u003C</c>), for HTML in hub messages: they travel
/// over a WebSocket, never inside an HTML page, and markup-heavy HTML is several times smaller this way.
/// </summary>
internal sealed class RelaxedStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping));
}
