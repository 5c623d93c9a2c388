using Microsoft.Playwright;

namespace LiveViews.Testing.Playwright;

/// <summary>
/// Waits for the states the LiveView client keeps on every view root (<c>[data-lv-root]</c>): <c>lv-connected</c> once it
/// has joined (<c>lv-connecting</c> before, <c>lv-disconnected</c> while the connection is down) and <c>lv-pending</c>
/// while any event is held by a debounce or throttle, waits in the outbox or awaits its reply (docs/protocol.md, "The page
/// before the socket"). The TypeScript twin is <c>client/src/testing.ts</c>.
/// </summary>
public static class LiveViewPageExtensions
{
    /// <summary>True when the page has a view root and every root has joined.</summary>
    public const string JoinedScript =
        "() => { const r = document.querySelectorAll('[data-lv-root]'); return r.length > 0 && [...r].every(e => e.classList.contains('lv-connected')); }";

    /// <summary>True when every root has joined and none has an event queued, held or in flight.</summary>
    public const string IdleScript =
        "() => { const r = document.querySelectorAll('[data-lv-root]'); return r.length > 0 && [...r].every(e => e.classList.contains('lv-connected') && !e.classList.contains('lv-pending')); }";

    private const string StateScript = "() => [...document.querySelectorAll('[data-lv-root]')].map(e => e.className).join(' | ') || 'no [data-lv-root] element'";

    /// <summary>
    /// Waits until every live view of the page has joined (each root has <c>lv-connected</c>). Throws
    /// <see cref="TimeoutException"/> after <paramref name="timeoutMs"/> (default: the page's default timeout) naming each root's classes.
    /// </summary>
    public static Task WaitForLiveViewAsync(this IPage page, float? timeoutMs = null) => WaitAsync(page, JoinedScript, "joined", timeoutMs);

    /// <summary>
    /// Waits until every live view has joined and nothing is queued, held by a debounce or throttle, or awaiting its reply
    /// (no root has <c>lv-pending</c>): what the user did has been answered and the DOM shows the server's state. Server
    /// pushes (pub/sub, timers) are not events the page waits for: wait for their effect with an assertion. Throws
    /// <see cref="TimeoutException"/> after <paramref name="timeoutMs"/> naming each root's classes.
    /// </summary>
    public static Task WaitForLiveIdleAsync(this IPage page, float? timeoutMs = null) => WaitAsync(page, IdleScript, "idle", timeoutMs);

    private static async Task WaitAsync(IPage page, string script, string state, float? timeoutMs)
    {
        ArgumentNullException.ThrowIfNull(page);
        try
        {
            await page.WaitForFunctionAsync(script, null, new PageWaitForFunctionOptions { Timeout = timeoutMs, PollingInterval = 20 });
        }
        catch (TimeoutException ex)
        {
            string roots;
            try { roots = await page.EvaluateAsync<string>(StateScript); }
            catch (PlaywrightException) { roots = "unknown (the page is gone)"; }
            throw new TimeoutException($"The page's live views did not become {state}: roots are [{roots}].", ex);
        }
    }
}
