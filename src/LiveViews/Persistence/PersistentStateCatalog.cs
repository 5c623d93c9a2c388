using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace LiveViews.Persistence;

/// <summary>
/// What of a view type is persisted: its <see cref="PersistentStateAttribute"/> properties and whether it overrides
/// <see cref="LiveView.SaveState"/>. Built once per type; a view type with neither costs nothing per event.
/// </summary>
internal sealed class PersistentStateCatalog
{
    private static readonly ConcurrentDictionary<Type, PersistentStateCatalog> Cache = new();
    private readonly PropertyInfo[] _properties;
    private readonly bool _custom;

    private PersistentStateCatalog(Type viewType)
    {
        _properties = viewType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.IsDefined(typeof(PersistentStateAttribute), inherit: true))
            .ToArray();
        foreach (var property in _properties)
            if (property.GetMethod is null || property.SetMethod is null || property.GetIndexParameters().Length > 0)
                throw new InvalidOperationException(
                    $"[PersistentState] property '{viewType.Name}.{property.Name}' needs a getter and a setter (the setter may be private), and no index parameters.");
        _custom = viewType.GetMethod(nameof(LiveView.SaveState), [typeof(PersistentViewState)])?.DeclaringType != typeof(LiveView);
    }

    /// <summary>The catalog of <paramref name="viewType"/>. Throws <see cref="InvalidOperationException"/> for a <c>[PersistentState]</c> property without a getter or setter.</summary>
    public static PersistentStateCatalog For(Type viewType) => Cache.GetOrAdd(viewType, t => new PersistentStateCatalog(t));

    /// <summary>True when the view has anything to persist.</summary>
    public bool IsPersistent => _properties.Length > 0 || _custom;

    /// <summary>The view's state as UTF-8 JSON. Throws what System.Text.Json or <see cref="LiveView.SaveState"/> throws.</summary>
    public byte[] Capture(LiveView view)
    {
        var state = new PersistentViewState();
        foreach (var property in _properties)
            state.SetElement(property.Name, JsonSerializer.SerializeToElement(property.GetValue(view), property.PropertyType, PersistentViewState.Json));
        if (_custom) view.SaveState(state);
        return state.ToUtf8();
    }

    /// <summary>
    /// Assigns the properties held in <paramref name="json"/> (all of them or, when one fails to deserialize, none:
    /// the exception propagates), then calls <see cref="LiveView.RestoreState"/>. Properties missing from the state keep
    /// their value. Throws <see cref="JsonException"/>, <see cref="NotSupportedException"/> or what the setters throw.
    /// </summary>
    public void Restore(LiveView view, ReadOnlySpan<byte> json)
    {
        var state = PersistentViewState.FromUtf8(json);
        var values = new List<(PropertyInfo, object?)>(_properties.Length);
        foreach (var property in _properties)
            if (state.TryGetElement(property.Name, out var element))
                values.Add((property, element.Deserialize(property.PropertyType, PersistentViewState.Json)));
        foreach (var (property, value) in values) property.SetValue(view, value);
        if (_custom) view.RestoreState(state);
    }
}
