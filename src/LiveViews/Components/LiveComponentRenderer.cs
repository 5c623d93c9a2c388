using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LiveViews.Hosting;
using LiveViews.Rendering;

namespace LiveViews.Components;

/// <summary>
/// Renders a live component where a template calls it: through the view's <see cref="ComponentHost"/> on a connection,
/// or inline and disposed afterwards during the page's static render (with the same error boundary).
/// </summary>
internal static class LiveComponentRenderer
{
    public static async Task<IHtmlContent> RenderAsync(ViewContext context, Type type, string id, object? parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var state = ViewRenderState.Of(context)
            ?? throw new InvalidOperationException($"Live component {type.Name} can only be rendered by a live view's (or a live component's) template.");
        var values = ComponentParameters.From(parameters);
        if (state.Components is { } host) return new HtmlString(await host.RenderAsync(type, id, values));

        var services = context.HttpContext.RequestServices;
        var renderer = services.GetRequiredService<TemplateRenderer>();
        _ = Handlers.HandlerCatalog.For(type);
        var component = (LiveComponent)ActivatorUtilities.CreateInstance(services, type);
        component.Id = id;
        string html;
        try
        {
            await component.MountAsync(new ComponentMountContext(id, false, context.HttpContext.User, services));
            await component.UpdateAsync(values);
            html = await renderer.RenderAsync(component, renderer.NewState(), context.HttpContext);
        }
        catch (Exception ex)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger("LiveViews.Components")
                .LogError(ex, "Component {Component} ({Id}) failed in the static render; it shows its error state", type.Name, id);
            return new HtmlString(ComponentMarkup.FailedFirstRender(id));
        }
        finally
        {
            switch (component)
            {
                case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
                case IDisposable disposable: disposable.Dispose(); break;
            }
        }
        return new HtmlString(ComponentMarkup.MarkRoot(html, id, type));
    }
}
