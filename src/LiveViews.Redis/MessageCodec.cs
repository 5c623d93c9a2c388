using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveViews.Redis;

/// <summary>A message as it crosses servers: who published it, its sequence number on that server, and the message.</summary>
internal readonly record struct Envelope(string Node, long Sequence, object Message);

/// <summary>
/// Encodes pub/sub messages as JSON envelopes <c>{"n":node,"s":sequence,"t":type,"d":payload}</c> and decodes them
/// without trusting the wire: the size is checked before parsing, the depth is bounded, and <c>t</c> selects one of the
/// built-in types (names starting with <c>$</c>) or a type registered by name on this server, never a CLR type name.
/// </summary>
internal sealed class MessageCodec
{
    private const int MaxDepth = 32;
    private const int MaxNodeLength = 64;

    // Built-in types: tag ↔ type. Doubles may be NaN or ±Infinity (written as JSON strings).
    private static readonly JsonSerializerOptions Primitives = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, MaxDepth = MaxDepth };
    private static readonly Dictionary<Type, string> BuiltInTags = new()
    {
        [typeof(string)] = "$s", [typeof(bool)] = "$b", [typeof(int)] = "$i", [typeof(long)] = "$l", [typeof(double)] = "$d",
        [typeof(decimal)] = "$m", [typeof(Guid)] = "$g", [typeof(DateTime)] = "$t", [typeof(DateTimeOffset)] = "$o",
        [typeof(JsonElement)] = "$j",
    };
    private static readonly Dictionary<string, Type> BuiltInTypes = BuiltInTags.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    private readonly IReadOnlyDictionary<string, Type> _registeredTypes;
    private readonly IReadOnlyDictionary<Type, string> _registeredNames;
    private readonly JsonSerializerOptions _serializerOptions;

    public MessageCodec(RedisBackplaneOptions options)
    {
        MaxMessageBytes = options.MaxMessageBytes;
        _registeredTypes = new Dictionary<string, Type>(options.TypesByName, StringComparer.Ordinal);
        _registeredNames = new Dictionary<Type, string>(options.NamesByType);
        _serializerOptions = new JsonSerializerOptions(options.SerializerOptions) { MaxDepth = Math.Min(options.SerializerOptions.MaxDepth is 0 ? MaxDepth : options.SerializerOptions.MaxDepth, MaxDepth) };
    }

    /// <summary>Largest envelope accepted either way, in bytes.</summary>
    public int MaxMessageBytes { get; }

    /// <summary>
    /// Encodes <paramref name="message"/>. Throws <see cref="NotSupportedException"/> for a type that is neither built in
    /// nor registered, and <see cref="ArgumentException"/> when the envelope exceeds <see cref="MaxMessageBytes"/>.
    /// </summary>
    public byte[] Encode(string node, long sequence, object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        string tag;
        JsonSerializerOptions serializer;
        if (BuiltInTags.TryGetValue(type, out var builtIn)) (tag, serializer) = (builtIn, Primitives);
        else if (_registeredNames.TryGetValue(type, out var registered)) (tag, serializer) = (registered, _serializerOptions);
        else throw new NotSupportedException(
            $"Messages of type {type} cannot cross servers: publish a string, a number, a bool, a Guid, a date, a JsonElement, " +
            $"or register the type with RegisterMessageType<{type.Name}>(name) in AddRedisBackplane's options.");

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("n", node);
            writer.WriteNumber("s", sequence);
            writer.WriteString("t", tag);
            writer.WritePropertyName("d");
            JsonSerializer.Serialize(writer, message, type, serializer);
            writer.WriteEndObject();
        }
        if (buffer.WrittenCount > MaxMessageBytes)
            throw new ArgumentException($"The message is {buffer.WrittenCount} bytes encoded; the backplane's MaxMessageBytes is {MaxMessageBytes}.", nameof(message));
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes an envelope; false (with a reason for the log) for anything oversized, malformed or of an unknown type.</summary>
    public bool TryDecode(ReadOnlyMemory<byte> bytes, out Envelope envelope, out string? error)
    {
        envelope = default;
        if (bytes.Length > MaxMessageBytes) return Fail($"{bytes.Length} bytes exceed MaxMessageBytes ({MaxMessageBytes})", out error);
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("n", out var n) || n.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("s", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out var sequence)
                || !root.TryGetProperty("t", out var t) || t.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("d", out var d))
                return Fail("not an envelope {n, s, t, d}", out error);
            var node = n.GetString()!;
            if (node.Length is 0 or > MaxNodeLength) return Fail("bad node id", out error);
            var tag = t.GetString()!;
            object? message;
            if (BuiltInTypes.TryGetValue(tag, out var builtIn))
                message = builtIn == typeof(JsonElement) ? d.Clone() : d.Deserialize(builtIn, Primitives);
            else if (_registeredTypes.TryGetValue(tag, out var registered))
                message = d.Deserialize(registered, _serializerOptions);
            else
                return Fail($"unknown message type '{Truncate(tag)}' (not registered on this server)", out error);
            if (message is null) return Fail("null message", out error);
            envelope = new Envelope(node, sequence, message);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return Fail($"malformed ({ex.GetType().Name}: {Truncate(ex.Message)})", out error);
        }
    }

    private static bool Fail(string reason, out string? error)
    {
        error = reason;
        return false;
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
