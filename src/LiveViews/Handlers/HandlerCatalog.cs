using System.Collections.Concurrent;
using System.Reflection;
using LiveViews.Protocol;

namespace LiveViews.Handlers;

/// <summary>
/// The allow-list of handlers per view type: only public instance methods marked <see cref="LiveEventAttribute"/>.
/// Built once per type; invalid declarations (both debounce and throttle, duplicate names) throw at startup.
/// </summary>
internal sealed class HandlerCatalog
{
    private static readonly ConcurrentDictionary<Type, HandlerCatalog> Catalogs = new();
    private readonly Dictionary<string, HandlerDescriptor> _handlers;

    private HandlerCatalog(Type viewType)
    {
        _handlers = new Dictionary<string, HandlerDescriptor>(StringComparer.Ordinal);
        foreach (var method in viewType.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            var attribute = method.GetCustomAttribute<LiveEventAttribute>();
            if (attribute is null) continue;
            if (method.IsGenericMethodDefinition)
                throw new InvalidOperationException($"Handler '{viewType.Name}.{method.Name}' cannot be generic.");
            var name = attribute.Name ?? method.Name;
            if (!_handlers.TryAdd(name, new HandlerDescriptor(name, method)))
                throw new InvalidOperationException($"View '{viewType.Name}' declares handler '{name}' more than once.");
        }
        ClientMeta = _handlers.Values
            .Where(h => h.ClientMeta is not null)
            .ToDictionary(h => h.Name, h => h.ClientMeta!, StringComparer.Ordinal);
        ClientMetaJson = ClientMeta.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(ClientMeta);
    }

    /// <summary>Handler metadata the client receives with the join reply.</summary>
    public IReadOnlyDictionary<string, HandlerMeta> ClientMeta { get; }

    /// <summary><see cref="ClientMeta"/> as JSON for the page (the root's <c>data-lv-m</c>), or null when no handler has any.</summary>
    public string? ClientMetaJson { get; }

    /// <summary>Returns the catalog of <paramref name="viewType"/>. Throws <see cref="InvalidOperationException"/> on invalid declarations.</summary>
    public static HandlerCatalog For(Type viewType) => Catalogs.GetOrAdd(viewType, static t => new HandlerCatalog(t));

    public bool TryGet(string name, out HandlerDescriptor handler) => _handlers.TryGetValue(name, out handler!);
}
