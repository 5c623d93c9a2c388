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
    /// <c>&lt;div id="lv-…" data-lv-root data-lv-token="…"&gt;…&lt;/div&gt;</c>, preceded (once per request) by the client
    /// script and stylesheet unless <paramref name="includeAssets"/> is false: before the root, no template (an unclosed
    /// <c>&lt;script&gt;</c>, comment, <c>&lt;div&gt;</c>…) can swallow them or pull them into the view. Throws what the
    /// view's mount or template throws, and, with <see cref="LiveViewOptions.VerifyBalancedHtml"/>, an
    /// <see cref="UnbalancedHtmlException"/> when the render would not parse in the page as the framework parses it.
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
            var rendered = await _templates.RenderAsync(view, httpContext);
            if (_options.VerifyBalancedHtml) VerifyBalanced(view, rendered);
            var html = SegmentMarkers.Strip(rendered);
            var token = _tokens.Issue(name, parameters, httpContext.User, html);
            var builder = new HtmlContentBuilder();
            if (includeAssets && httpContext.Items.TryAdd(ScriptsIncludedKey, true)) builder.AppendHtml(AssetTags());
            builder.AppendHtml("<div id=\"lv-").AppendHtml(Guid.NewGuid().ToString("N")[..12])
                .AppendHtml("\" data-lv-root data-lv-token=\"").AppendHtml(HtmlEncoder.Default.Encode(token)).AppendHtml("\">")
                .AppendHtml(html).AppendHtml("</div>");
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

    /// <summary>
    /// Development check of a first render (<see cref="LiveViewOptions.VerifyBalancedHtml"/>): every segment is balanced
    /// (as the hub's mount would find) and the whole render parses in the page as on its own (<see cref="RenderBalance"/>).
    /// </summary>
    private static void VerifyBalanced(LiveView view, string rendered)
    {
        var name = view.GetType().Name;
        var tree = new ViewTree(policy: new SegmentPolicy { ThrowOnUnbalanced = true, ViewName = name, FindMemoKey = view.SegmentMemo.FindKey });
        tree.Initialize(rendered);
        if (RenderBalance.Problem(SegmentMarkers.Strip(rendered), new HtmlTreeParser()) is { } problem)
            throw new UnbalancedHtmlException(
                $"{name}'s template renders HTML that is not balanced: {problem}. A view's template must close every element it opens " +
                "(and no more), or the browser's page and the server's copy of the view differ.");
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
