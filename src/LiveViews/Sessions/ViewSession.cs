using System.Security.Claims;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LiveViews.Components;
using LiveViews.Diffing;
using LiveViews.Streams;
using LiveViews.Handlers;
using LiveViews.Hosting;
using LiveViews.Navigation;
using LiveViews.Persistence;
using LiveViews.Protocol;
using LiveViews.PubSub;
using LiveViews.Rendering;

namespace LiveViews.Sessions;

/// <summary>
/// A view mounted on a connection: its instance and DI scope, its last rendered tree, and the
/// <see cref="ViewMailbox"/> that serializes everything touching its state (events, pub/sub messages, timers,
/// <see cref="LiveView.InvokeAsync"/>). Events are run by its <see cref="EventDispatcher"/>, replies sent by its
/// <see cref="ReplySender"/>. After every piece of work the view re-renders and the patch is sent; a render that
/// throws is answered at once with an error and the view keeps its last good render. When its connection drops the
/// session can be detached (nothing is sent, its mailbox keeps running) and re-attached to the page's next connection
/// (<see cref="ViewRetention"/>). A view with persisted state (<see cref="PersistentStateAttribute"/>) saves it before
/// every reply that follows a change, when detached, drained and disposed.
/// </summary>
internal sealed class ViewSession : IAsyncDisposable
{
    private readonly ViewMailbox _mailbox;
    private readonly ReplySender _replies;
    private readonly ViewTree _tree;
    private readonly ViewRenderState _renderState;
    private readonly List<IDisposable> _resources = [];
    private ITimer? _compaction;
    private bool _compactionArmed; // read and written in the mailbox, but for a compaction the mailbox refused
    private long _lastTreeUpdate;  // TimeProvider timestamp
    private readonly CancellationTokenSource _lifetime = new();
    private readonly SessionServices _services;
    private readonly AsyncServiceScope _scope;
    private readonly HttpContext _httpContext;
    private readonly ILogger _logger;
    private readonly ComponentHost _components;
    private readonly PersistentStateCatalog _persistence;
    private byte[]? _savedState;
    private LiveView? _view;
    private EventDispatcher? _dispatcher;
    private ViewLocation? _location;
    private long _latestPatchRef;
    private int _disposed;

    private ViewSession(string id, Type viewType, string nonce, string connectionId, ClaimsPrincipal user, SessionServices services)
    {
        Id = id;
        ViewType = viewType;
        TokenNonce = nonce;
        UserId = Tokens.ViewTokenService.UserIdOf(user);
        ResumeKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _services = services;
        _persistence = PersistentStateCatalog.For(viewType);
        _renderState = services.Renderer.NewState();
        _renderState.Pool = SegmentPool.Shared;
        _scope = services.ScopeFactory.CreateAsyncScope();
        _httpContext = new DefaultHttpContext { RequestServices = _scope.ServiceProvider, User = user };
        _replies = new ReplySender(services.HubContext.Clients.Client(connectionId), id);
        _logger = services.LoggerFactory.CreateLogger("LiveViews.ViewSession");
        _mailbox = new ViewMailbox(services.Options.MaxPendingEventsPerView);
        _tree = new ViewTree(services.Parser, new SegmentPolicy
        {
            ThrowOnUnbalanced = services.Options.VerifyBalancedHtml,
            ViewName = viewType.Name,
            FindMemoKey = html => _renderState.Memo.FindKey(html),
            OnFallback = message => _logger.LogWarning("{Message} This render was parsed whole, without segments.", message),
        }) { CollectStreams = true };
        _components = new ComponentHost(services.Renderer, _httpContext, services.Parser, services.Options, _logger, viewType.Name);
        _renderState.Components = _components;
        _tree.Components = _components;
    }

    /// <summary>The view's id on its connection.</summary>
    public string Id { get; }
    public Type ViewType { get; }
    public LiveView View => _view ?? throw new InvalidOperationException("The view is not mounted.");

