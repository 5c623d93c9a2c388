using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LiveViews.Hosting;
using LiveViews.Protocol;
using LiveViews.Sessions;
using LiveViews.Tokens;

namespace LiveViews.Hub;

/// <summary>
/// The SignalR hub live views talk to (docs/protocol.md). Methods: <c>join</c>, <c>e</c> (event), <c>resync</c>, <c>leave</c>.
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
    private readonly ILogger<LiveViewHub> _logger;

    public LiveViewHub(ViewTokenService tokens, LiveViewRegistry registry, ViewAuthorizer authorizer,
        SessionServices services, IOptions<LiveViewOptions> options, ILogger<LiveViewHub> logger)
    {
        _tokens = tokens;
        _registry = registry;
        _authorizer = authorizer;
        _services = services;
        _options = options.Value;
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

    /// <summary>Mounts the view named by a signed token. Returns <c>{id, v, h, m}</c>; throws <see cref="HubException"/> for an invalid, expired or foreign token, an unknown or unauthorized view, or too many views.</summary>
    [HubMethodName(WireNames.Join)]
    public async Task<JoinResult> Join(string token)
    {
        var state = State;
        if (state.Views.Count >= _options.MaxViewsPerConnection)
            throw Reject("join", $"Too many views on one connection (limit {_options.MaxViewsPerConnection}).");
        ViewToken parsed;
        try { parsed = _tokens.Verify(token, Context.User ?? new()); }
        catch (InvalidViewTokenException ex) { throw Reject("join", ex.Message); }
        if (!_registry.TryResolve(parsed.View, out var viewType))
            throw Reject("join", "The token names a view this server does not serve.");
        if (state.Views.Values.Any(v => v.TokenNonce == parsed.Nonce))
            throw Reject("join", "This view is already joined on this connection.");
        if (!await _authorizer.IsAuthorizedAsync(viewType, Context.User ?? new()))
            throw Reject("join", $"Not authorized to view {viewType.Name}.");

        var id = state.NextViewId();
        try
        {
            var (session, result) = await ViewSession.MountAsync(id, viewType, parsed.Params, parsed.HtmlHash, parsed.Nonce,
                Context.ConnectionId, Context.User ?? new(), _services);
            state.Views[id] = session;
            _services.Tracker.AddConnection(state);
            return result;
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
        if (!State.Views.TryGetValue(viewId, out var session))
        {
            _logger.LogWarning("Event {Handler} for unknown view {ViewId} on connection {Connection}", handler, viewId, Context.ConnectionId);
            return;
        }
        var state = State;
        using var lease = state.EventLimiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            // A client that keeps sending while refused is broken or hostile: answering each event would let it keep
            // the server busy, so after a burst's worth of refusals in a row the connection is closed.
            if (++state.RejectedInARow > _options.EventBurstPerConnection)
            {
                _logger.LogWarning("Connection {Connection} kept flooding after {Count} rejected events; closing it", Context.ConnectionId, state.RejectedInARow);
                Context.Abort();
                return;
            }
            if (state.RejectedInARow == 1)
                _logger.LogWarning("Connection {Connection} exceeded the event rate; {Handler} rejected", Context.ConnectionId, handler);
            _ = session.RejectAsync(eventRef, "Too many events; slow down.");
            return;
        }
        state.RejectedInARow = 0;
        session.EnqueueEvent(eventRef, handler ?? "", args.ValueKind == JsonValueKind.Undefined ? default : args.Clone(), componentId);
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
        if (State.Views.TryRemove(viewId, out var session)) await session.DisposeAsync();
    }

    /// <summary>Disposes every view of the connection.</summary>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(StateKey, out var item) && item is ConnectionState state)
        {
            _services.Tracker.RemoveConnection(state);
            await state.DisposeAsync();
            if (!state.HasTransportSignal) state.MarkClosed();
        }
        await base.OnDisconnectedAsync(exception);
    }

    private HubException Reject(string method, string message)
    {
        _logger.LogWarning("Rejected {Method} on connection {Connection}: {Message}", method, Context.ConnectionId, message);
        return new HubException(message);
    }
}
