using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LiveViews.Analyzers;

/// <summary>
/// The handler allow-list of a live view or live component type, read from symbols the way the runtime's HandlerCatalog
/// reads it by reflection: public instance methods marked [LiveEvent], named by the attribute's Name or the method's name (ordinal).
/// </summary>
internal sealed class ViewHandlers
{
    public const string LiveViewTypeName = "LiveViews.LiveView";
    public const string LiveComponentTypeName = "LiveViews.LiveComponent";
    public const string LiveEventAttributeName = "LiveViews.LiveEventAttribute";

    private readonly Dictionary<string, IMethodSymbol> _handlers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IMethodSymbol> _otherMethods = new(StringComparer.Ordinal);

    private ViewHandlers(ITypeSymbol viewType, INamedTypeSymbol liveEvent)
    {
        for (var type = viewType; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
            {
                if (method.MethodKind != MethodKind.Ordinary) continue;
                var attribute = LiveEventOf(method, liveEvent);
                if (attribute is not null && method.DeclaredAccessibility == Accessibility.Public && !method.IsStatic)
                {
                    var name = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Name").Value.Value as string ?? method.Name;
                    if (!_handlers.ContainsKey(name)) _handlers[name] = method;
                }
                else if (!_otherMethods.ContainsKey(method.Name))
                {
                    _otherMethods[method.Name] = method;
                }
            }
        }
    }

    public static ViewHandlers For(ITypeSymbol viewType, INamedTypeSymbol liveEvent) => new(viewType, liveEvent);

    public IEnumerable<string> Names => _handlers.Keys;

    public bool TryGetHandler(string name, out IMethodSymbol handler) => _handlers.TryGetValue(name, out handler!);

    /// <summary>Why a method named <paramref name="name"/> that is not a handler cannot be invoked, or null when there is no such method.</summary>
    public string? WhyNotAHandler(string name, INamedTypeSymbol liveEvent)
    {
        if (!_otherMethods.TryGetValue(name, out var method)) return null;
        if (LiveEventOf(method, liveEvent) is null) return "is not marked [LiveEvent]";
        return method.IsStatic ? "is static" : "is not public";
    }

    /// <summary>"live view" or "live component" when <paramref name="type"/> derives from one (its events go to its handlers), else null.</summary>
    public static string? KindOf(ITypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            switch (t.ToDisplayString())
            {
                case LiveViewTypeName: return "live view";
                case LiveComponentTypeName: return "live component";
            }
        }
        return null;
    }

    public static bool HasLiveEvent(IMethodSymbol method, INamedTypeSymbol liveEvent) => LiveEventOf(method, liveEvent) is not null;

    private static AttributeData? LiveEventOf(IMethodSymbol method, INamedTypeSymbol liveEvent) =>
        method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, liveEvent));
}
