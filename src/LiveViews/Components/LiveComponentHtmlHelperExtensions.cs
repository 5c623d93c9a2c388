using Microsoft.AspNetCore.Html;
using LiveViews;
using LiveViews.Components;

namespace Microsoft.AspNetCore.Mvc.Rendering;

/// <summary>Renders live components inside live view templates.</summary>
public static class LiveComponentHtmlHelperExtensions
{
    /// <summary>
    /// Renders live component <typeparamref name="TComponent"/> with the stable <paramref name="id"/> (unique within the
    /// view) and <paramref name="parameters"/> (an anonymous object or a dictionary; compared with <c>Equals</c> to decide
    /// whether it renders again): <c>@await Html.LiveComponentAsync&lt;TodoEditor&gt;("editor-" + t.Id, new { Todo = t })</c>.
    /// Throws <see cref="InvalidOperationException"/> outside a live view's template, for an id rendered twice, or when
    /// the component's template does not render exactly one root element.
    /// </summary>
    public static Task<IHtmlContent> LiveComponentAsync<TComponent>(this IHtmlHelper html, string id, object? parameters = null)
        where TComponent : LiveComponent =>
        LiveComponentRenderer.RenderAsync(html.ViewContext, typeof(TComponent), id, parameters);
}
