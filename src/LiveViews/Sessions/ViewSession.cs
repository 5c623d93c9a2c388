using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LiveViews.Diffing;
using LiveViews.Handlers;
using LiveViews.Hosting;
using LiveViews.PubSub;
using LiveViews.Rendering;

namespace LiveViews.Sessions;

/// <summary>
/// A view mounted on a connection: its instance, DI scope, last rendered tree and a mailbox that serializes everything
/// that touches its state (events, pub/sub messages, timers, <see cref="LiveView.InvokeAsync"/>).
/// </summary>
/// <remarks>
/// Every reply is sent under one lock that assigns the next version, so the client sees versions 1, 2, 3… in order and
/// can detect a gap. <c>a</c> (the highest processed ref) only advances when an event has run, errored or been coalesced.
/// </remarks>
internal sealed class ViewSession : IAsyncDisposable
{
    // Marks code running inside a work item of this view, so InvokeAsync from a handler runs inline instead of deadlocking.
    // A fresh marker per item, switched off afterwards, so background tasks that captured it fall back to queueing.
    private static readonly AsyncLocal<LoopMarker?> CurrentLoop = new();
    private readonly Channel<WorkItem> _mailbox;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ViewTree _tree;
    private readonly HandlerCatalog _catalog;
    private readonly Dictionary<string, ThrottleGate> _throttles = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _resources = [];
    private readonly CancellationTokenSource _lifetime = new();
    private readonly SessionServices _services;
    private readonly AsyncServiceScope _scope;
    private readonly HttpContext _httpContext;
    private readonly IClientProxy _client;
    private readonly ILogger _logger;
    private Task _loop = Task.CompletedTask;
    private long _version;
    private long _highestRef;
    private int _disposed;

    private ViewSession(string id, Type viewType, string connectionId, ClaimsPrincipal user, SessionServices services)
    {
        Id = id;
        ViewType = viewType;
        _services = services;
        _catalog = HandlerCatalog.For(viewType);
        _scope = services.ScopeFactory.CreateAsyncScope();
        _httpContext = new DefaultHttpContext { RequestServices = _scope.ServiceProvider, User = user };
        _client = services.HubContext.Clients.Client(connectionId);
        _logger = services.LoggerFactory.CreateLogger("LiveViews.ViewSession");
        _tree = new ViewTree(services.Parser, new SegmentPolicy
        {
            ThrowOnUnbalanced = services.Options.VerifyBalancedHtml,
            ViewName = viewType.Name,
            FindMemoKey = html => View!.SegmentMemo.FindKey(html), // View is set below, before any render
            OnFallback = message => _logger.LogWarning("{Message} This render was parsed whole, without segments.", message),
        });
        _mailbox = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(services.Options.MaxPendingEventsPerView)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        View = (LiveView)ActivatorUtilities.CreateInstance(_scope.ServiceProvider, viewType);
        View.Attach(this);
    }

    public string Id { get; }
    public Type ViewType { get; }
    public LiveView View { get; }
    public string? TokenNonce { get; private init; }

