using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using LiveViews;
using LiveViews.Hosting;
using LiveViews.Hub;
using LiveViews.Navigation;
using LiveViews.Rendering;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps live view pages, the hub and the client assets.</summary>
public static class LiveViewEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <typeparamref name="TView"/> as a full page at <paramref name="pattern"/> (inside <see cref="LiveViewOptions.Layout"/>,
    /// or its live session's layout, see <c>WithLiveSession</c>). Route values and query string become mount parameters,
    /// and <see cref="LiveView.HandleParamsAsync"/> runs with the request's URL. The page is a live route: other live
    /// routes of the same live session navigate to it over the open connection (<c>lv-navigate</c>, <c>Navigate</c>).
    /// The view type's <c>[Authorize]</c> attributes and the endpoint's authorization metadata apply to the page, to the
    /// hub mount and to every live navigation to it. A <see cref="LiveViewException"/> from the mount or
    /// <c>HandleParamsAsync</c> answers 400 with its message; a view that navigates during its first render answers with
    /// a redirect. Maps the hub and assets on first use. Throws <see cref="InvalidOperationException"/> at startup when the
    /// view's handlers are declared wrongly (including <c>[LiveEvent]</c> on a non-public method) or when it has no Razor template.
    /// </summary>
    public static IEndpointConventionBuilder MapLiveView<TView>(this IEndpointRouteBuilder endpoints, string pattern)
        where TView : LiveView
    {
        endpoints.MapLiveViewInfrastructure();
        endpoints.ServiceProvider.GetRequiredService<LiveViewRegistry>().Register(typeof(TView));
        ViewDeclarationChecks.CheckTemplate(typeof(TView), endpoints.ServiceProvider.GetRequiredService<IRazorViewEngine>(),
            endpoints.ServiceProvider.GetRequiredService<IOptions<LiveViewOptions>>());
        var builder = endpoints.MapGet(pattern, async (HttpContext context, LiveViewRenderer renderer, TemplateRenderer templates, LiveRouteTable routes, FlashCookie flashes) =>
        {
            var route = routes.RouteOf(context.GetEndpoint())
                ?? throw new InvalidOperationException($"The page of {typeof(TView).Name} is not a live route.");
            var parameters = LiveViewRenderer.ParametersOf(context);
            var url = context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
            var routeValues = parameters.Where(p => context.Request.RouteValues.ContainsKey(p.Key)).ToDictionary(StringComparer.OrdinalIgnoreCase);
            PageRender page;
            try
            {
                page = await renderer.RenderPageAsync(typeof(TView), parameters, context, includeAssets: true, new LiveRouteMatch(route, url, routeValues));
            }
            catch (LiveViewException ex)
            {
                return Results.Text(ex.Message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }
            if (page.RedirectTo is { } target)
            {
                if (page.Flash is { } carried) flashes.Write(context.Response, carried);
                return Results.Redirect(target);
            }
            if (page.Flash is { } flash) FlashCookie.ShowInThisRequest(context, flash);
            var html = await templates.RenderPageAsync("/Pages/LiveViewHost.cshtml", new LiveViewPage(page.Title, route.Layout, page.Html!), context);
            return Results.Content(html, "text/html; charset=utf-8");
        });
        builder.WithMetadata(new LiveRouteMetadata(typeof(TView)));
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
