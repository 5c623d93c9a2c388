using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.DependencyInjection;
using LiveViews;
using LiveViews.Hosting;

namespace Microsoft.AspNetCore.Mvc.Rendering;

/// <summary>Embeds live views in Razor pages and MVC views.</summary>
public static class LiveViewHtmlHelperExtensions
{
    /// <summary>
    /// Renders <typeparamref name="TView"/> here (static first render plus the token to go live), with mount parameters
    /// from <paramref name="parameters"/> (an anonymous object or a dictionary). The client script and stylesheet are
    /// added after the first view of a request. Throws what the view's mount or template throws.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called inside a live view's template: nest a <see cref="LiveComponent"/> instead.</exception>
    public static Task<IHtmlContent> LiveViewAsync<TView>(this IHtmlHelper html, object? parameters = null) where TView : LiveView
    {
        LiveViewRenderer.RefuseNesting(html.ViewContext, typeof(TView));
        return html.ViewContext.HttpContext.RequestServices.GetRequiredService<LiveViewRenderer>()
            .RenderAsync(typeof(TView), LiveViewParameters.From(parameters), html.ViewContext.HttpContext);
    }
}
