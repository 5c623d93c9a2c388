using System.Reflection;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Options;

namespace LiveViews.Hosting;

/// <summary>
/// Startup checks of a view type for the mistakes the handler allow-list would otherwise pass over in silence, and for
/// what the build-time analyzer cannot see (which templates exist at run time). Each throws
/// <see cref="InvalidOperationException"/> with a message naming the view, the member and the file expected.
/// </summary>
internal static class ViewDeclarationChecks
{
    /// <summary>Throws when a <c>[LiveEvent]</c> method is not a public instance method (the allow-list never holds it).</summary>
    public static void CheckHandlerVisibility(Type viewType)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        for (var type = viewType; type is not null && type != typeof(LiveView); type = type.BaseType)
        {
            foreach (var method in type.GetMethods(all))
            {
                if (!method.IsDefined(typeof(LiveEventAttribute), inherit: false) || (method.IsPublic && !method.IsStatic)) continue;
                var problem = method.IsStatic ? "static" : method.IsPrivate ? "private" : method.IsFamily ? "protected" : method.IsAssembly ? "internal" : "not public";
                throw new InvalidOperationException(
                    $"[LiveEvent] method '{viewType.Name}.{method.Name}' is {problem}: only public instance methods are handlers, " +
                    "so the browser could never invoke it. Make it public (and non-static), or remove [LiveEvent].");
            }
        }
    }

    /// <summary>
    /// Throws when no Razor template of <paramref name="viewType"/> exists where <see cref="LiveViewOptions.TemplateLocationFormats"/>
    /// (or its <see cref="LiveTemplateAttribute"/>) says, which would otherwise fail every request to the page.
    /// </summary>
    public static void CheckTemplate(Type viewType, IRazorViewEngine viewEngine, IOptions<LiveViewOptions> options)
    {
        var candidates = viewType.GetCustomAttribute<LiveTemplateAttribute>(inherit: false) is { } explicitPath
            ? [explicitPath.Path]
            : options.Value.TemplateLocationFormats.Select(f => string.Format(f, viewType.Name)).ToArray();
        if (candidates.Any(path => viewEngine.GetView(executingFilePath: null, path, isMainPage: true).Success)) return;
        var where = candidates.Length == 1 ? candidates[0].TrimStart('/') : string.Join(" or ", candidates.Select(c => c.TrimStart('/')));
        throw new InvalidOperationException(
            $"Live view '{viewType.FullName}' has no Razor template: add {where} (starting with '@model {viewType.Name}') " +
            $"to the project, or point [LiveTemplate(\"/path/To.cshtml\")] at one. Looked in: {string.Join(", ", candidates)}.");
    }
}
