using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace LiveViews.Navigation;

/// <summary>
/// Carries a flash to the next page render when that is a full page load (a redirect, or a navigation that leaves the
/// live session): a short-lived cookie, encrypted and signed with Data Protection, that the next page's
/// <c>Html.LiveFlash()</c> reads once and deletes. Set by the server on a redirect response, or by the client (from the
/// signed value a reply carries) just before it loads the page.
/// </summary>
internal sealed class FlashCookie
{
    /// <summary>The cookie's name (the client writes it too: client/src/protocol.ts).</summary>
    public const string Name = "lv_flash";

    /// <summary>How long a carried flash stays valid: enough for one redirect on a slow link.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private const string ItemKey = "lv.flash";
    private readonly ITimeLimitedDataProtector _protector;

    public FlashCookie(IDataProtectionProvider provider) =>
        _protector = provider.CreateProtector("LiveViews.Flash.v1").ToTimeLimitedDataProtector();

    /// <summary>The flash signed and encrypted, cookie-safe (base64url), valid for <see cref="Lifetime"/>.</summary>
    public string Protect(LiveFlash flash) => _protector.Protect(JsonSerializer.Serialize(new[] { flash.Kind, flash.Message }, Compact), Lifetime);

    // UTF-8 as is (not \uXXXX escapes, 6 bytes a character): the cookie must stay under the browsers' 4 KB.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The flash in <paramref name="value"/>, or null when it is tampered, expired or malformed.</summary>
    public LiveFlash? Unprotect(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        try
        {
            return JsonSerializer.Deserialize<string[]>(_protector.Unprotect(value)) is [var kind, var message] ? LiveFlash.Create(kind, message) : null;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Sets the cookie on <paramref name="response"/> (before a redirect).</summary>
    public void Write(HttpResponse response, LiveFlash flash) =>
        response.Cookies.Append(Name, Protect(flash), new CookieOptions
        {
            Path = "/",
            MaxAge = Lifetime,
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
            IsEssential = true,
        });

    /// <summary>Makes <paramref name="flash"/> the one this request's page shows (a flash put during its static render).</summary>
    public static void ShowInThisRequest(HttpContext context, LiveFlash flash) => context.Items[ItemKey] = flash;

    /// <summary>
    /// The flash this request's page shows: one put during this request, else the cookie's. Once shown it is spent: the
    /// cookie is deleted (when the response has not started), so a reload or the next page does not show it again. Null
    /// when there is none. The result is kept for the rest of the request.
    /// </summary>
    public LiveFlash? Take(HttpContext context)
    {
        var put = context.Items.TryGetValue(ItemKey, out var item) ? item : null;
        if (put is Spent) return null;
        context.Items[ItemKey] = Spent.Instance;
        var cookie = context.Request.Cookies[Name];
        var flash = put as LiveFlash ?? Unprotect(cookie);
        // Shown now, so spent (a flash put in this request may also have set the cookie for a redirect that did not happen).
        if ((cookie is not null || put is not null) && !context.Response.HasStarted)
            context.Response.Cookies.Delete(Name, new CookieOptions { Path = "/" });
        return flash;
    }

    private sealed class Spent
    {
        public static readonly Spent Instance = new();
    }
}
