using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using LiveViews.Hosting;
using LiveViews.Protocol;
using LiveViews.Sessions;
using LiveViews.Tokens;

namespace LiveViews.Navigation;

/// <summary>
/// Live navigation: mounts the view of a URL over the connection in place of its main view. The URL is resolved with
/// the route table <c>MapLiveView</c> built; it navigates live only when its route is in the main view's live session
/// and the user passes the route's authorization exactly as a page request would; otherwise the client is told to load
/// the page (which then answers as it would: the page, a redirect to a login, 403). The next view mounts while the old
/// one keeps running its events; then, under the connection's swap lock, the old view runs what it was sent, stops
/// taking events (later ones are refused), and is disposed, and only then is the new view answered. A navigation that a
/// newer one superseded while it mounted is discarded, so the last one wins.
/// </summary>
internal sealed class LiveNavigator(
    LiveRouteTable routes, ViewAuthorizer authorizer, LiveViewRegistry registry, ViewTokenService tokens,
    LiveViewRenderer renderer, SessionServices services, ILogger<LiveNavigator> logger)
{
    /// <summary>
    /// Starts navigation <paramref name="seq"/> to <paramref name="url"/> in the background (the hub's loop goes on
    /// reading the connection's events meanwhile). A stale or repeated <paramref name="seq"/> is ignored.
    /// </summary>
    public void Start(ConnectionState state, long seq, string url, string connectionId, ClaimsPrincipal user)
    {
        if (!state.Navigation.TryBegin(seq)) return;
        _ = Task.Run(async () =>
        {
            try
            {
                if (await NavigateAsync(state, seq, url, connectionId, user) is { } refusal)
                    await services.HubContext.Clients.Client(connectionId).SendAsync(WireNames.Navigated, seq, refusal);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Navigation to {Url} on connection {Connection} failed", url, connectionId);
            }
        });
    }

    /// <summary>Navigates; returns the "load the page" answer when it does not navigate live, else null (the new view was answered, or superseded).</summary>
    private async Task<NavigationResult?> NavigateAsync(ConnectionState state, long seq, string url, string connectionId, ClaimsPrincipal user)
    {
        var navigation = state.Navigation;
        var main = navigation.Main;
        if (!LocalUrl.TryResolve(url, main?.Location?.Url ?? "/", out var resolved))
        {
            logger.LogWarning("Navigation to {Url} on connection {Connection} refused: not a URL of this site", url, connectionId);
            return null;
        }
        var match = routes.Match(resolved);
        if (match is null || main?.Location is null || match.Route.Session != main.Location.Route.Session)
            return NavigationResult.LoadPage(resolved);
        if (!await authorizer.IsAuthorizedAsync(match.Route.Endpoint.Metadata, user))
            return NavigationResult.LoadPage(resolved);

        var viewType = match.Route.ViewType;
        var parameters = match.MountParameters();
        var nonce = ViewTokenService.NewNonce();
        MountedView mounted;
        try
        {
            mounted = await ViewSession.MountAsync(state.NextViewId(), viewType, parameters, null, nonce, connectionId, user, services, match);
        }
        catch (Exception ex)
        {
            // The page request shows what a failing mount shows there (an error page, a 400 for a LiveViewException).
            logger.LogError(ex, "View {View} failed to mount for a navigation to {Url} on connection {Connection}", viewType.Name, resolved, connectionId);
            return NavigationResult.LoadPage(resolved);
        }

        var session = mounted.Session;
        var location = session.Location!;
        var token = tokens.IssueForHash(registry.Register(viewType), parameters, user, mounted.RenderHash, location.Url, nonce);
        var result = new NavigationResult(
            Id: session.Id, Version: 0, Handlers: mounted.Result.Handlers, Node: mounted.Result.Node,
            RootTag: renderer.RootOpenTag(viewType, token, main: true), Content: mounted.Result.Html,
            Title: session.View.PageTitle, Url: location.Url, Effects: mounted.Result.Effects, ResumeKey: mounted.Result.ResumeKey, Ops: mounted.Result.Ops);

        await navigation.Swap.WaitAsync();
        try
        {
            if (navigation.Closed || !navigation.IsLatest(seq))
            {
                await session.DisposeAsync();
                return null;
            }
            if (navigation.Main is { } old)
            {
                // The old view runs what it was sent (a click made while the next view mounted included), then stops
                // taking events: later ones are refused, never run by the next view. Its replies go out first.
                await old.QueuedWorkDoneAsync();
                if (navigation.Closed || !navigation.IsLatest(seq))
                {
                    await session.DisposeAsync(); // what it ran asked for another navigation: that one replaces it
                    return null;
                }
                state.Views.TryRemove(old.Id, out _);
                await old.DrainAsync();
                await old.DisposeAsync();
            }
            state.Views[session.Id] = session;
            navigation.Main = session;
            await services.HubContext.Clients.Client(connectionId).SendAsync(WireNames.Navigated, seq, result);
            return null;
        }
        finally
        {
            navigation.Swap.Release();
        }
    }
}
