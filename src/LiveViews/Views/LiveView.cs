using LiveViews.PubSub;
using LiveViews.Sessions;

namespace LiveViews;

/// <summary>
/// A live view: state plus <see cref="LiveEventAttribute"/> handlers, rendered by a Razor template
/// (<c>/Live/{TypeName}.cshtml</c> by default, see <see cref="LiveTemplateAttribute"/>) whose model is the view itself.
/// </summary>
/// <remarks>
/// Lifecycle: the first HTTP request mounts and renders the view to plain HTML; the browser then joins over
/// SignalR, the view is mounted again on that connection and lives there until the connection ends.
/// Handlers, <see cref="HandleInfoAsync"/>, timers and <see cref="InvokeAsync"/> callbacks of one view run one
/// at a time, in order, so view state needs no locking. Views are created through dependency injection
/// (constructor injection) and disposed (<see cref="IDisposable"/>/<see cref="IAsyncDisposable"/>) with their connection.
/// </remarks>
public abstract partial class LiveView
{
    private ViewSession? _session;

    /// <summary>Page title used by <c>MapLiveView</c> pages; defaults to the type name.</summary>
    public virtual string PageTitle => GetType().Name;

    /// <summary>True once the view lives on a SignalR connection (false during the first, static render).</summary>
    public bool IsConnected => _session is not null;

    /// <summary>Initializes state. Runs for the static render and again when the browser connects.</summary>
    public virtual Task MountAsync(MountContext context) => Task.CompletedTask;

    /// <summary>Receives messages published to topics this view <see cref="Subscribe">subscribed</see> to; the view re-renders afterwards.</summary>
    public virtual Task HandleInfoAsync(string topic, object message) => Task.CompletedTask;

    /// <summary>Runs before every handler; throw <see cref="LiveViewException"/> to reject the event.</summary>
    public virtual Task BeforeEventAsync(LiveEventContext context) => Task.CompletedTask;

    /// <summary>Subscribes this view to a pub/sub topic until it is disposed. No effect during the static render.</summary>
    protected void Subscribe(string topic) => _session?.Subscribe(topic);

    /// <summary>Publishes <paramref name="message"/> to every view subscribed to <paramref name="topic"/> (this one included).</summary>
    protected Task PublishAsync(string topic, object message) =>
        _session?.PublishAsync(topic, message) ?? Task.CompletedTask;

    /// <summary>
    /// Runs <paramref name="work"/> in the view's event loop (after pending events), then re-renders and pushes
    /// the patches. Use it from background work. Returns when the work has run; no effect before the view is connected.
    /// </summary>
    protected Task InvokeAsync(Func<Task> work) => _session?.InvokeAsync(work) ?? Task.CompletedTask;

    /// <summary>Calls <paramref name="tick"/> in the view's event loop every <paramref name="period"/> and pushes the result; stops when the view is disposed.</summary>
    protected IDisposable StartTimer(TimeSpan period, Func<Task> tick) =>
        _session?.StartTimer(period, tick) ?? NoopDisposable.Instance;

    /// <summary>
    /// Sends <paramref name="name"/> with a JSON-serializable <paramref name="payload"/> to the page's client hooks
    /// (<c>this.handleEvent(name, callback)</c>) with the next reply. Throws <see cref="ArgumentException"/> when the
    /// serialized payload exceeds <c>LiveViewOptions.MaxPushEventBytes</c>. No effect during the static render.
    /// </summary>
    protected void PushEvent(string name, object? payload = null) => _session?.PushEvent(name, payload);

    /// <summary>
    /// Gives live component <paramref name="id"/> of type <typeparamref name="TComponent"/> new <paramref name="parameters"/>
    /// (its <see cref="LiveComponent.UpdateAsync"/> runs) and re-renders it alone, after the work in progress; e.g. from
    /// <see cref="HandleInfoAsync"/> when a pub/sub message concerns one component. Ignored (logged) when no such
    /// component is mounted; no effect during the static render.
    /// </summary>
    protected void SendUpdate<TComponent>(string id, object parameters) where TComponent : LiveComponent =>
        _session?.SendUpdate(typeof(TComponent), id, parameters);

    internal void Attach(ViewSession session) => _session = session;

    /// <summary>The session the view is mounted in, or null during the static render.</summary>
    internal ViewSession? Session => _session;

    private sealed class NoopDisposable : IDisposable
    {
        public static readonly NoopDisposable Instance = new();
        public void Dispose() { }
    }
}
