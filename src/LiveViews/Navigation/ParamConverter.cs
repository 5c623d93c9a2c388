using System.Collections.Concurrent;
using System.ComponentModel;
using System.Globalization;
using LiveViews.Handlers;

namespace LiveViews.Navigation;

/// <summary>
/// Converts URL parameter text to a typed value, the way <see cref="LiveParams"/> documents it: invariant culture;
/// <c>bool</c> accepts true/false, on/off, 1/0, yes/no; enums by name (case-insensitive, defined members only); every
/// other type through its <see cref="TypeConverter"/> (numbers, <c>Guid</c>, dates, <c>TimeSpan</c>, …).
/// </summary>
internal static class ParamConverter
{
    private static readonly ConcurrentDictionary<Type, TypeConverter> Converters = new();

    /// <summary>Converts <paramref name="text"/> to <paramref name="type"/>; false when it is not a valid value of it.</summary>
    public static bool TryConvert(string text, Type type, out object? value)
    {
        value = null;
        var target = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            if (target == typeof(string)) value = text;
            else if (target == typeof(bool)) value = ArgumentBinder.ParseBool(text.Trim());
            else if (target.IsEnum)
            {
                // Enum.TryParse also accepts numbers and comma lists; only a defined member's name is a valid value.
                if (!Enum.TryParse(target, text.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(target, parsed!)
                    || char.IsDigit(text.Trim().FirstOrDefault()) || text.Contains(',')) return false;
                value = parsed;
            }
            else
            {
                var converter = Converters.GetOrAdd(target, TypeDescriptor.GetConverter);
                if (!converter.CanConvertFrom(typeof(string))) throw new NotSupportedException($"{target.Name} cannot be read from a URL.");
                value = converter.ConvertFromString(null, CultureInfo.InvariantCulture, text.Trim());
            }
            return value is not null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or InvalidCastException)
        {
            return false;
        }
    }

    /// <summary>A readable name of <paramref name="type"/> for error messages (enums list their members).</summary>
    public static string FriendlyName(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? FriendlyName(inner) :
        type.IsEnum ? $"{type.Name} ({string.Join(", ", Enum.GetNames(type))})" :
        type.Name;
}
