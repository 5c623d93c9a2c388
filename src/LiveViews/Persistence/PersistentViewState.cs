using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace LiveViews;

/// <summary>
/// The persisted state of one view, as named JSON values: what <see cref="PersistentStateAttribute"/> properties hold
/// (under their names) and what <see cref="LiveView.SaveState"/> adds. Serialized as one JSON object.
/// </summary>
public sealed class PersistentViewState
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General) { MaxDepth = 32 };
    private readonly Dictionary<string, JsonElement> _values;

    internal PersistentViewState(Dictionary<string, JsonElement>? values = null) => _values = values ?? new(StringComparer.Ordinal);

    /// <summary>The names of the values held.</summary>
    public IReadOnlyCollection<string> Keys => _values.Keys;

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, serialized now with System.Text.Json. Throws <see cref="NotSupportedException"/> or <see cref="JsonException"/> for a value System.Text.Json cannot serialize.</summary>
    public void Set<T>(string key, T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _values[key] = JsonSerializer.SerializeToElement(value, Json);
    }

    /// <summary>Reads the value stored under <paramref name="key"/>; false when there is none. Throws <see cref="JsonException"/> when it does not deserialize as <typeparamref name="T"/> (the framework then ignores the whole state, with a warning).</summary>
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        if (_values.TryGetValue(key, out var element))
        {
            value = element.Deserialize<T>(Json)!;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Removes the value under <paramref name="key"/>; false when there was none.</summary>
    public bool Remove(string key) => _values.Remove(key);

    internal IReadOnlyDictionary<string, JsonElement> Values => _values;

    internal bool TryGetElement(string key, out JsonElement element) => _values.TryGetValue(key, out element);

    internal void SetElement(string key, JsonElement element) => _values[key] = element;

    /// <summary>The state as UTF-8 JSON (an object, keys in insertion order).</summary>
    internal byte[] ToUtf8()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, element) in _values)
            {
                writer.WritePropertyName(key);
                element.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads what <see cref="ToUtf8"/> wrote. Throws <see cref="JsonException"/> for anything but a JSON object.</summary>
    internal static PersistentViewState FromUtf8(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = Json.MaxDepth });
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("The persisted view state is not a JSON object.");
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject()) values[property.Name] = property.Value.Clone();
        return new PersistentViewState(values);
    }
}
