using Microsoft.Extensions.DependencyInjection;
using LiveViews;
using LiveViews.Navigation;

namespace Microsoft.AspNetCore.Http;

/// <summary>Flashes from code outside live views (a Razor Page or controller that redirects to a live page).</summary>
public static class LiveFlashHttpContextExtensions
{
    /// <summary>
    /// Shows a flash on the page this request renders, or, when it redirects, on the next page (a short-lived signed
    /// cookie that page's <c>Html.LiveFlash()</c> reads once). Call it before the response starts. Throws
    /// <see cref="ArgumentException"/> for an invalid kind or an empty or too long message.
    /// </summary>
    public static void PutLiveFlash(this HttpContext context, string kind, string message)
    {
        var flash = LiveFlash.Create(kind, message);
        context.RequestServices.GetRequiredService<FlashCookie>().Write(context.Response, flash);
        FlashCookie.ShowInThisRequest(context, flash);
    }
}
