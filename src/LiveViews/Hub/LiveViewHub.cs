using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LiveViews.Hosting;
using LiveViews.Navigation;
using LiveViews.Protocol;
using LiveViews.Sessions;
using LiveViews.Tokens;

namespace LiveViews.Hub;

/// <summary>
/// The SignalR hub live views talk to (docs/protocol.md). Methods: <c>join</c>, <c>e</c> (event), <c>resync</c>, <c>leave</c>,
/// <c>patch</c> (the browser shows another URL of the main view) and <c>navigate</c> (mount the view of a URL in its place).
/// Errors that concern one view never close the connection: a bad join throws a <see cref="HubException"/> (its message
/// reaches the client), a bad event gets an error reply.
/// </summary>
internal sealed class LiveViewHub : Microsoft.AspNetCore.SignalR.Hub
{
    private const string StateKey = "lv.state";
    private readonly ViewTokenService _tokens;
    private readonly LiveViewRegistry _registry;
    private readonly ViewAuthorizer _authorizer;
    private readonly SessionServices _services;
    private readonly LiveViewOptions _options;
    private readonly LiveNavigator _navigator;
    private readonly ViewRetention _retention;
    private readonly ILogger<LiveViewHub> _logger;

    public LiveViewHub(ViewTokenService tokens, LiveViewRegistry registry, ViewAuthorizer authorizer,
        SessionServices services, IOptions<LiveViewOptions> options, LiveNavigator navigator, ViewRetention retention, ILogger<LiveViewHub> logger)
    {
        _retention = retention;
        _tokens = tokens;
        _registry = registry;
        _authorizer = authorizer;
        _services = services;
        _options = options.Value;
        _navigator = navigator;
        _logger = logger;
    }

    private ConnectionState State =>
        Context.Items.TryGetValue(StateKey, out var state) ? (ConnectionState)state! : CreateState();

    private ConnectionState CreateState()
    {
        var state = new ConnectionState(_options.EventsPerSecondPerConnection, _options.EventBurstPerConnection, Context.Abort);
        // A WebSocket request completes only after its transport sent everything and closed; other transports are
        // considered closed at disconnect.
        if (Context.Features.Get<IHttpTransportFeature>()?.TransportType == HttpTransportType.WebSockets
            && Context.GetHttpContext() is { } http)
        {
            http.Response.OnCompleted(() => { state.MarkClosed(); return Task.CompletedTask; });
            state.HasTransportSignal = true;
        }
        Context.Items[StateKey] = state;
        return state;
    }

    /// <summary>
    /// Mounts the view named by a signed token: <paramref name="request"/> is the token, or <c>{"t":token,"u":url,"r":key}</c>
    /// with the URL the browser shows (a routed view: <c>HandleParamsAsync</c> runs with it; without it, with the URL the page
    /// was served for) and the resume key of the instance the page had: when this server retains that instance for the same
    /// token and user, it is re-attached instead (no mount; the result carries its full render), else the view mounts
    /// afresh, with the state it persisted restored. Returns <c>{id, v, h, m, n?, s?, r?}</c>; throws <see cref="HubException"/> for an invalid, expired or
    /// foreign token, an unknown or unauthorized view, a URL that does not route to the token's view, or too many views.
    /// </summary>
    [HubMethodName(WireNames.Join)]
    public async Task<JoinResult> Join(JsonElement request)
    {
        var (token, requestedUrl, resumeKey) = request.ValueKind switch
        {
            JsonValueKind.String => (request.GetString(), null, null),
            JsonValueKind.Object => (Text(request, "t"), Text(request, "u"), Text(request, WireNames.ResumeKey)),
            _ => (null, null, null),
        };
        if (token is null) throw Reject("join", "A join carries a view token, or {\"t\":token,\"u\":url}.");
        var state = State;
        var user = Context.User ?? new();
        if (state.Views.Count >= _options.MaxViewsPerConnection)
            throw Reject("join", $"Too many views on one connection (limit {_options.MaxViewsPerConnection}).");
        ViewToken parsed;
        try { parsed = _tokens.Verify(token, user); }
        catch (InvalidViewTokenException ex) { throw Reject("join", ex.Message); }
        if (!_registry.TryResolve(parsed.View, out var viewType))
            throw Reject("join", "The token names a view this server does not serve.");
        if (state.Views.Values.Any(v => v.TokenNonce == parsed.Nonce))
            throw Reject("join", "This view is already joined on this connection.");

        LiveRouteMatch? route = null;
        if (parsed.Url is { } pageUrl)
        {
            // The URL is client input: it must route to the token's view, with that route's authorization.
            var url = requestedUrl ?? pageUrl;
            if (!LocalUrl.TryResolve(url, pageUrl, out var resolved) || _services.Routes.Match(resolved) is not { } match || match.Route.ViewType != viewType)
                throw Reject("join", $"The URL {url} does not show {viewType.Name}; reload the page.");
            if (!await _authorizer.IsAuthorizedAsync(match.Route.Endpoint.Metadata, user))
                throw Reject("join", $"Not authorized to view {viewType.Name}; reload the page.");
            route = match;
        }
        else if (!await _authorizer.IsAuthorizedAsync(viewType, user))
            throw Reject("join", $"Not authorized to view {viewType.Name}.");

        if (resumeKey is not null && _retention.TryTake(resumeKey, parsed.Nonce, parsed.UserId, viewType) is { } retained)
        {
            try
            {
                var result = await retained.ReattachAsync(Context.ConnectionId, route is null ? null : route.Url);
                state.Views[retained.Id] = retained;
                if (route is not null) state.Navigation.Main = retained;
                _services.Tracker.AddConnection(state);
                return result;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "View {View} could not re-attach on connection {Connection}; mounting it afresh", viewType.Name, Context.ConnectionId);
                await retained.DisposeAsync();
            }
        }
        // A fresh mount: an instance still retained for this page can never be taken back.
        await _retention.DiscardAsync(parsed.Nonce, parsed.UserId);

