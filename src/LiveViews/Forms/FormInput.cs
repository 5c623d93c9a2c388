using System.Text.Json;
using LiveViews.Protocol;

namespace LiveViews.Forms;

/// <summary>
/// What a form event carried: the raw field values as the browser had them and the names of the fields the user has
/// touched (focused and left, or changed; every field after a submit). Declare it as a handler parameter
/// (<c>[LiveEvent] public void Validate(FormInput input) => Signup.Validate(input);</c>) and hand it to a
/// <see cref="LiveForm{T}"/>, which binds, validates and renders it.
/// </summary>
/// <remarks>
/// Wire shape (docs/protocol.md, "Forms"): the event's arguments are the form's fields (a repeated name is an array)
/// plus the metadata object under the empty-string key, <c>{"": {"t": ["Email"]}}</c>. Field names compare
/// case-insensitively. Values that are not strings (numbers, booleans sent by hand) are kept as their JSON text.
/// </remarks>
public sealed class FormInput
{
    private static readonly IReadOnlyList<string> None = [];
    private readonly Dictionary<string, IReadOnlyList<string>> _values;
    private readonly HashSet<string> _touched;

    private FormInput(Dictionary<string, IReadOnlyList<string>> values, HashSet<string> touched)
    {
        _values = values;
        _touched = touched;
    }

    /// <summary>An empty input (no fields, nothing touched).</summary>
    public static FormInput Empty { get; } = new(new(StringComparer.OrdinalIgnoreCase), new(StringComparer.OrdinalIgnoreCase));

    /// <summary>The submitted fields by name; a field appears once per value (repeated names, multiple selects).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Values => _values;

    /// <summary>The fields the user has touched.</summary>
    public IReadOnlySet<string> Touched => _touched;

    /// <summary>The first value of <paramref name="field"/>, or null when the form did not send it.</summary>
    public string? this[string field] => _values.TryGetValue(field, out var v) && v.Count > 0 ? v[0] : null;

    /// <summary>Every value of <paramref name="field"/> (empty when absent).</summary>
    public IReadOnlyList<string> ValuesOf(string field) => _values.TryGetValue(field, out var v) ? v : None;

    /// <summary>
    /// An input with the given fields and touched names, for tests and for views that build one by hand.
    /// </summary>
    public static FormInput Create(IEnumerable<KeyValuePair<string, string>> fields, IEnumerable<string>? touched = null)
    {
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in fields)
            values[name] = values.TryGetValue(name, out var existing) ? [.. existing, value] : [value];
        return new FormInput(values, new HashSet<string>(touched ?? [], StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Reads an event's argument object. Throws <see cref="Handlers.HandlerBindingException"/> when the arguments are not an
    /// object or the metadata is malformed (the view is unchanged and the client gets the message).
    /// </summary>
    internal static FormInput From(JsonElement args)
    {
        if (args.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return Empty;
        if (args.ValueKind != JsonValueKind.Object)
            throw new Handlers.HandlerBindingException($"A form's arguments must be a JSON object, not {args.ValueKind}.");
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        var touched = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in args.EnumerateObject())
        {
            if (property.Name == WireNames.FormMetaKey) { ReadMeta(property.Value, touched); continue; }
            values[property.Name] = property.Value.ValueKind == JsonValueKind.Array
                ? property.Value.EnumerateArray().Select(Text).ToArray()
                : [Text(property.Value)];
        }
        return new FormInput(values, touched);
    }

    private static void ReadMeta(JsonElement meta, HashSet<string> touched)
    {
        if (meta.ValueKind != JsonValueKind.Object)
            throw new Handlers.HandlerBindingException("The form metadata must be a JSON object.");
        if (!meta.TryGetProperty(WireNames.TouchedKey, out var names)) return;
        if (names.ValueKind != JsonValueKind.Array)
            throw new Handlers.HandlerBindingException("The touched fields of a form must be an array of names.");
        foreach (var name in names.EnumerateArray())
        {
            if (name.ValueKind != JsonValueKind.String)
                throw new Handlers.HandlerBindingException("The touched fields of a form must be an array of names.");
            touched.Add(name.GetString()!);
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new Handlers.HandlerBindingException("A form field's value must be a string or an array of strings."),
    };
}
