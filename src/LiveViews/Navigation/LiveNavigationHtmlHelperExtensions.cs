using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.DependencyInjection;
using LiveViews;
using LiveViews.Navigation;

namespace Microsoft.AspNetCore.Mvc.Rendering;

/// <summary>Layout helpers for live navigation: the flash element and a title that live navigations keep current.</summary>
public static class LiveNavigationHtmlHelperExtensions
{
    /// <summary>
    /// Renders the flash element the client shows flashes in (<c>PutFlash</c>, and a flash carried from the previous
    /// page), once per layout, outside any view:
    /// <c>&lt;div aria-live="polite"&gt;&lt;div id="flash" data-lv-flash data-kind="info" hidden&gt;&lt;span id="flash-text"&gt;…&lt;/span&gt;&lt;button id="flash-close" aria-label="Dismiss"&gt;×&lt;/button&gt;&lt;/div&gt;&lt;/div&gt;</c>.
    /// The ids are <paramref name="id"/>, <paramref name="id"/>-text and <paramref name="id"/>-close; <c>data-kind</c> is the
    /// flash's kind, for styling. The message is hidden when there is none, dismissed by its button (which works before
    /// the client loads), and cleared by the next navigation. With <paramref name="showErrors"/>, the messages of
    /// <c>lv:error</c> events (a refused event, an interaction that could not be sent) show there too, as kind <c>error</c>.
    /// </summary>
    public static IHtmlContent LiveFlash(this IHtmlHelper html, bool showErrors = false, string id = "flash", string? cssClass = null)
    {
        var flash = html.ViewContext.HttpContext.RequestServices.GetRequiredService<FlashCookie>().Take(html.ViewContext.HttpContext);
        var e = HtmlEncoder.Default;
        var kind = flash?.Kind ?? LiveViews.LiveFlash.Info;
        var builder = new HtmlContentBuilder();
        builder.AppendHtml("<div class=\"lv-flash-region\" aria-live=\"polite\"><div id=\"").AppendHtml(e.Encode(id))
            .AppendHtml("\" class=\"lv-flash").AppendHtml(cssClass is null ? "" : " " + e.Encode(cssClass)).AppendHtml("\" data-lv-flash")
            .AppendHtml(showErrors ? " data-lv-errors" : "").AppendHtml(" data-kind=\"").AppendHtml(e.Encode(kind)).AppendHtml("\"")
            .AppendHtml(flash is null ? " hidden" : "").AppendHtml("><span id=\"").AppendHtml(e.Encode(id + "-text")).AppendHtml("\">")
            .AppendHtml(e.Encode(flash?.Message ?? "")).AppendHtml("</span><button type=\"button\" id=\"").AppendHtml(e.Encode(id + "-close"))
            .AppendHtml("\" class=\"lv-flash-close\" aria-label=\"Dismiss\" onclick=\"this.parentNode.hidden=true\">&times;</button></div></div>");
        return builder;
    }

    /// <summary>
    /// Renders <c>&lt;title data-prefix="…" data-suffix="…"&gt;prefix title suffix&lt;/title&gt;</c>; after a live navigation the
    /// client sets <c>document.title</c> to the same composition of the new view's <see cref="LiveView.PageTitle"/>.
    /// An empty <paramref name="title"/> renders <paramref name="fallback"/> alone (when given).
    /// </summary>
    public static IHtmlContent LiveTitle(this IHtmlHelper html, string? title, string? prefix = null, string? suffix = null, string? fallback = null)
    {
        var e = HtmlEncoder.Default;
        var text = string.IsNullOrEmpty(title) && fallback is not null ? fallback : prefix + title + suffix;
        return new HtmlString($"<title data-prefix=\"{e.Encode(prefix ?? "")}\" data-suffix=\"{e.Encode(suffix ?? "")}\">{e.Encode(text)}</title>");
    }
}
