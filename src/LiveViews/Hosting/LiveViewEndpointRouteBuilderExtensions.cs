using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using LiveViews;
using LiveViews.Hosting;
using LiveViews.Hub;
using LiveViews.Rendering;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps live view pages, the hub and the client assets.</summary>
public static class LiveViewEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <typeparamref name="TView"/> as a full page at <paramref name="pattern"/> (inside <see cref="LiveViewOptions.Layout"/>).
    /// Route values and query string become mount parameters. The view type's <c>[Authorize]</c> attributes apply to the page
    /// (and again when the browser joins over the hub). Maps the hub and assets on first use.
    /// Throws <see cref="InvalidOperationException"/> at startup when the view's handlers are declared wrongly (including
    /// <c>[LiveEvent]</c> on a non-public method) or when it has no Razor template.
    /// </summary>
    public static IEndpointConventionBuilder MapLiveView<TView>(this IEndpointRouteBuilder endpoints, string pattern)
        where TView : LiveView
    {
        endpoints.MapLiveViewInfrastructure();
        endpoints.ServiceProvider.GetRequiredService<LiveViewRegistry>().Register(typeof(TView));
        ViewDeclarationChecks.CheckTemplate(typeof(TView), endpoints.ServiceProvider.GetRequiredService<IRazorViewEngine>(),
            endpoints.ServiceProvider.GetRequiredService<IOptions<LiveViewOptions>>());
        var builder = endpoints.MapGet(pattern, async (HttpContext context, LiveViewRenderer renderer, TemplateRenderer templates, IOptions<LiveViewOptions> options) =>
        {
            var (body, title) = await renderer.RenderWithTitleAsync(typeof(TView), LiveViewRenderer.ParametersOf(context), context, includeAssets: true);
            var html = await templates.RenderPageAsync("/Pages/LiveViewHost.cshtml", new LiveViewPage(title, options.Value.Layout, body), context);
            return Results.Content(html, "text/html; charset=utf-8");
        });
        builder.WithMetadata(typeof(TView).GetCustomAttributes(inherit: true));
        return builder;
    }

    /// <summary>Maps the hub (<see cref="LiveViewOptions.HubPath"/>) and the client assets once. Called by <see cref="MapLiveView{TView}"/>; call it yourself when you only embed views in Razor pages.</summary>
    public static IEndpointRouteBuilder MapLiveViewInfrastructure(this IEndpointRouteBuilder endpoints)
    {
        var marker = endpoints.ServiceProvider.GetRequiredService<ClientAssets>();
        if (endpoints.DataSources.SelectMany(d => d.Endpoints).Any(e => e.Metadata.GetMetadata<ClientAssets>() == marker)) return endpoints;
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<LiveViewOptions>>().Value;
        endpoints.MapHub<LiveViewHub>(options.HubPath);
        LiveViews.Uploads.UploadEndpoint.Map(endpoints, options.Uploads.Path);
        foreach (var name in marker.Names)
            endpoints.MapGet($"{options.AssetPathPrefix}/{name}", (HttpContext context) => marker.ServeAsync(context, name)).WithMetadata(marker);
        return endpoints;
    }
}
