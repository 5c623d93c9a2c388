using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Mvc.ViewFeatures.Buffers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using LiveViews.Diffing;
using LiveViews.Hosting;

namespace LiveViews.Rendering;

/// <summary>
/// Renders a view's Razor template (compiled at build time) to an HTML string, with the view as the model.
/// Razor HTML-encodes every <c>@expression</c> by default.
/// </summary>
internal sealed class TemplateRenderer(
    IRazorViewEngine viewEngine,
    ITempDataProvider tempDataProvider,
    IModelMetadataProvider metadataProvider,
    IOptions<LiveViewOptions> options)
{
    private readonly ConcurrentDictionary<Type, string> _paths = new();
    // The last render's length in chars, and its count of references, by view type and kind (connected renders reference
    // reused rows, so they are short): the next render's buffers start at those sizes instead of doubling from 4 K
    // chars and 64 references, whose steps would stay in the buffer pool. It follows the last render only, so after one
    // view's large render only the next render of the type starts large (a render past the largest pooled buffer
    // allocates its own, as the large one did).
    private readonly ConcurrentDictionary<(Type, bool Connected), (int Chars, int References)> _lengths = new();

    /// <summary>
    /// Renders the template of <paramref name="view"/> (a <see cref="LiveView"/> or a <see cref="LiveComponent"/>, which is
    /// its model) with its <paramref name="state"/> in <paramref name="httpContext"/>.
    /// Throws <see cref="InvalidOperationException"/> when no template is found, and what the template throws.
    /// </summary>
    public async Task<string> RenderAsync(object view, ViewRenderState state, HttpContext httpContext)
    {
        using var rendered = await RenderToBufferAsync(view, state, httpContext);
        return rendered.ToExpandedString();
    }

    /// <summary>
    /// Renders <paramref name="view"/> as <see cref="RenderAsync"/>, keeping a connected render's references to its
    /// reused memoized segments (<see cref="ViewRenderState.Pool"/>) instead of expanding them.
    /// </summary>
    public async Task<RenderedHtml> RenderWithReferencesAsync(object view, ViewRenderState state, HttpContext httpContext)
    {
        using var rendered = await RenderToBufferAsync(view, state, httpContext);
        return new RenderedHtml(rendered.ToString(), [.. rendered.References]);
    }

    /// <summary>
    /// Renders <paramref name="view"/> into a pooled buffer (no page-sized string); the caller reads
    /// <see cref="PooledHtmlWriter.Written"/> (and, for a connected render, <see cref="PooledHtmlWriter.References"/>) and
    /// disposes it. Throws as <see cref="RenderAsync"/>.
    /// </summary>
    public async Task<PooledHtmlWriter> RenderToBufferAsync(object view, ViewRenderState state, HttpContext httpContext)
    {
        var kind = (Type: view.GetType(), Connected: state.Pool is not null);
        var razorView = FindView(kind.Type);
        var last = _lengths.GetValueOrDefault(kind);
        var writer = new PooledHtmlWriter(Math.Max(4096, last.Chars), collectReferences: kind.Connected, referenceCapacity: last.References);
        // MVC's view buffer scope is a scoped service that returns the buffer pages it leased only when its scope ends:
        // a connected view's scope lives as long as the view, so its renders get a buffer scope of their own (the pages
        // go back after each render); every other service still comes from the view's scope.
        var services = httpContext.RequestServices;
        using var buffers = kind.Connected ? new RenderBufferScope() : null;
        if (buffers is not null) httpContext.RequestServices = new RenderServices(services, buffers);
        try
        {
            var viewContext = CreateViewContext(httpContext, razorView, view, writer);
            state.AttachTo(viewContext.ViewData);
            state.BeginRender();
            // For the rest of this render's flow only (an async method's AsyncLocal change does not reach its caller).
            SegmentReferenceSink.Enter(writer.ReferenceSink);
            await razorView.RenderAsync(viewContext);
            state.EndRender(succeeded: true);
            var lengths = (writer.Written.Length, writer.References.Count);
            if (lengths != last) _lengths[kind] = lengths;
            return writer;
        }
        catch
        {
            state.EndRender(succeeded: false);
            writer.Dispose();
            throw;
        }
        finally
        {
            httpContext.RequestServices = services;
            // MVC caches the first IUrlHelper in the context's items, holding that render's ViewContext (its writer, its
            // view data) for as long as the context lives: a session's lives as long as the view.
            httpContext.Items.Remove(typeof(Microsoft.AspNetCore.Mvc.IUrlHelper));
        }
    }

    /// <summary>A fresh render state for a view, with the configured options.</summary>
    public ViewRenderState NewState() => new(options.Value.VerifyMemoizedSegments);

    /// <summary>Renders any Razor view with a model (used for the page host).</summary>
    public async Task<string> RenderPageAsync(string path, object model, HttpContext httpContext)
    {
        var result = viewEngine.GetView(executingFilePath: null, viewPath: path, isMainPage: true);
        if (!result.Success) throw new InvalidOperationException($"Razor view '{path}' was not found.");
        var builder = new StringBuilder(4096);
        await using var writer = new StringWriter(builder);
        await result.View.RenderAsync(CreateViewContext(httpContext, result.View, model, writer));
        await writer.FlushAsync();
        return builder.ToString();
    }

    private IView FindView(Type viewType)
    {
        if (_paths.TryGetValue(viewType, out var known))
            return viewEngine.GetView(null, known, isMainPage: true).View!;

        var candidates = viewType.GetCustomAttributes(typeof(LiveTemplateAttribute), false) is [LiveTemplateAttribute explicitPath]
            ? [explicitPath.Path]
            : options.Value.TemplateLocationFormats.Select(f => string.Format(f, viewType.Name)).ToArray();
        foreach (var path in candidates)
        {
            var result = viewEngine.GetView(null, path, isMainPage: true);
            if (!result.Success) continue;
            _paths[viewType] = path;
            return result.View;
        }
        throw new InvalidOperationException(
            $"No Razor template for {(typeof(LiveComponent).IsAssignableFrom(viewType) ? "live component" : "live view")} '{viewType.Name}'. Looked in: {string.Join(", ", candidates)}.");
    }

    private ViewContext CreateViewContext(HttpContext httpContext, IView view, object model, TextWriter writer)
    {
        var actionContext = new ActionContext(httpContext, httpContext.GetRouteData() ?? new RouteData(), new ActionDescriptor());
        var viewData = new ViewDataDictionary(metadataProvider, new ModelStateDictionary()) { Model = model };
        var tempData = new TempDataDictionary(httpContext, tempDataProvider);
        return new ViewContext(actionContext, view, viewData, tempData, writer, new HtmlHelperOptions());
    }

    /// <summary>The view's services, but for the view buffer scope of one render.</summary>
    private sealed class RenderServices(IServiceProvider inner, IViewBufferScope buffers) : IKeyedServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IViewBufferScope) ? buffers : inner.GetService(serviceType);

        public object? GetKeyedService(Type serviceType, object? serviceKey) => ((IKeyedServiceProvider)inner).GetKeyedService(serviceType, serviceKey);

        public object GetRequiredKeyedService(Type serviceType, object? serviceKey) => ((IKeyedServiceProvider)inner).GetRequiredKeyedService(serviceType, serviceKey);
    }
}
