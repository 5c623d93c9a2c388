using System.Collections.Concurrent;
using LiveViews.Handlers;

namespace LiveViews.Hosting;

/// <summary>
/// The view types this app serves, by name. A token can only name a registered type, so a client can never make the
/// server instantiate an arbitrary type. Types register when mapped (<c>MapLiveView</c>), when rendered embedded, or via
/// <see cref="Register"/>.
/// </summary>
public sealed class LiveViewRegistry
{
    private readonly ConcurrentDictionary<string, Type> _types = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="viewType"/> and validates its handlers. Throws <see cref="InvalidOperationException"/> for invalid declarations or a type that is not a <see cref="LiveView"/>.</summary>
    public string Register(Type viewType)
    {
        if (!typeof(LiveView).IsAssignableFrom(viewType) || viewType.IsAbstract)
            throw new InvalidOperationException($"'{viewType}' is not a concrete LiveView.");
        _ = HandlerCatalog.For(viewType);
        var name = NameOf(viewType);
        _types[name] = viewType;
        return name;
    }

    public static string NameOf(Type viewType) => viewType.FullName ?? viewType.Name;

    public bool TryResolve(string name, out Type viewType) => _types.TryGetValue(name, out viewType!);
}