    /// <summary>
    /// Mounts a view on a connection and renders it. Returns the session and the join reply
    /// (<c>h</c> is null when the render equals the page's, by hash). Throws what the view's mount or render throws.
    /// </summary>
    public static async Task<(ViewSession Session, JoinResult Result)> MountAsync(
        string id, Type viewType, IReadOnlyDictionary<string, string> parameters, string pageHtmlHash, string nonce,
        string connectionId, ClaimsPrincipal user, SessionServices services)
    {
        var session = new ViewSession(id, viewType, connectionId, user, services) { TokenNonce = nonce };
        try
        {
            await session.View.MountAsync(new MountContext(parameters, true, user, session._scope.ServiceProvider));
            var html = await services.Renderer.RenderAsync(session.View, session._httpContext);
            session._tree.Initialize(html);
            var unchanged = Tokens.ViewTokenService.HashHtml(SegmentMarkers.Strip(html)) == pageHtmlHash;
            session._loop = Task.Run(session.RunAsync);
            services.Tracker.Add(session);
            return (session, new JoinResult(id, 0, unchanged ? null : session._tree.ToContent(), session._catalog.ClientMeta));
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Queues a client event. When the mailbox is full the event is rejected at once with an error reply.</summary>
    public void EnqueueEvent(long eventRef, string handler, JsonElement args)
    {
        if (!_mailbox.Writer.TryWrite(new EventWork(eventRef, handler, args)))
            _ = RejectAsync(eventRef, "Too many pending events; the event was dropped.");
    }

    /// <summary>Queues a full render for the client, as a node list when <paramref name="asNodes"/>.</summary>
    public void EnqueueResync(bool asNodes) => _mailbox.Writer.TryWrite(new ResyncWork(asNodes));

    /// <summary>Sends an error reply for an event that never reached the mailbox (rate limit, overload).</summary>
    public Task RejectAsync(long eventRef, string error) => SendAsync(eventRef, [], error, html: null);

    internal void Subscribe(string topic)
    {
        var subscription = _services.PubSub.Subscribe(topic, (t, message) =>
        {
            if (!_mailbox.Writer.TryWrite(new InfoWork(t, message)))
                _logger.LogWarning("View {View} ({Id}) dropped a message on {Topic}: mailbox full", ViewType.Name, Id, t);
            return Task.CompletedTask;
        });
        lock (_resources) _resources.Add(subscription);
    }

    internal Task PublishAsync(string topic, object message) => _services.PubSub.PublishAsync(topic, message);

    internal Task InvokeAsync(Func<Task> work)
    {
        if (CurrentLoop.Value is { Active: true } marker && marker.Session == this) return work();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _mailbox.Writer.TryWrite(new InvokeWork(work, done))
            ? done.Task
            : Task.FromException(new InvalidOperationException("The view is disposed or its mailbox is full."));
    }

    internal IDisposable StartTimer(TimeSpan period, Func<Task> tick)
    {
        var timer = new Timer(_ => _mailbox.Writer.TryWrite(new InvokeWork(tick, null)), null, period, period);
        lock (_resources) _resources.Add(timer);
        return timer;
    }

    private async Task RunAsync()
    {
        await foreach (var work in _mailbox.Reader.ReadAllAsync())
        {
            if (_lifetime.IsCancellationRequested) break;
            var marker = new LoopMarker(this);
            CurrentLoop.Value = marker;
            try
            {
                await ProcessAsync(work);
            }
            catch (Exception ex)
            {
                // A failure here is ours (render, send), not the handler's: keep the view alive for the next event.
                _logger.LogError(ex, "View {View} ({Id}) failed processing {Work}", ViewType.Name, Id, work.GetType().Name);
            }
            finally
            {
                marker.Active = false;
            }
        }
    }

    private Task ProcessAsync(WorkItem work) => work switch
    {
        EventWork e => ProcessEventAsync(e),
        ThrottleFlushWork f => _throttles.TryGetValue(f.Handler, out var gate) && gate.TakeHeld() is { } held
            ? RunEventAsync(held, gate.Handler, gate)
            : Task.CompletedTask,
        InfoWork info => RunServerWorkAsync(() => View.HandleInfoAsync(info.Topic, info.Message), null),
        InvokeWork invoke => RunServerWorkAsync(invoke.Work, invoke.Done),
        ResyncWork resync => SendAsync(0, [], null, _tree.ToContent(resync.AsNodes)),
        _ => Task.CompletedTask,
    };

    private Task ProcessEventAsync(EventWork work)
    {
        if (!_catalog.TryGet(work.Handler, out var handler))
        {
            _logger.LogWarning("View {View} ({Id}): unknown handler {Handler}", ViewType.Name, Id, work.Handler);
            return FinishEventAsync(work.Ref, [], $"Unknown handler '{work.Handler}'.");
        }
        if (handler.ThrottleMs == 0) return RunEventAsync(work, handler, null);

        if (!_throttles.TryGetValue(handler.Name, out var gate))
            _throttles[handler.Name] = gate = new ThrottleGate(handler);
        var remaining = gate.Remaining(Environment.TickCount64);
        if (remaining == 0 && gate.Held is null) return RunEventAsync(work, handler, gate);

        // Inside the window: coalesce. The superseded event counts as processed; the newest runs when the window closes.
        if (gate.Hold(work) is { } superseded) _highestRef = Math.Max(_highestRef, superseded.Ref);
        if (!gate.FlushScheduled)
        {
            gate.FlushScheduled = true;
            _ = FlushLaterAsync(handler.Name, remaining);
        }
        return Task.CompletedTask;
    }

    private async Task FlushLaterAsync(string handler, long delayMs)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, delayMs)), _lifetime.Token);
            await _mailbox.Writer.WriteAsync(new ThrottleFlushWork(handler), _lifetime.Token);
        }
        catch (OperationCanceledException) { }
        catch (ChannelClosedException) { }
    }

    private async Task RunEventAsync(EventWork work, HandlerDescriptor handler, ThrottleGate? gate)
    {
        gate?.MarkRun(Environment.TickCount64);
        string? error;
        try
        {
            var args = ArgumentBinder.Bind(handler, work.Args, _lifetime.Token);
            await View.BeforeEventAsync(new LiveEventContext(handler.Name, work.Ref));
            await InvokeHandlerAsync(handler, args);
            error = null;
        }
        catch (HandlerBindingException ex)
        {
            _logger.LogWarning("View {View} ({Id}): bad arguments for {Handler}: {Message}", ViewType.Name, Id, handler.Name, ex.Message);
            await FinishEventAsync(work.Ref, [], ex.Message);
            return;
        }
        catch (LiveViewException ex)
        {
            _logger.LogInformation("View {View} ({Id}): handler {Handler} rejected the event: {Message}", ViewType.Name, Id, handler.Name, ex.Message);
            error = ex.Message;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "View {View} ({Id}): handler {Handler} threw", ViewType.Name, Id, handler.Name);
            error = _services.Options.DetailedErrors ? ex.Message : $"The server failed to handle '{handler.Name}'.";
        }
        // Re-render even after a failure: a handler may have changed state before throwing; the client shows the server's truth.
        await FinishEventAsync(work.Ref, await RenderDiffAsync(), error);
    }

    private async Task InvokeHandlerAsync(HandlerDescriptor handler, object?[] args)
    {
        object? result;
        try
        {
            result = handler.Invoker.Invoke(View, new Span<object?>(args));
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
        switch (result)
        {
            case Task task: await task; break;
            case ValueTask valueTask: await valueTask; break;
        }
    }

    private async Task RunServerWorkAsync(Func<Task> work, TaskCompletionSource? done)
    {
        try
        {
            await work();
            done?.TrySetResult();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "View {View} ({Id}): server-initiated work threw", ViewType.Name, Id);
            done?.TrySetException(ex);
        }
        var ops = await RenderDiffAsync();
        if (ops.Count > 0) await SendAsync(0, ops, null, null);
    }

    private async Task<IReadOnlyList<PatchOp>> RenderDiffAsync()
    {
        using var rendered = await _services.Renderer.RenderToBufferAsync(View, _httpContext);
        return _tree.Update(rendered.Written);
    }

    private Task FinishEventAsync(long eventRef, IReadOnlyList<PatchOp> ops, string? error)
    {
        _highestRef = Math.Max(_highestRef, eventRef);
        return SendAsync(eventRef, ops, error, null);
    }

    private async Task SendAsync(long eventRef, IReadOnlyList<PatchOp> ops, string? error, PatchContent? html)
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        await _sendLock.WaitAsync();
        try
        {
            var reply = new Reply(eventRef, Volatile.Read(ref _highestRef), ++_version, ops, error, html);
            await _client.SendAsync("p", Id, reply);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Stops accepting work and waits for the work already queued to finish (graceful shutdown).</summary>
    public async Task DrainAsync()
    {
        _mailbox.Writer.TryComplete();
        try { await _loop; }
        catch (Exception ex) { _logger.LogWarning(ex, "View {View} ({Id}) failed while draining", ViewType.Name, Id); }
    }

    /// <summary>Stops the mailbox (the event in progress finishes), releases subscriptions and timers, disposes the view and its scope.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _services.Tracker.Remove(this);
        _mailbox.Writer.TryComplete();
        _lifetime.Cancel();
        try { await _loop.WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (Exception ex) { _logger.LogWarning(ex, "View {View} ({Id}) did not stop in time", ViewType.Name, Id); }
        lock (_resources)
        {
            foreach (var resource in _resources) resource.Dispose();
            _resources.Clear();
        }
        try
        {
            switch (View)
            {
                case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
                case IDisposable disposable: disposable.Dispose(); break;
            }
        }
        catch (Exception ex) { _logger.LogError(ex, "View {View} ({Id}) threw while disposing", ViewType.Name, Id); }
        await _scope.DisposeAsync();
        _lifetime.Dispose();
    }
}

internal sealed class LoopMarker(ViewSession session)
{
    public ViewSession Session { get; } = session;
    public bool Active { get; set; } = true;
}

/// <summary>The singletons a <see cref="ViewSession"/> needs, bundled to keep its constructor readable.</summary>
internal sealed record SessionServices(
    IServiceScopeFactory ScopeFactory,
    TemplateRenderer Renderer,
    IHubContext<Hub.LiveViewHub> HubContext,
    ILivePubSub PubSub,
    ILoggerFactory LoggerFactory,
    LiveViewOptions Options,
    SessionTracker Tracker)
{
    /// <summary>One AngleSharp parser for every view: it keeps no state between calls, and a private one costs each idle view tens of KB.</summary>
    public AngleSharp.Html.Parser.HtmlParser Parser { get; } = HtmlTreeParser.CreateParser();
}
