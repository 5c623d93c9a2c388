using LiveViews.Navigation;
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
    private ViewEffects? _effects;

    /// <summary>Page title used by <c>MapLiveView</c> pages; defaults to the type name.</summary>
    public virtual string PageTitle => GetType().Name;

    /// <summary>True once the view lives on a SignalR connection (false during the first, static render).</summary>
    public bool IsConnected => _session is not null;

    /// <summary>Initializes state. Runs for the static render and again when the browser connects.</summary>
    public virtual Task MountAsync(MountContext context) => Task.CompletedTask;

    /// <summary>
    /// Reads the URL's route values and query string (a routed view, one mapped with <c>MapLiveView</c>): after
    /// <see cref="MountAsync"/> (the static render, every join and every live navigation to this view) and again on
    /// every URL change within the view (<c>lv-patch</c> links, <see cref="PushPatch"/>, back and forward). The view then
    /// re-renders and patches as after an event. Embedded views never get it (their mount parameters are all they have).
    /// A <see cref="LiveViewException"/> (e.g. <see cref="LiveParamException"/>) answers the page request with 400 and a
    /// live URL change with an error; the view keeps its state.
    /// </summary>
    public virtual Task HandleParamsAsync(LiveParams parameters) => Task.CompletedTask;

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

    /// <summary>
    /// After this work, the browser URL becomes <paramref name="url"/> (a new history entry) and
    /// <see cref="HandleParamsAsync"/> runs with it: no remount, no reload. <paramref name="url"/> is local and may be
    /// relative to the current URL (<c>?filter=done</c>) but must route to this view. Throws <see cref="ArgumentException"/>
    /// for a URL of another site. Of several navigation calls in one handler, the last wins.
    /// </summary>
    protected void PushPatch(string url) => Ask(NavigationKind.Patch, url, replace: false);

    /// <summary>As <see cref="PushPatch"/>, replacing the current history entry instead of adding one (e.g. a search box's query).</summary>
    protected void ReplacePatch(string url) => Ask(NavigationKind.Patch, url, replace: true);

    /// <summary>
    /// After this work, the browser navigates to <paramref name="url"/>: a live view of the same live session mounts over
    /// the same connection (the layout stays, no document reload); any other URL is loaded as a page. A flash put by the
    /// same work shows on the target page. Throws <see cref="ArgumentException"/> for a URL of another site.
    /// </summary>
    protected void Navigate(string url, bool replace = false) => Ask(NavigationKind.Navigate, url, replace);

    /// <summary>
    /// After this work, the browser loads <paramref name="url"/> as a page (logins, downloads, non-live pages; an absolute
    /// http(s) URL may leave the site). A flash put by the same work shows on that page (it travels in a short-lived
    /// signed cookie). During the first (static) render it is an HTTP redirect. Throws <see cref="ArgumentException"/> for
    /// other schemes (<c>javascript:</c>).
    /// </summary>
    protected void Redirect(string url) => Ask(NavigationKind.Redirect, url, replace: false);

    /// <summary>
    /// Shows <paramref name="message"/> in the layout's flash (<c>Html.LiveFlash()</c>) once this work is done, or on
    /// the target page when the same work navigates or redirects. The next navigation after it was shown clears it.
    /// <paramref name="kind"/> is <see cref="LiveFlash.Info"/>, <see cref="LiveFlash.Error"/> or an app's own token.
    /// Throws <see cref="ArgumentException"/> for an invalid kind or an empty or too long message.
    /// </summary>
    protected void PutFlash(string kind, string message) => (_effects ??= new()).Flash = LiveFlash.Create(kind, message);

    internal void Attach(ViewSession session) => _session = session;

    /// <summary>The session the view is mounted in, or null during the static render.</summary>
    internal ViewSession? Session => _session;

    /// <summary>Takes what the last piece of work asked for (a flash, a navigation), or null.</summary>
    internal ViewEffects? TakeEffects()
    {
        var effects = _effects;
        _effects = null;
        return effects;
    }

    private void Ask(NavigationKind kind, string url, bool replace)
    {
        // Checked here, so a bad URL fails in the handler that gave it; resolved against the view's URL when applied.
        _ = kind == NavigationKind.Redirect ? LocalUrl.ForRedirect(url) : LocalUrl.Resolve(url);
        (_effects ??= new()).Navigation = new NavigationIntent(kind, url, replace);
    }

    private sealed class NoopDisposable : IDisposable
    {
        public static readonly NoopDisposable Instance = new();
        public void Dispose() { }
    }
}
