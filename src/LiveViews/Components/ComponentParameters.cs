using System.Collections.Concurrent;
using System.Reflection;

namespace LiveViews.Components;

/// <summary>Parameters a parent passes to a <see cref="LiveComponent"/>: building them, comparing them, assigning them.</summary>
internal static class ComponentParameters
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Readable = new();
    private static readonly ConcurrentDictionary<Type, Dictionary<string, PropertyInfo>> Writable = new();

    /// <summary>An anonymous object's (or any object's) public properties, or a dictionary's entries, by name.</summary>
    public static IReadOnlyDictionary<string, object?> From(object? parameters)
    {
        switch (parameters)
        {
            case null: return new Dictionary<string, object?>();
            case IReadOnlyDictionary<string, object?> dictionary: return dictionary;
            case IEnumerable<KeyValuePair<string, object?>> pairs: return pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        }
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in Readable.GetOrAdd(parameters.GetType(), static t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray()))
            result[property.Name] = property.GetValue(parameters);
        return result;
    }

    /// <summary>True when both hold the same names with <see cref="object.Equals(object, object)"/> values.</summary>
    public static bool Equal(IReadOnlyDictionary<string, object?> a, IReadOnlyDictionary<string, object?> b)
    {
        if (a.Count != b.Count) return false;
        foreach (var (name, value) in a)
            if (!b.TryGetValue(name, out var other) || !Equals(value, other)) return false;
        return true;
    }

    /// <summary>Assigns each parameter to the component's public settable property of that name. Throws <see cref="InvalidOperationException"/> naming a bad one.</summary>
    public static void Assign(LiveComponent component, IReadOnlyDictionary<string, object?> parameters)
    {
        var type = component.GetType();
        var properties = Writable.GetOrAdd(type, static t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase));
        foreach (var (name, value) in parameters)
        {
            if (!properties.TryGetValue(name, out var property))
                throw new InvalidOperationException($"Component {type.Name} has no public settable property '{name}' for the parameter its parent passed; add one or override UpdateAsync.");
            if (value is null ? property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null : !property.PropertyType.IsInstanceOfType(value))
                throw new InvalidOperationException($"Parameter '{name}' of component {type.Name} is a {value?.GetType().Name ?? "null"}, but {property.Name} is a {property.PropertyType.Name}.");
            property.SetValue(component, value);
        }
    }
}
