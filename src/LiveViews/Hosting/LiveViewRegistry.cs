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

    /// <summary>
    /// Registers <paramref name="viewType"/> and validates its handlers. Throws <see cref="InvalidOperationException"/> for
    /// invalid declarations (including a <c>[LiveEvent]</c> on a non-public or static method, a <c>[PersistentState]</c>
    /// property without a getter or setter) or a type that is not a
    /// <see cref="LiveView"/>. Registering a type again is a dictionary lookup.
    /// </summary>
    public string Register(Type viewType)
    {
        var name = NameOf(viewType);
        if (_types.TryGetValue(name, out var known) && known == viewType) return name;
        if (!typeof(LiveView).IsAssignableFrom(viewType) || viewType.IsAbstract)
            throw new InvalidOperationException($"'{viewType}' is not a concrete LiveView.");
        ViewDeclarationChecks.CheckHandlerVisibility(viewType);
        _ = HandlerCatalog.For(viewType);
        _ = Persistence.PersistentStateCatalog.For(viewType); // a [PersistentState] property without a setter fails here, at startup
        _types[name] = viewType;
        return name;
    }

    public static string NameOf(Type viewType) => viewType.FullName ?? viewType.Name;

    public bool TryResolve(string name, out Type viewType) => _types.TryGetValue(name, out viewType!);
}
