using Microsoft.Extensions.Logging;
using LiveViews.Protocol;

namespace LiveViews.Navigation;

/// <summary>
/// Where a routed view is: its live route and the URL it shows. Runs <see cref="LiveView.HandleParamsAsync"/> when that
/// URL changes (a patch from the client or from the view itself) and turns what a piece of work asked for
/// (<see cref="ViewEffects"/>) into what the client must do (<see cref="ClientEffects"/>). Used inside the view's mailbox.
/// </summary>
internal sealed class ViewLocation(LiveRouteTable routes, FlashCookie cookie, LiveRouteMatch match)
{
    /// <summary>Patches one piece of work may chain (a <c>HandleParamsAsync</c> that patches again, and so on) before it is an error.</summary>
    public const int MaxPatchesPerWork = 10;

    /// <summary>The view's live route.</summary>
    public LiveRoute Route { get; private set; } = match.Route;

    /// <summary>The local URL the view shows (path and query).</summary>
    public string Url { get; private set; } = match.Url;

    /// <summary>The params of <see cref="Url"/>.</summary>
    public LiveParams Params { get; private set; } = match.Params();

    /// <summary>
    /// A patch the client made (an <c>lv-patch</c> link, back or forward): the browser already shows <paramref name="url"/>.
    /// Runs <c>HandleParamsAsync</c>, or, when the URL belongs to another view, tells the client to navigate there instead
    /// (replacing the history entry it pushed). Throws what <c>HandleParamsAsync</c> throws, and <see cref="LiveViewException"/>
    /// for a URL that is not local.
    /// </summary>
    public async Task<ClientEffects?> PatchFromClientAsync(LiveView view, string url, ILogger logger)
    {
        if (!LocalUrl.TryResolve(url, Url, out var resolved)) throw new LiveViewException($"'{url}' is not a URL of this site.");
        if (!await TryEnterAsync(view, resolved)) return new ClientEffects(Navigate: resolved, Replace: 1);
        return await ToClientAsync(view, this, view.TakeEffects(), cookie, logger);
    }

    /// <summary>
    /// Applies what the last piece of work asked for: patches run <c>HandleParamsAsync</c> here (so the reply carries one
    /// render and the new URL), a navigation, a redirect and a flash become the client's effects. A flash put by work
    /// that navigates or redirects is carried to the target page (signed, for a page load). Null when there is nothing
    /// to do. Throws <see cref="InvalidOperationException"/> for a patch of an embedded view or too many chained patches,
    /// and what <c>HandleParamsAsync</c> throws.
    /// </summary>
    public static async Task<ClientEffects?> ToClientAsync(LiveView view, ViewLocation? location, ViewEffects? effects, FlashCookie cookie, ILogger logger)
    {
        string? patched = null;
        var replace = true;
        var flash = effects?.Flash;
        for (var patches = 0; effects?.Navigation is { Kind: NavigationKind.Patch } patch; patches++)
        {
            if (location is null)
                throw new InvalidOperationException($"{view.GetType().Name} is not a routed view (MapLiveView): it cannot patch the URL; use Navigate.");
            if (patches == MaxPatchesPerWork)
                throw new InvalidOperationException($"{view.GetType().Name} patched the URL more than {MaxPatchesPerWork} times in one piece of work (does HandleParamsAsync always patch?).");
            var url = LocalUrl.Resolve(patch.Url, location.Url);
            if (!await location.TryEnterAsync(view, url))
            {
                logger.LogWarning("{View}: a patch to {Url}, which routes to another view, became a navigation", view.GetType().Name, url);
                effects = new ViewEffects { Navigation = patch with { Kind = NavigationKind.Navigate, Url = url } };
                break;
            }
            // The first patch says whether the entry is replaced; a HandleParamsAsync that patches again only refines the URL.
            if (patched is null) replace = patch.Replace;
            patched = url;
            var next = view.TakeEffects();
            flash = next?.Flash ?? flash;
            effects = next;
        }

        var current = location?.Url ?? "/";
        var navigation = effects?.Navigation;
        if (navigation is null && patched is null && flash is null) return null;
        var leaves = navigation is not null;
        return new ClientEffects(
            Url: patched,
            Navigate: navigation is { Kind: NavigationKind.Navigate } ? LocalUrl.Resolve(navigation.Url, current) : null,
            Replace: (navigation?.Replace ?? (patched is not null && replace)) ? 1 : 0,
            Load: navigation is { Kind: NavigationKind.Redirect } ? LocalUrl.ForRedirect(navigation.Url, current) : null,
            Flash: flash is null ? null : [flash.Kind, flash.Message],
            CarriedFlash: leaves && flash is not null ? cookie.Protect(flash) : null);
    }

    /// <summary>Runs <c>HandleParamsAsync</c> for <paramref name="url"/> when it routes to this view's type; false when it routes elsewhere.</summary>
    private async Task<bool> TryEnterAsync(LiveView view, string url)
    {
        if (routes.Match(url) is not { } target || target.Route.ViewType != Route.ViewType) return false;
        var parameters = target.Params();
        await view.HandleParamsAsync(parameters);
        (Route, Url, Params) = (target.Route, target.Url, parameters);
        return true;
    }
}
