using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using LiveViews.Diffing;
using LiveViews.Handlers;
using LiveViews.Navigation;
using LiveViews.Protocol;
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
    private readonly ClientAssets _assets;
    private readonly LiveViewOptions _options;

    internal LiveViewRenderer(LiveViewRegistry registry, TemplateRenderer templates, ViewTokenService tokens, ClientAssets assets, IOptions<LiveViewOptions> options)
    {
        _registry = registry;
        _templates = templates;
        _tokens = tokens;
        _assets = assets;
        _options = options.Value;
    }

    /// <summary>
    /// Renders <paramref name="viewType"/> with mount <paramref name="parameters"/> for <paramref name="httpContext"/>:
    /// <c>&lt;div id="lv-…" class="lv-connecting" data-lv-root data-lv-token="…"&gt;…&lt;/div&gt;</c>, preceded (once per
    /// request) by the client's assets (<see cref="AssetTags"/>) unless <paramref name="includeAssets"/> is false: before
    /// the root, no template (an unclosed <c>&lt;script&gt;</c>, comment, <c>&lt;div&gt;</c>…) can swallow them or pull them
    /// into the view. Throws what the view's constructor, mount or template throws, and, with
    /// <see cref="LiveViewOptions.VerifyBalancedHtml"/>, an <see cref="UnbalancedHtmlException"/> when the render would not
    /// parse in the page as the framework parses it.
    /// </summary>
    public async Task<IHtmlContent> RenderAsync(Type viewType, IReadOnlyDictionary<string, string> parameters, HttpContext httpContext, bool includeAssets = true)
    {
        var page = await RenderPageAsync(viewType, parameters, httpContext, includeAssets, route: null);
        if (page.Flash is { } flash) FlashCookie.ShowInThisRequest(httpContext, flash);
        return page.Html!;
    }

    /// <summary>
    /// The static render of a page: mount (not connected), then, for a routed view (<paramref name="route"/>),
    /// <see cref="LiveView.HandleParamsAsync"/> with the request's URL, then the template. When the view asked to navigate
    /// (a patch, a navigation or a redirect) the result is that URL to redirect to, and no HTML. Throws what the view's
    /// constructor, mount, <c>HandleParamsAsync</c> or template throws.
    /// </summary>
    internal async Task<PageRender> RenderPageAsync(Type viewType, IReadOnlyDictionary<string, string> parameters, HttpContext httpContext, bool includeAssets, LiveRouteMatch? route)
    {
        var name = _registry.Register(viewType);
        var view = await ViewMounter.MountAsync(viewType, new MountContext(parameters, false, httpContext.User, httpContext.RequestServices));
        try
        {
            var effects = view.TakeEffects();
            if (route is not null && effects?.Navigation is null)
            {
                await view.HandleParamsAsync(route.Params());
                effects = ViewEffects.Then(effects, view.TakeEffects());
            }
            if (effects?.Navigation is { } navigation && route is not null)
                return new PageRender(null, view.PageTitle, RedirectTarget(navigation, route.Url), effects.Flash);

            var state = _templates.NewState();
            var rendered = await _templates.RenderAsync(view, state, httpContext);
            if (_options.VerifyBalancedHtml) VerifyBalanced(view, state, rendered);
            var html = SegmentMarkers.Strip(rendered);
            Forms.UnboundFileInputCheck.ThrowIfAny(viewType, html);
            var token = _tokens.Issue(name, parameters, httpContext.User, html, route?.Url);
            var builder = new HtmlContentBuilder();
            if (includeAssets && httpContext.Items.TryAdd(ScriptsIncludedKey, true)) builder.AppendHtml(AssetTags());
            builder.AppendHtml(RootOpenTag(viewType, token, main: route is not null)).AppendHtml(html).AppendHtml("</div>");
            return new PageRender(builder, view.PageTitle, null, effects?.Flash);
        }
        finally
        {
            await ViewMounter.DisposeAsync(view);
        }
    }

    /// <summary>
    /// The opening tag of a view root:
    /// <c>&lt;div id="lv-…" class="lv-connecting" data-lv-root data-lv-token="…" data-lv-m="…"? data-lv-node="…"? data-lv-main?&gt;</c>.
    /// <paramref name="main"/> marks a routed view (the one live navigation replaces).
    /// </summary>
    internal string RootOpenTag(Type viewType, string token, bool main)
    {
        var e = HtmlEncoder.Default;
        var tag = new StringBuilder(token.Length + 256);
        tag.Append("<div id=\"lv-").Append(Guid.NewGuid().ToString("N")[..12]).Append("\" class=\"").Append(WireNames.ConnectingClass)
            .Append("\" ").Append(WireNames.RootAttribute);
        tag.Append(' ').Append(WireNames.TokenAttribute).Append("=\"").Append(e.Encode(token)).Append('"');
        if (HandlerCatalog.For(viewType).ClientMetaJson is { } meta) tag.Append(' ').Append(WireNames.MetaAttribute).Append("=\"").Append(e.Encode(meta)).Append('"');
        if (_options.NodeName is { } node) tag.Append(' ').Append(WireNames.NodeAttribute).Append("=\"").Append(e.Encode(node)).Append('"');
        if (main) tag.Append(' ').Append(WireNames.MainAttribute);
        return tag.Append('>').ToString();
    }

    /// <summary>Where the static render of a view that asked to navigate redirects: the patched or navigated URL (local) or the redirect's.</summary>
    private static string RedirectTarget(NavigationIntent navigation, string current) =>
        navigation.Kind == NavigationKind.Redirect ? LocalUrl.ForRedirect(navigation.Url, current) : LocalUrl.Resolve(navigation.Url, current);

    /// <summary>
    /// Development check of a first render (<see cref="LiveViewOptions.VerifyBalancedHtml"/>): every segment is balanced
    /// (as the hub's mount would find) and the whole render parses in the page as on its own (<see cref="RenderBalance"/>).
    /// </summary>
    private static void VerifyBalanced(LiveView view, ViewRenderState state, string rendered)
    {
        var name = view.GetType().Name;
        var tree = new ViewTree(policy: new SegmentPolicy { ThrowOnUnbalanced = true, ViewName = name, FindMemoKey = state.Memo.FindKey });
        tree.Initialize(rendered);
        if (RenderBalance.Problem(SegmentMarkers.Strip(rendered), new HtmlTreeParser()) is { } problem)
            throw new UnbalancedHtmlException(
                $"{name}'s template renders HTML that is not balanced: {problem}. A view's template must close every element it opens " +
                "(and no more), or the browser's page and the server's copy of the view differ.");
    }

    /// <summary>
    /// The client's tags: an inline script of a few hundred bytes that keeps every bound interaction made before the
    /// client has loaded (and prevents native submits of <c>lv-submit</c> forms) with the client's options, then the
    /// stylesheet and the deferred client script. A Content-Security-Policy must allow the inline script
    /// (<c>'unsafe-inline'</c>, or its hash).
    /// </summary>
    public string AssetTags() =>
        $"<script>window.__lv={{c:{ClientOptionsJson()}}};{_assets.CaptureScript}</script>" +
        $"<link rel=\"stylesheet\" href=\"{_options.AssetPathPrefix}/liveview.css\"><script src=\"{_options.AssetPathPrefix}/liveview.js\" defer></script>";

    // docs/protocol.md, "Client options": t = reply timeout ms, q = outbox capacity, a = outbox max age ms.
    private string ClientOptionsJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"t\":{(long)_options.EventReplyTimeout.TotalMilliseconds},\"q\":{_options.OutboxCapacity},\"a\":{(long)_options.OutboxMaxAge.TotalMilliseconds}}}");

    /// <summary>
    /// A live view inside another live view's template would render but never join (the client binds page roots only),
    /// so it is refused with an error that points to live components.
    /// </summary>
    internal static void RefuseNesting(Microsoft.AspNetCore.Mvc.Rendering.ViewContext context, Type viewType)
    {
        if (ViewRenderState.Of(context) is not null)
            throw new InvalidOperationException(
                $"{viewType.Name} is rendered inside the template of {context.ViewData.Model?.GetType().Name}: a live view cannot be nested in another. " +
                "Make the reusable piece a LiveComponent and render it with Html.LiveComponentAsync<T>(id, parameters).");
    }

    /// <summary>Collects route values and query string values of the request as mount parameters (first value of each query key).</summary>
    public static Dictionary<string, string> ParametersOf(HttpContext httpContext)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in httpContext.Request.Query) parameters[key] = value.ToString();
        foreach (var (key, value) in httpContext.Request.RouteValues)
            if (value is not null) parameters[key] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        return parameters;
    }
}
