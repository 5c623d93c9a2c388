using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using LiveViews.Diffing;
using LiveViews.Rendering;
using LiveViews.Tokens;

namespace LiveViews.Hosting;

/// <summary>
/// The first, static render of a live view inside an HTTP request: mount (not connected), render, and wrap the HTML in
/// the root element that carries the signed token the browser joins with. The page works and is readable without JavaScript.
/// </summary>
public sealed class LiveViewRenderer
{
    private const string ScriptsIncludedKey = "lv.scripts";
    private readonly LiveViewRegistry _registry;
    private readonly TemplateRenderer _templates;
    private readonly ViewTokenService _tokens;
    private readonly LiveViewOptions _options;

    internal LiveViewRenderer(LiveViewRegistry registry, TemplateRenderer templates, ViewTokenService tokens, IOptions<LiveViewOptions> options)
    {
        _registry = registry;
        _templates = templates;
        _tokens = tokens;
        _options = options.Value;
    }

    /// <summary>
    /// Renders <paramref name="viewType"/> with mount <paramref name="parameters"/> for <paramref name="httpContext"/>:
    /// <c>&lt;div id="lv-…" data-lv-root data-lv-token="…" data-lv-node="…"&gt;…&lt;/div&gt;</c> (<c>data-lv-node</c> when
    /// <see cref="LiveViewOptions.NodeName"/> is set), followed (once per request) by the client script
    /// and stylesheet unless <paramref name="includeAssets"/> is false. Throws what the view's mount or template throws.
    /// </summary>
    public async Task<IHtmlContent> RenderAsync(Type viewType, IReadOnlyDictionary<string, string> parameters, HttpContext httpContext, bool includeAssets = true) =>
        (await RenderWithTitleAsync(viewType, parameters, httpContext, includeAssets)).Html;

    internal async Task<(IHtmlContent Html, string Title)> RenderWithTitleAsync(Type viewType, IReadOnlyDictionary<string, string> parameters, HttpContext httpContext, bool includeAssets)
    {
        var name = _registry.Register(viewType);
        var view = (LiveView)ActivatorUtilities.CreateInstance(httpContext.RequestServices, viewType);
        try
        {
            await view.MountAsync(new MountContext(parameters, false, httpContext.User, httpContext.RequestServices));
            var html = SegmentMarkers.Strip(await _templates.RenderAsync(view, httpContext));
            var token = _tokens.Issue(name, parameters, httpContext.User, html);
            var builder = new HtmlContentBuilder();
            builder.AppendHtml("<div id=\"lv-").AppendHtml(Guid.NewGuid().ToString("N")[..12])
                .AppendHtml("\" data-lv-root data-lv-token=\"").AppendHtml(HtmlEncoder.Default.Encode(token)).AppendHtml("\"");
            if (_options.NodeName is { Length: > 0 } node) builder.AppendHtml(" data-lv-node=\"").AppendHtml(HtmlEncoder.Default.Encode(node)).AppendHtml("\"");
            builder.AppendHtml(">")
                .AppendHtml(html).AppendHtml("</div>");
            if (includeAssets && httpContext.Items.TryAdd(ScriptsIncludedKey, true)) builder.AppendHtml(AssetTags());
            return (builder, view.PageTitle);
        }
        finally
        {
            switch (view)
            {
                case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
                case IDisposable disposable: disposable.Dispose(); break;
            }
        }
    }

    /// <summary>The <c>&lt;link&gt;</c> and <c>&lt;script&gt;</c> tags of the client (script deferred).</summary>
    public string AssetTags() =>
        $"<link rel=\"stylesheet\" href=\"{_options.AssetPathPrefix}/liveview.css\"><script src=\"{_options.AssetPathPrefix}/liveview.js\" defer></script>";

    /// <summary>Collects route values and query string values of the request as mount parameters (first value of each query key).</summary>
    public static Dictionary<string, string> ParametersOf(HttpContext httpContext)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in httpContext.Request.Query) parameters[key] = value.ToString();
        foreach (var (key, value) in httpContext.Request.RouteValues)
            if (value is not null) parameters[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        return parameters;
    }
}