        var id = state.NextViewId();
        try
        {
            var mounted = await ViewSession.MountAsync(id, viewType, parsed.Params, parsed.HtmlHash, parsed.Nonce,
                Context.ConnectionId, user, _services, route, restoreState: true);
            state.Views[id] = mounted.Session;
            if (route is not null) state.Navigation.Main = mounted.Session; // the page's routed view (a page has one; the latest wins)
            _services.Tracker.AddConnection(state);
            return mounted.Result;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "View {View} failed to mount on connection {Connection}", viewType.Name, Context.ConnectionId);
            throw new HubException($"{viewType.Name} failed to mount.");
        }
    }

    /// <summary>An event for handler <paramref name="handler"/> of view <paramref name="viewId"/>; answered by a <c>p</c> reply carrying <paramref name="eventRef"/>.</summary>
    [HubMethodName(WireNames.Event)]
    public void Event(string viewId, long eventRef, string handler, JsonElement args) => Dispatch(viewId, eventRef, handler, args, null);

    private void Dispatch(string viewId, long eventRef, string handler, JsonElement args, string? componentId)
    {
        if (TryAdmit(viewId, eventRef, handler, out var session))
            session!.EnqueueEvent(eventRef, handler ?? "", args.ValueKind == JsonValueKind.Undefined ? default : args.Clone(), componentId);
    }

    /// <summary>
    /// The browser now shows <paramref name="url"/> for routed view <paramref name="viewId"/> (an <c>lv-patch</c> link, back
    /// or forward): <c>HandleParamsAsync</c> runs, answered by a <c>p</c> reply carrying <paramref name="eventRef"/>.
    /// </summary>
    [HubMethodName(WireNames.Patch)]
    public void Patch(string viewId, long eventRef, string url)
    {
        if (TryAdmit(viewId, eventRef, "patch", out var session)) session!.EnqueuePatch(eventRef, url ?? "");
    }

    /// <summary>
    /// Navigation <paramref name="seq"/> (increasing per page) to <paramref name="url"/>: mounts its view in place of the
    /// connection's main view and answers <c>navigated(seq, result)</c>, or tells the client to load the page. Returns at
    /// once: the navigation runs in the background, so the connection's events go on meanwhile.
    /// </summary>
    [HubMethodName(WireNames.Navigate)]
    public void Navigate(long seq, string url)
    {
        if (TryAdmit(null, 0, "navigate", out _)) _navigator.Start(State, seq, url ?? "", Context.ConnectionId, Context.User ?? new());
    }

    /// <summary>
    /// Finds the view a client message is for (none for a navigation) and counts the message against the connection's
    /// event rate. A message for an unknown view (one navigated away from, or closed) gets an error reply and is never
    /// applied to another view (as a malformed invocation gets an error, outside the rate). Over the rate, it gets an
    /// error reply, and a client that keeps sending while refused is closed (answering each would let it keep the server busy).
    /// </summary>
    private bool TryAdmit(string? viewId, long eventRef, string? what, out ViewSession? session)
    {
        var state = State;
        session = null;
        if (viewId is not null && !state.Views.TryGetValue(viewId, out session))
        {
            _logger.LogWarning("{What} for unknown view {ViewId} on connection {Connection} refused", what, viewId, Context.ConnectionId);
            // Version 0 is no reply of any view: the client fails the event, reverting its prediction, and reports it.
            _ = Clients.Caller.SendAsync(WireNames.Reply, viewId, new Reply(eventRef, eventRef, 0, [], "This view is gone (navigated away or closed); the event was not run."));
            return false;
        }
        if (state.Closing) return false;
        using var lease = state.EventLimiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            if (++state.RejectedInARow > _options.EventBurstPerConnection)
            {
                _logger.LogWarning("Connection {Connection} kept flooding after {Count} rejected events; closing it", Context.ConnectionId, state.RejectedInARow);
                state.Closing = true;
                _ = CloseAfterRepliesAsync(state);
                return false;
            }
            if (state.RejectedInARow == 1)
                _logger.LogWarning("Connection {Connection} exceeded the event rate; {Handler} rejected", Context.ConnectionId, what);
            _ = session?.RejectAsync(eventRef, "Too many events; slow down.");
            return false;
        }
        state.RejectedInARow = 0;
        return true;
    }

    /// <summary>
    /// Closes a flooding connection once the replies already queued for it (its rejections among them) are written, so
    /// the client learns why before the socket drops; at most 2 s later in any case.
    /// </summary>
    private static async Task CloseAfterRepliesAsync(ConnectionState state)
    {
        var flushed = Task.WhenAll(state.Views.Values.Select(view => view.FlushRepliesAsync()));
        await Task.WhenAny(flushed, Task.Delay(TimeSpan.FromSeconds(2)));
        state.Abort();
    }

    /// <summary>
    /// An event for handler <paramref name="handler"/> of live component <paramref name="componentId"/> of view
    /// <paramref name="viewId"/>; answered like <see cref="Event"/>. Rate limited together with view events.
    /// </summary>
    [HubMethodName(WireNames.ComponentEvent)]
    public void ComponentEvent(string viewId, long eventRef, string componentId, string handler, JsonElement args) =>
        Dispatch(viewId, eventRef, handler, args, componentId ?? "");

    /// <summary>
    /// Upload preflight (docs/protocol.md, "Uploads"): checks the files of a selection against upload <paramref name="name"/>
    /// of view <paramref name="viewId"/> before a byte is sent, or takes back files announced with their tokens after a
    /// reconnect; runs in the view's mailbox (the view re-renders). Returns a token per accepted file. Throws
    /// <see cref="HubException"/> for an unknown view or upload, a malformed request, or the event rate limit.
    /// </summary>
    [HubMethodName(WireNames.Upload)]
    public async Task<UploadPreflightReply> Upload(string viewId, string name, UploadPreflightEntry[] entries, [FromServices] Uploads.UploadService uploads)
    {
        if (!State.Views.TryGetValue(viewId, out var session)) throw Reject("u", "Unknown view.");
        using (var lease = State.EventLimiter.AttemptAcquire())
            if (!lease.IsAcquired) throw Reject("u", "Too many events; slow down.");
        UploadPreflightReply? reply = null;
        string? refusal = null;
        var user = Context.User ?? new();
        await session.InvokeAsync(() =>
        {
            try { reply = uploads.Preflight(session, user, name, entries); }
            catch (ArgumentException ex) { refusal = ex.Message; }
            return Task.CompletedTask;
        });
        return reply ?? throw Reject("u", refusal ?? "The upload was refused.");
    }

    /// <summary>
    /// Asks for a full render of view <paramref name="viewId"/> (sent as a reply with <c>h</c>), as a node list when
    /// <paramref name="asNodes"/> (the client found the DOM differs from the server's tree: HTML could give it the same DOM again).
    /// </summary>
    [HubMethodName(WireNames.Resync)]
    public void Resync(string viewId, bool asNodes)
    {
        if (State.Views.TryGetValue(viewId, out var session)) session.EnqueueResync(asNodes);
    }

    /// <summary>Unmounts view <paramref name="viewId"/>.</summary>
    [HubMethodName(WireNames.Leave)]
    public async Task Leave(string viewId)
    {
        var state = State;
        if (!state.Views.TryRemove(viewId, out var session)) return;
        if (state.Navigation.Main == session) state.Navigation.Main = null;
        await session.DisposeAsync();
    }

    /// <summary>
    /// Detaches every view of the connection into the retention store (<see cref="LiveViewOptions.ReconnectRetention"/>),
    /// where it waits for its page to rejoin, or disposes it when retention is off or the server is stopping.
    /// </summary>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(StateKey, out var item) && item is ConnectionState state)
        {
            _services.Tracker.RemoveConnection(state);
            await state.Navigation.CloseAsync(); // a navigation still mounting disposes its view instead of adding it
            foreach (var view in state.TakeViews())
            {
                if (_retention.Enabled)
                {
                    await view.DetachAsync();
                    await _retention.RetainAsync(view);
                }
                else await view.DisposeAsync();
            }
            await state.DisposeAsync();
            if (!state.HasTransportSignal) state.MarkClosed();
        }
        await base.OnDisconnectedAsync(exception);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private HubException Reject(string method, string message)
    {
        _logger.LogWarning("Rejected {Method} on connection {Connection}: {Message}", method, Context.ConnectionId, message);
        return new HubException(message);
    }
}
