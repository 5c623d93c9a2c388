using System.Globalization;

namespace LiveViews.Hosting;

/// <summary>Turns the parameters given when embedding a view (an anonymous object or a dictionary) into mount parameters.</summary>
internal static class LiveViewParameters
{
    public static Dictionary<string, string> From(object? parameters)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        switch (parameters)
        {
            case null:
                break;
            case IEnumerable<KeyValuePair<string, string>> pairs:
                foreach (var (key, value) in pairs) result[key] = value;
                break;
            case IEnumerable<KeyValuePair<string, object?>> objects:
                foreach (var (key, value) in objects) result[key] = Format(value);
                break;
            default:
                foreach (var property in parameters.GetType().GetProperties())
                    result[property.Name] = Format(property.GetValue(parameters));
                break;
        }
        return result;
    }

    private static string Format(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
