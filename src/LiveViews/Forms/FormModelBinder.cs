using System.Collections.Concurrent;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using LiveViews.Handlers;

namespace LiveViews.Forms;

/// <summary>
/// Builds a form model from raw field values with the conversion rules of handler parameters (numbers, bool from
/// <c>on</c>/<c>true</c>, enums by name, dates, Guid, arrays of those from repeated fields). A value that does not convert
/// is a field error (<c>The value 'abc' is not valid for Age.</c>) and the member keeps its default, so one bad field never
/// loses the others.
/// </summary>
/// <remarks>
/// Models are flat: public properties, set through a public parameterless constructor, or (records) the public
/// constructor with the most parameters, matched to properties by name (case-insensitive); remaining settable properties
/// are set afterwards. A missing field leaves a property at its initial value, except <c>bool</c> (an unchecked checkbox is
/// absent, so false). Property names are the field names.
/// </remarks>
internal static class FormModelBinder
{
    private static readonly ConcurrentDictionary<Type, ModelPlan> Plans = new();

    /// <summary>The form's fields: property name → (type, display name).</summary>
    public static IReadOnlyList<FieldPlan> FieldsOf(Type modelType) => PlanOf(modelType).Fields;

    /// <summary>Binds <paramref name="modelType"/> from <paramref name="values"/>; conversion failures go into <paramref name="errors"/>.</summary>
    public static object Bind(Type modelType, IReadOnlyDictionary<string, IReadOnlyList<string>> values, Dictionary<string, List<string>> errors)
    {
        var plan = PlanOf(modelType);
        var converted = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in plan.Fields)
        {
            if (!values.TryGetValue(field.Name, out var raw))
            {
                if (field.Type == typeof(bool)) converted[field.Name] = false;
                continue;
            }
            if (TryConvert(field, raw, out var value, out var error)) converted[field.Name] = value;
            else Add(errors, field.Name, error!);
        }

        object model;
        if (plan.Constructor is { } constructor)
        {
            var parameters = constructor.GetParameters();
            var args = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                var p = parameters[i];
                args[i] = converted.Remove(p.Name!, out var value) ? value
                    : p.HasDefaultValue ? p.DefaultValue
                    : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null;
            }
            model = constructor.Invoke(args);
        }
        else model = Activator.CreateInstance(modelType)!;

        foreach (var field in plan.Fields)
            if (field.Property.CanWrite && converted.TryGetValue(field.Name, out var value)) field.Property.SetValue(model, value);
        return model;
    }

    /// <summary>The raw text of a model's values, as a form shows them (invariant culture; dates as the inputs' ISO formats).</summary>
    public static Dictionary<string, IReadOnlyList<string>> ValuesOf(object model)
    {
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in PlanOf(model.GetType()).Fields)
        {
            var value = field.Property.GetValue(model);
            if (value is null) continue;
            values[field.Name] = value is System.Collections.IEnumerable items and not string
                ? items.Cast<object?>().Where(v => v is not null).Select(v => Format(v!)).ToArray()
                : [Format(value)];
        }
        return values;
    }

    private static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static bool TryConvert(FieldPlan field, IReadOnlyList<string> raw, out object? value, out string? error)
    {
        value = null;
        error = null;
        var type = field.Type;
        var underlying = Nullable.GetUnderlyingType(type);
        var single = raw.Count > 0 ? raw[^1] : "";
        // An empty field into a non-nullable value type is a missing value, not a malformed one.
        if (!type.IsArray && type.IsValueType && underlying is null && type != typeof(bool) && single.Length == 0)
        {
            error = $"The {field.DisplayName} field is required.";
            return false;
        }
        try
        {
            var json = type.IsArray ? JsonSerializer.SerializeToElement(raw) : JsonSerializer.SerializeToElement(single);
            value = ArgumentBinder.ConvertValue(json, type);
            if (type == typeof(string) && value is "") value = null; // as MVC: an empty text field is null, so [Required] sees it
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidCastException or OverflowException or ArgumentException or NotSupportedException)
        {
            error = $"The value '{single}' is not valid for {field.DisplayName}.";
            return false;
        }
    }

    internal static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
    }

    private static ModelPlan PlanOf(Type modelType) => Plans.GetOrAdd(modelType, static t =>
    {
        if (t.IsAbstract || t.IsInterface || t.IsPrimitive || t == typeof(string))
            throw new InvalidOperationException($"A form model must be a concrete class or record, not {t.Name}.");
        var properties = t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead)
            .Select(p => new FieldPlan(p.Name, p.PropertyType, DisplayNameOf(p), p))
            .ToArray();
        var constructor = t.GetConstructor(Type.EmptyTypes) is null
            ? t.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
              ?? throw new InvalidOperationException($"Form model {t.Name} has no public constructor.")
            : null;
        return new ModelPlan(properties, constructor);
    });

    private static string DisplayNameOf(PropertyInfo property) =>
        property.GetCustomAttribute<DisplayAttribute>()?.GetName()
        ?? property.GetCustomAttribute<DisplayNameAttribute>()?.DisplayName
        ?? property.Name;

    private sealed record ModelPlan(FieldPlan[] Fields, ConstructorInfo? Constructor);
}

/// <summary>One field of a form model.</summary>
internal sealed record FieldPlan(string Name, Type Type, string DisplayName, PropertyInfo Property);
