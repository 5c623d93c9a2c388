using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveViews.Handlers;

/// <summary>
/// Binds an event's JSON arguments (an object, as the client sends them) to a handler's parameters by name,
/// case-insensitively, with type conversion. Form values arrive as strings, so "3" binds to an int and "on" to a bool.
/// </summary>
/// <remarks>
/// Rules: a simple parameter (string, number, bool, enum, Guid, date, their nullable forms, arrays of those) takes the
/// argument of its name; a complex parameter (record/class) takes the argument of its name when that is an object, else
/// the whole argument object (a submitted form). A missing simple argument takes the parameter's default value, false for
/// bool (an unchecked checkbox is absent from a form), null for nullable types; otherwise binding fails.
/// Every failure is a <see cref="HandlerBindingException"/> naming the parameter.
/// </remarks>
internal static class ArgumentBinder
{
    private static readonly JsonSerializerOptions FormJson = new()
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new JsonStringEnumConverter(), new LenientBooleanConverter() },
    };

    public static object?[] Bind(HandlerDescriptor handler, JsonElement args, CancellationToken cancellation)
    {
        var parameters = handler.Parameters;
        if (parameters.Length == 0) return [];
        if (args.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
            throw new HandlerBindingException($"Arguments for '{handler.Name}' must be a JSON object, not {args.ValueKind}.");

        var values = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.ParameterType == typeof(CancellationToken)) { values[i] = cancellation; continue; }
            if (parameter.ParameterType == typeof(LiveViews.Forms.FormInput)) { values[i] = LiveViews.Forms.FormInput.From(args); continue; }
            var found = TryGetProperty(args, parameter.Name!, out var value);
            try
            {
                values[i] = found
                    ? Convert(value, parameter.ParameterType, args)
                    : BindMissing(parameter, args);
            }
            catch (HandlerBindingException) { throw; }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidCastException or OverflowException or ArgumentException or NotSupportedException)
            {
                throw new HandlerBindingException(
                    $"Argument '{parameter.Name}' of '{handler.Name}' is not a valid {FriendlyName(parameter.ParameterType)}.", ex);
            }
        }
        return values;
    }

    private static object? BindMissing(ParameterInfo parameter, JsonElement args)
    {
        var type = parameter.ParameterType;
        if (!IsSimple(type) && args.ValueKind == JsonValueKind.Object)
            return args.Deserialize(type, FormJson);
        if (parameter.HasDefaultValue) return parameter.DefaultValue;
        if (type == typeof(bool)) return false;
        if (Nullable.GetUnderlyingType(type) is not null) return null;
        if (!type.IsValueType && new NullabilityInfoContext().Create(parameter).WriteState == NullabilityState.Nullable) return null;
        throw new HandlerBindingException($"Missing argument '{parameter.Name}'.");
    }

    /// <summary>
    /// Converts one form value to <paramref name="type"/> by the rules handler parameters bind with (used by form models).
    /// Throws <see cref="FormatException"/> (or what the conversion throws) when the value does not convert.
    /// </summary>
    internal static object? ConvertValue(JsonElement value, Type type) => Convert(value, type, default);

    private static object? Convert(JsonElement value, Type type, JsonElement allArgs)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (value.ValueKind == JsonValueKind.Null ||
            (underlying is not null && value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0))
        {
            if (underlying is not null || !type.IsValueType) return null;
            throw new FormatException("null for a value type");
        }
        var target = underlying ?? type;
        if (target == typeof(string))
        {
            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => throw new FormatException("expected a string"),
            };
        }
        if (target == typeof(bool)) return ReadBool(value);
        if (target.IsEnum)
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            if (Enum.TryParse(target, text, ignoreCase: true, out var parsed) && Enum.IsDefined(target, parsed!)) return parsed;
            throw new FormatException($"'{text}' is not one of {string.Join(", ", Enum.GetNames(target))}");
        }
        if (target.IsArray && target != typeof(byte[])) return ConvertArray(value, target.GetElementType()!, allArgs);
        if (IsSimple(target))
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                var converter = TypeDescriptor.GetConverter(target);
                return converter.ConvertFromString(null, CultureInfo.InvariantCulture, value.GetString()!);
            }
            return value.Deserialize(target, FormJson);
        }
        return value.ValueKind == JsonValueKind.Object
            ? value.Deserialize(type, FormJson)
            : throw new FormatException("expected an object");
    }

    private static Array ConvertArray(JsonElement value, Type elementType, JsonElement allArgs)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            var single = Array.CreateInstance(elementType, 1);
            single.SetValue(Convert(value, elementType, allArgs), 0);
            return single;
        }
        var result = Array.CreateInstance(elementType, value.GetArrayLength());
        var i = 0;
        foreach (var item in value.EnumerateArray()) result.SetValue(Convert(item, elementType, allArgs), i++);
        return result;
    }

    private static bool ReadBool(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => value.GetDouble() != 0,
        JsonValueKind.String => ParseBool(value.GetString()!),
        _ => throw new FormatException("expected a boolean"),
    };

    internal static bool ParseBool(string text) => text.ToLowerInvariant() switch
    {
        "true" or "on" or "1" or "yes" or "checked" => true,
        "false" or "off" or "0" or "no" or "" => false,
        _ => throw new FormatException($"'{text}' is not a boolean"),
    };

    private static bool TryGetProperty(JsonElement args, string name, out JsonElement value)
    {
        value = default;
        if (args.ValueKind != JsonValueKind.Object) return false;
        if (args.TryGetProperty(name, out value)) return true;
        foreach (var property in args.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) { value = property.Value; return true; }
        }
        return false;
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray) return IsSimple(type.GetElementType()!);
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) ||
               type == typeof(Guid) || type == typeof(DateTime) || type == typeof(DateTimeOffset) ||
               type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan);
    }

    private static string FriendlyName(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? FriendlyName(inner) + "?" :
        type.IsEnum ? $"{type.Name} ({string.Join(", ", Enum.GetNames(type))})" :
        type.Name;

    /// <summary>Reads JSON booleans, numbers and the strings an HTML form sends ("on", "true", "false", "").</summary>
    private sealed class LenientBooleanConverter : JsonConverter<bool>
    {
        public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Number => reader.GetDouble() != 0,
            JsonTokenType.String => ParseBool(reader.GetString()!),
            JsonTokenType.StartArray => ReadLast(ref reader),
            _ => throw new JsonException("expected a boolean"),
        };

        // A checkbox with a hidden fallback field posts two values ("false", "true"): the last one wins.
        private static bool ReadLast(ref Utf8JsonReader reader)
        {
            var result = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                result = reader.TokenType == JsonTokenType.String ? ParseBool(reader.GetString()!) : reader.TokenType == JsonTokenType.True;
            return result;
        }

        public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
    }
}