    /// <summary>The nonce of the token the view was joined with (a token joins once per connection).</summary>
    public string TokenNonce { get; }

    /// <summary>The user the view was mounted for, as view tokens identify users (null: anonymous).</summary>
    public string? UserId { get; }

    /// <summary>
    /// The secret (128 random bits, base64url) that lets the page re-attach to this instance after a reconnect to this
    /// server, sent in the join result (<c>r</c>) only to the connection the view was joined on.
    /// </summary>
    public string ResumeKey { get; }

    private EventDispatcher Dispatcher => _dispatcher ?? throw new InvalidOperationException("The view is not mounted.");

    /// <summary>The route and URL of a routed view (null for an embedded one).</summary>
    public ViewLocation? Location => _location;

    /// <summary>
    /// Mounts a view on a connection and renders it: the view's constructor, <see cref="LiveView.MountAsync"/> and, for a
    /// routed view (<paramref name="route"/>), <see cref="LiveView.HandleParamsAsync"/> with the URL the browser shows.
    /// With <paramref name="restoreState"/>, the state the page's view saved (<see cref="PersistentStateAttribute"/>, on any
    /// server) is restored right after <c>MountAsync</c>. Returns the session with its join reply (<c>h</c> is null when the
    /// render equals the page's, by hash). Throws what the view's constructor, mount, <c>HandleParamsAsync</c> or render throws.
    /// </summary>
    public static async Task<MountedView> MountAsync(
        string id, Type viewType, IReadOnlyDictionary<string, string> parameters, string? pageHtmlHash, string nonce,
        string connectionId, ClaimsPrincipal user, SessionServices services, LiveRouteMatch? route = null, bool restoreState = false)
    {
        var session = new ViewSession(id, viewType, nonce, connectionId, user, services);
        try
        {
            var view = await ViewMounter.MountAsync(viewType,
                new MountContext(parameters, true, user, session._scope.ServiceProvider), v => v.Attach(session));
            session._view = view;
            session._tree.CheckStreams = renders => StreamPatches.Check(view, renders);
            session._dispatcher = new EventDispatcher(view, view, id, session._logger, services.Options.DetailedErrors);
            if (restoreState) await session.RestoreStateAsync();
            var asked = view.TakeEffects();
            if (route is not null)
            {
                session._location = new ViewLocation(services.Routes, services.Flash, route);
                // A mount that navigates away does not need its params.
                if (asked?.Navigation is null)
                {
                    await view.HandleParamsAsync(route.Params());
                    asked = ViewEffects.Then(asked, view.TakeEffects());
                }
            }
            var effects = await ViewLocation.ToClientAsync(view, session._location, asked, services.Flash, session._logger);
            var components = session._components;
            components.BeginViewRender();
            RenderedHtml rendered;
            try
            {
                rendered = await services.Renderer.RenderWithReferencesAsync(view, session._renderState, session._httpContext);
                session._tree.Load(rendered.Html, rendered.References);
                components.FlushPending();
            }
            finally
            {
                await components.EndViewRenderAsync(succeeded: true);
            }
            // The page was served with the components' HTML inline: compare like with like.
            var hash = Tokens.ViewTokenService.HashHtml(SegmentMarkers.Strip(components.Expand(rendered.Expanded)));
            var unchanged = hash == pageHtmlHash;
            session._mailbox.Start(session.ProcessAsync, session.OnWorkFailed, session._lifetime.Token);
            services.Tracker.Add(session);
            var streams = StreamPatches.Append(view, session._tree, [], join: true);
            var result = new JoinResult(id, 0, unchanged ? null : session._tree.ToContent(), HandlerCatalog.For(viewType).ClientMeta, services.Options.NodeName, effects,
                services.Options.ReconnectRetention > TimeSpan.Zero ? session.ResumeKey : null, streams.Count > 0 ? streams : null);
            return new MountedView(session, result, hash);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Queues a client event for the view, or for its live component <paramref name="component"/>. When the mailbox is
    /// full the event is rejected at once with an error reply.
    /// </summary>
    public void EnqueueEvent(long eventRef, string handler, JsonElement args, string? component = null)
    {
        if (!_mailbox.TryPost(new EventWork(eventRef, handler, args, component)))
            _ = RejectAsync(eventRef, "Too many pending events; the event was dropped.");
    }

    /// <summary>Queues new parameters for live component <paramref name="id"/> (<see cref="LiveView.SendUpdate{TComponent}"/>).</summary>
    internal void SendUpdate(Type type, string id, object parameters)
    {
        if (!_mailbox.TryPost(new ComponentUpdateWork(type, id, Components.ComponentParameters.From(parameters))))
            _logger.LogWarning("View {View} ({Id}) dropped an update of component {Component}: mailbox full", ViewType.Name, Id, id);
    }

    /// <summary>Queues an event for the page's client hooks, sent with the reply of the work in progress.</summary>
    internal void PushEvent(string name, object? payload) => _components.PushEvent(name, payload, null);

    /// <summary>Queues a full render for the client, as a node list when <paramref name="asNodes"/>.</summary>
    public void EnqueueResync(bool asNodes) => _mailbox.TryPost(new ResyncWork(asNodes));

    /// <summary>
    /// Queues a patch from the client (the browser shows <paramref name="url"/> now). When several are queued only the
    /// newest runs <c>HandleParamsAsync</c>; the older ones count as processed (as coalesced throttled events do).
    /// </summary>
    public void EnqueuePatch(long eventRef, string url)
    {
        InterlockedMax(ref _latestPatchRef, eventRef);
        if (!_mailbox.TryPost(new PatchWork(eventRef, url)))
            _ = RejectAsync(eventRef, "Too many pending events; the URL change was dropped.");
    }

    /// <summary>Sends an error reply for an event that never reached the mailbox (rate limit, overload).</summary>
    public Task RejectAsync(long eventRef, string error) => _replies.SendAsync(eventRef, [], error);

    /// <summary>Completes when the replies queued so far (answers, rejections) have been written to the connection.</summary>
    internal Task FlushRepliesAsync() => _replies.FlushAsync();

    internal void Subscribe(string topic)
    {
        var subscription = _services.PubSub.Subscribe(topic, (t, message) =>
        {
            if (!_mailbox.TryPost(new InfoWork(t, message)))
                _logger.LogWarning("View {View} ({Id}) dropped a message on {Topic}: mailbox full", ViewType.Name, Id, t);
            return Task.CompletedTask;
        });
        lock (_resources) _resources.Add(subscription);
    }

    internal Task PublishAsync(string topic, object message) => _services.PubSub.PublishAsync(topic, message);

    /// <summary>Disposes <paramref name="resource"/> with the view (like its subscriptions and timers), e.g. an upload attachment.</summary>
    internal void Own(IDisposable resource)
    {
        lock (_resources) _resources.Add(resource);
    }

    internal Task InvokeAsync(Func<Task> work)
    {
        if (_mailbox.IsCurrent) return work();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _mailbox.TryPost(new InvokeWork(work, done))
            ? done.Task
            : Task.FromException(new InvalidOperationException("The view is disposed or its mailbox is full."));
    }

    /// <summary>The view's tree, for tests (only the view's mailbox may call it).</summary>
    internal ViewTree Tree => _tree;

    /// <summary>How long after its last update a view's tree drops what it holds for a next one (<see cref="ViewTree.Compact"/>).</summary>
    internal static readonly TimeSpan CompactionDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Notes a tree update and arms, when it is not armed, the one-shot timer that compacts the view's and its
    /// components' trees once the view has been idle for <see cref="CompactionDelay"/>; called after every render that
    /// updated a tree (the view's, or only components'). An armed timer is not moved on each event (that takes the
    /// timer queue's lock on the event's path): when it fires early, <see cref="Compact"/> arms it for the rest.
    /// </summary>
    private void ScheduleCompaction()
    {
        var clock = _services.Options.TimeProvider;
        _lastTreeUpdate = clock.GetTimestamp();
        if (Volatile.Read(ref _compactionArmed)) return;
        if (_compaction is null)
        {
            _compaction = clock.CreateTimer(_ =>
            {
                if (!_mailbox.TryPost(new CompactWork())) Volatile.Write(ref _compactionArmed, false); // the next update arms it again
            }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            lock (_resources) _resources.Add(_compaction);
        }
        _compactionArmed = true;
        _compaction.Change(CompactionDelay, Timeout.InfiniteTimeSpan);
    }

    private Task Compact()
    {
        var idle = _services.Options.TimeProvider.GetElapsedTime(_lastTreeUpdate);
        if (idle < CompactionDelay)
        {
            _compaction!.Change(CompactionDelay - idle, Timeout.InfiniteTimeSpan); // updated since it was armed
            return Task.CompletedTask;
        }
        _compactionArmed = false;
        _tree.Compact();
        _components.Compact();
        return Task.CompletedTask;
    }

    internal IDisposable StartTimer(TimeSpan period, Func<Task> tick)
    {
        var timer = _services.Options.TimeProvider.CreateTimer(_ => _mailbox.TryPost(new InvokeWork(tick, null)), null, period, period);
        lock (_resources) _resources.Add(timer);
        return timer;
    }

    /// <summary>Milliseconds on the options' clock (throttle windows), monotonic; integer math, so equal times compare equal.</summary>
    private long NowMs
    {
        get
        {
            var clock = _services.Options.TimeProvider;
            var frequency = clock.TimestampFrequency;
            return frequency % 1000 == 0 ? clock.GetTimestamp() / (frequency / 1000) : (long)(clock.GetTimestamp() * (1000.0 / frequency));
        }
    }

    private Task ProcessAsync(WorkItem work) => work switch
    {
        EventWork e => ProcessEventAsync(e),
        ThrottleFlushWork f => DispatcherOf(f.Component) is { } dispatcher && dispatcher.TryGetGate(f.Handler, out var gate) && gate.TakeHeld() is { } held
            ? RunEventAsync(held, dispatcher, gate.Handler, gate)
            : Task.CompletedTask,
        InfoWork info => RunServerWorkAsync(() => View.HandleInfoAsync(info.Topic, info.Message), null, $"HandleInfoAsync({info.Topic})"),
        InvokeWork invoke => RunServerWorkAsync(invoke.Work, invoke.Done, "InvokeAsync"),
        ComponentUpdateWork update => UpdateComponentAsync(update),
        ResyncWork resync => _replies.SendAsync(0, [], html: _tree.ToContent(resync.AsNodes)),
        PatchWork patch => ProcessPatchAsync(patch),
        BarrierWork barrier => Task.FromResult(barrier.Done.TrySetResult()),
        PersistWork => PersistIfChangedAsync(),
        CompactWork => Compact(),
        ReattachWork reattach => ReattachInMailboxAsync(reattach),
        _ => Task.CompletedTask,
    };

    /// <summary>The dispatcher of the view (null id) or of a mounted component (created at its first event), or null.</summary>
    private EventDispatcher? DispatcherOf(string? componentId)
    {
        if (componentId is null) return Dispatcher;
        if (!_components.TryGet(componentId, out var slot)) return null;
        return slot.Dispatcher ??= new EventDispatcher(slot.Component, View, Id, _logger, _services.Options.DetailedErrors, componentId);
    }

    // A failure here is ours (a send), not the view's: keep the view alive for the next item.
    private void OnWorkFailed(WorkItem work, Exception ex) =>
        _logger.LogError(ex, "View {View} ({Id}) failed processing {Work}", ViewType.Name, Id, work.GetType().Name);

    private Task ProcessEventAsync(EventWork work)
    {
        if (DispatcherOf(work.Component) is not { } dispatcher)
        {
            _logger.LogWarning("View {View} ({Id}): event {Handler} for unknown component {Component}", ViewType.Name, Id, work.Handler, work.Component);
            return FinishEventAsync(work.Ref, [], $"Unknown component '{work.Component}'.");
        }
        if (!dispatcher.TryResolve(work.Handler, out var handler)) return FinishEventAsync(work.Ref, [], $"Unknown handler '{work.Handler}'.");
        if (dispatcher.GateOf(handler) is not { } gate) return RunEventAsync(work, dispatcher, handler, null);

        var remaining = gate.Remaining(NowMs);
        if (remaining == 0 && gate.Held is null) return RunEventAsync(work, dispatcher, handler, gate);
        // Inside the window: coalesce. The superseded event counts as processed; the newest runs when the window closes.
        if (gate.Hold(work) is { } superseded) _replies.MarkProcessed(superseded.Ref);
        if (!gate.FlushScheduled)
        {
            gate.FlushScheduled = true;
            _ = FlushLaterAsync(handler.Name, work.Component, remaining);
        }
        return Task.CompletedTask;
    }

    private async Task FlushLaterAsync(string handler, string? component, long delayMs)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, delayMs)), _services.Options.TimeProvider, _lifetime.Token);
            await _mailbox.PostAsync(new ThrottleFlushWork(handler, component), _lifetime.Token);
        }
        catch (OperationCanceledException) { }
        catch (ChannelClosedException) { }
    }

    private async Task RunEventAsync(EventWork work, EventDispatcher dispatcher, HandlerDescriptor handler, ThrottleGate? gate)
    {
        gate?.MarkRun(NowMs);
        var outcome = await dispatcher.InvokeAsync(handler, work, _lifetime.Token);
        if (!outcome.Ran)
        {
            await FinishEventAsync(work.Ref, [], outcome.Error);
            return;
        }
        Rendered result;
        ClientEffects? effects = null;
        string? effectsError = null;
        if (work.Component is { } id && _components.TryGet(id, out var slot))
        {
            // A component's event renders only that component; a crash leaves it showing its last good render.
            if (outcome.Crashed) _components.Fail(slot, null, handler.Name);
            else await _components.RerenderAsync(slot);
            result = FlushComponents($"'{handler.Name}' of component {id}");
        }
        else
        {
            (effects, effectsError) = await ApplyEffectsAsync($"'{handler.Name}'");
            // Re-render even after a failure: a handler may have changed state before throwing; the client shows the server's truth.
            result = await RenderAfterAsync($"'{handler.Name}'");
        }
        await FinishEventAsync(work.Ref, result.Ops, outcome.Error ?? effectsError ?? result.Error, result.Components, effects);
    }

    private async Task UpdateComponentAsync(ComponentUpdateWork update)
    {
        if (!await _components.SendUpdateAsync(update.Type, update.Id, update.Parameters))
        {
            _logger.LogWarning("View {View} ({Id}): SendUpdate for component {Component}, which is not mounted", ViewType.Name, Id, update.Id);
            return;
        }
        await SendPushAsync(FlushComponents($"SendUpdate of component {update.Id}"));
    }

    private async Task ProcessPatchAsync(PatchWork work)
    {
        if (Volatile.Read(ref _latestPatchRef) > work.Ref)
        {
            _replies.MarkProcessed(work.Ref); // a newer URL is queued: this one's HandleParamsAsync would be undone at once
            return;
        }
        if (_location is null)
        {
            await FinishEventAsync(work.Ref, [], $"{ViewType.Name} is not a routed view: its URL cannot change.");
            return;
        }
        ClientEffects? effects = null;
        string? error = null;
        try
        {
            effects = await _location.PatchFromClientAsync(View, work.Url, _logger);
        }
        catch (Exception ex)
        {
            error = FailureMessage(ex, $"HandleParamsAsync({work.Url})", "the URL change");
        }
        var result = await RenderAfterAsync("the URL change");
        await FinishEventAsync(work.Ref, result.Ops, error ?? result.Error, result.Components, effects);
    }

    /// <summary>Applies what the work asked for (a patch runs <c>HandleParamsAsync</c> here). Never throws: a failure becomes the error.</summary>
    private async Task<(ClientEffects? Effects, string? Error)> ApplyEffectsAsync(string cause)
    {
        try
        {
            return (await ViewLocation.ToClientAsync(View, _location, View.TakeEffects(), _services.Flash, _logger), null);
        }
        catch (Exception ex)
        {
            return (null, FailureMessage(ex, $"the navigation asked for by {cause}", $"the navigation after {cause}"));
        }
    }

    /// <summary>A <see cref="LiveViewException"/>'s message; any other exception is logged and reported generically (unless <c>DetailedErrors</c>).</summary>
    private string FailureMessage(Exception ex, string what, string generic)
    {
        if (ex is LiveViewException) return ex.Message;
        _logger.LogError(ex, "View {View} ({Id}): {Work} threw", ViewType.Name, Id, what);
        return Dispatcher.ClientMessage(ex, $"The server failed to handle {generic}.");
    }

    private static void InterlockedMax(ref long location, long value)
    {
        long seen;
        while ((seen = Volatile.Read(ref location)) < value && Interlocked.CompareExchange(ref location, value, seen) != seen) { }
    }

    private async Task RunServerWorkAsync(Func<Task> work, TaskCompletionSource? done, string what)
    {
        try
        {
            await work();
            done?.TrySetResult();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "View {View} ({Id}): {Work} threw", ViewType.Name, Id, what);
            done?.TrySetException(ex);
        }
        var (effects, _) = await ApplyEffectsAsync(what);
        await SendPushAsync(await RenderAfterAsync(what), effects);
    }

    /// <summary>What a render produced: the view's ops, its components' patches, and an error for the client.</summary>
    private readonly record struct Rendered(IReadOnlyList<PatchOp> Ops, List<ComponentPatch>? Components, string? Error);

    /// <summary>Renders and diffs the view and its components. A template (or diff) that throws is logged; the tree keeps the last good render.</summary>
    private async Task<Rendered> RenderAfterAsync(string cause)
    {
        _components.BeginViewRender();
        try
        {
            using var rendered = await _services.Renderer.RenderToBufferAsync(View, _renderState, _httpContext);
            var ops = StreamPatches.Append(View, _tree, _tree.Update(rendered.Written, rendered.References, rendered.ReferencePositions), join: false);
            var components = _components.FlushPending();
            ScheduleCompaction();
            await _components.EndViewRenderAsync(succeeded: true);
            return new Rendered(ops, components, null);
        }
        catch (Exception ex)
        {
            await _components.EndViewRenderAsync(succeeded: false);
            _logger.LogError(ex, "View {View} ({Id}): rendering after {Cause} threw; the view keeps its last render", ViewType.Name, Id, cause);
            return new Rendered([], null, Dispatcher.ClientMessage(ex, $"The server failed to render the view after {cause}."));
        }
    }

    /// <summary>The patches of the components rendered since the last flush (after a component's own event or update).</summary>
    private Rendered FlushComponents(string cause)
    {
        try
        {
            var components = _components.FlushPending();
            ScheduleCompaction(); // the components' trees were updated: they compact with the view's
            return new Rendered([], components, null);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "View {View} ({Id}): patching components after {Cause} threw", ViewType.Name, Id, cause);
            return new Rendered([], null, Dispatcher.ClientMessage(ex, $"The server failed to render the view after {cause}."));
        }
    }

    /// <summary>Sends what server-initiated work changed, if anything (patches, events for client hooks, navigation effects).</summary>
    private async Task SendPushAsync(Rendered result, ClientEffects? effects = null)
    {
        await PersistIfChangedAsync();
        var events = _components.TakeEvents();
        if (result.Ops.Count > 0 || result.Components is not null || events is not null || effects is not null)
            await _replies.SendAsync(0, result.Ops, components: result.Components, events: events, effects: effects);
    }

    /// <summary>Answers an event. A changed persisted state is saved first, so a reply the user saw is never lost with the server.</summary>
    private async Task FinishEventAsync(long eventRef, IReadOnlyList<PatchOp> ops, string? error, List<ComponentPatch>? components = null, ClientEffects? effects = null)
    {
        await PersistIfChangedAsync();
        _replies.MarkProcessed(eventRef);
        await _replies.SendAsync(eventRef, ops, error, components: components, events: _components.TakeEvents(), effects: effects);
    }

    // ---- persisted state ----

    /// <summary>Restores what the page's view saved (after its mount). A state that does not decrypt or deserialize is ignored with a warning.</summary>
    private async Task RestoreStateAsync()
    {
        if (!_persistence.IsPersistent) return;
        var json = await _services.States.LoadAsync(ViewType, TokenNonce, UserId);
        if (json is null) return;
        try
        {
            _persistence.Restore(View, json);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "View {View} ({Id}): persisted state ignored: it does not fit the view ({Reason})", ViewType.Name, Id, ex.Message);
            return;
        }
        // Saved again at once: its lifetime slides from this join (and the restored state is what the store holds).
        if (CaptureState() is { } restored && await _services.States.SaveAsync(ViewType, TokenNonce, UserId, restored)) _savedState = restored;
    }

    /// <summary>Saves the view's persisted state when its JSON differs from what was saved last. Runs in the mailbox (or once it stopped). Never throws.</summary>
    private async Task PersistIfChangedAsync()
    {
        if (!_persistence.IsPersistent || _view is null) return;
        if (CaptureState() is not { } json || (_savedState is not null && json.AsSpan().SequenceEqual(_savedState))) return;
        if (await _services.States.SaveAsync(ViewType, TokenNonce, UserId, json)) _savedState = json;
    }

    private byte[]? CaptureState()
    {
        try
        {
            return _persistence.Capture(View);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "View {View} ({Id}): its persisted state could not be serialized; not saved", ViewType.Name, Id);
            return null;
        }
    }

    // ---- detach and re-attach ----

    /// <summary>The connection dropped: nothing is sent from now on (the mailbox keeps running); the state is saved.</summary>
    public async Task DetachAsync()
    {
        await _replies.DetachAsync();
        _mailbox.TryPost(new PersistWork());
    }

    /// <summary>
    /// Re-attaches the view to connection <paramref name="connectionId"/> in its mailbox, after the work queued before: a
    /// routed view whose client shows another URL (<paramref name="url"/>) runs <c>HandleParamsAsync</c>, the view renders,
    /// and from then on replies go to the new connection. Returns the join result with the full render (no mount runs).
    /// Throws <see cref="InvalidOperationException"/> when the view is disposed or its mailbox is full (the caller mounts afresh).
    /// </summary>
    public async Task<JoinResult> ReattachAsync(string connectionId, string? url)
    {
        var work = new ReattachWork(_services.HubContext.Clients.Client(connectionId), url,
            new TaskCompletionSource<JoinResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_mailbox.TryPost(work)) throw new InvalidOperationException("The view is disposed or its mailbox is full.");
        using var stopped = _lifetime.Token.Register(() => work.Done.TrySetException(new InvalidOperationException("The view was disposed.")));
        return await work.Done.Task;
    }

    private async Task ReattachInMailboxAsync(ReattachWork work)
    {
        try
        {
            ClientEffects? effects = null;
            string? error = null;
            if (work.Url is { } url && _location is not null && url != _location.Url)
            {
                try { effects = await _location.PatchFromClientAsync(View, url, _logger); }
                catch (Exception ex) { error = FailureMessage(ex, $"HandleParamsAsync({url})", "the URL change"); }
            }
            var rendered = await RenderAfterAsync("the reconnect"); // what it shows now; the client gets it whole below
            await PersistIfChangedAsync();
            var (version, missedStreams) = await _replies.AttachAsync(work.Client);
            // The full render has no stream rows: those rendered while detached, and now, follow it as ops.
            List<PatchOp> streams = [.. missedStreams, .. rendered.Ops.Where(op => op.Code == PatchOpCode.Stream)];
            work.Done.TrySetResult(new JoinResult(Id, version, _tree.ToContent(), HandlerCatalog.For(ViewType).ClientMeta,
                _services.Options.NodeName, effects, ResumeKey, streams.Count > 0 ? streams : null));
            if ((error ?? rendered.Error) is { } failure) _ = _replies.SendAsync(0, [], failure);
        }
        catch (Exception ex)
        {
            work.Done.TrySetException(ex);
        }
    }


    /// <summary>Completes when everything queued before the call has run (the mailbox keeps taking work meanwhile); at once when it is stopped.</summary>
    public async Task QueuedWorkDoneAsync()
    {
        var barrier = new BarrierWork(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_mailbox.TryPost(barrier)) return; // full or stopped: what is queued still runs when it drains
        try { await barrier.Done.Task.WaitAsync(_lifetime.Token); }
        catch (OperationCanceledException) { } // disposed meanwhile
    }

    /// <summary>Stops accepting work and waits for the work already queued to finish (graceful shutdown).</summary>
    public async Task DrainAsync()
    {
        _mailbox.Complete();
        try { await _mailbox.Completion; }
        catch (Exception ex) { _logger.LogWarning(ex, "View {View} ({Id}) failed while draining", ViewType.Name, Id); }
        await PersistIfChangedAsync(); // the loop has ended: nothing else touches the view
    }

    /// <summary>Stops the mailbox (the event in progress finishes), releases subscriptions and timers, disposes the view and its scope.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _services.Tracker.Remove(this);
        _replies.Close();
        _mailbox.Complete();
        _lifetime.Cancel();
        var stopped = false;
        try { await _mailbox.Completion.WaitAsync(TimeSpan.FromSeconds(10)); stopped = true; }
        catch (Exception ex) { _logger.LogWarning(ex, "View {View} ({Id}) did not stop in time", ViewType.Name, Id); }
        if (stopped) await PersistIfChangedAsync();
        lock (_resources)
        {
            foreach (var resource in _resources) resource.Dispose();
            _resources.Clear();
        }
        try { await _components.DisposeAsync(); }
        catch (Exception ex) { _logger.LogError(ex, "View {View} ({Id}): disposing its components threw", ViewType.Name, Id); }
        if (_view is not null)
        {
            try { await ViewMounter.DisposeAsync(_view); }
            catch (Exception ex) { _logger.LogError(ex, "View {View} ({Id}) threw while disposing", ViewType.Name, Id); }
        }
        await _scope.DisposeAsync();
        _lifetime.Dispose();
    }
}

/// <summary>A view just mounted on a connection.</summary>
/// <param name="Session">The view's session (its mailbox running).</param>
/// <param name="Result">The join reply.</param>
/// <param name="RenderHash">The hash a token issued for this render carries (see <c>ViewTokenService.HashHtml</c>).</param>
internal sealed record MountedView(ViewSession Session, JoinResult Result, string RenderHash);

/// <summary>The singletons a <see cref="ViewSession"/> needs, bundled to keep its constructor readable.</summary>
internal sealed record SessionServices(
    IServiceScopeFactory ScopeFactory,
    TemplateRenderer Renderer,
    IHubContext<Hub.LiveViewHub> HubContext,
    ILivePubSub PubSub,
    ILoggerFactory LoggerFactory,
    LiveViewOptions Options,
    SessionTracker Tracker,
    LiveRouteTable Routes,
    FlashCookie Flash,
    ViewStateStore States)
{
    /// <summary>One AngleSharp parser for every view: it keeps no state between calls, and a private one costs each idle view tens of KB.</summary>
    public AngleSharp.Html.Parser.HtmlParser Parser { get; } = HtmlTreeParser.CreateParser();
}
