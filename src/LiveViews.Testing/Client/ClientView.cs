using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using LiveViews.Testing.Dom;
using LiveViews.Testing.Protocol;

namespace LiveViews.Testing.Client;

/// <summary>What a view sends through (the hub connection; a script in the vector tests).</summary>
internal interface IViewTransport
{
    /// <summary>A fire-and-forget hub call; <paramref name="onLost"/> runs (serialized with the client) if it cannot be sent.</summary>
    void Send(string method, object?[] args, Action onLost);
}

/// <summary>What a view reports to its page (the browser's <c>lv:error</c>, <c>lv:reply</c>, <c>console.warn</c>, hooks).</summary>
internal interface IViewEvents
{
    void Error(ClientView view, string handler, string message, long eventRef);
    void Replied(ClientView view, ClientReply reply);
    void Warn(string message);
    void Pushed(ClientView view, string name, System.Text.Json.JsonElement payload);
}

/// <summary>
/// One live view bound to a <c>[data-lv-root]</c> element, behaving as client/src/view.ts: bindings read from the DOM,
/// optimistic predictions in a pending log keyed by ref, debounce/throttle, an outbox before the join and while the
/// connection is down, refs and versions, one synchronous rebase per reply, verified patches with a resync as a node list
/// when one does not fit, resync on a version gap, live forms (touched fields, a form's <c>lv-change</c> on typing and
/// first blur, <c>lv-disable-with</c>, the reset rule after a submit), the root's state classes. Not thread-safe: its
/// page serializes every call.
/// </summary>
internal sealed class ClientView
{
    private const string Connecting = "lv-connecting", ConnectedClass = "lv-connected", DisconnectedClass = "lv-disconnected", PendingEvents = "lv-pending";
    private static readonly string[] Bindable = ["click", "change", "input", "submit", "keydown", "keyup", "focusin", "focusout"];

    /// <summary>An event on its way: queued, in flight, or held by a rate limit.</summary>
    internal sealed record Outgoing(string Handler, JsonObject Args, string? Component, Entry? Entry, IHtmlFormElement? Form, Action<ClientReply?, string?>? Done)
    {
        public double At { get; init; }
        /// <summary>What had focus when the form was submitted (focus returns there if the in-flight state took it away).</summary>
        public IElement? Focus { get; init; }
        public bool Equals(Outgoing? other) => ReferenceEquals(this, other);
        public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
    }

    private readonly PageDom _dom;
    private readonly IViewTransport _transport;
    private readonly ClientOptions _options;
    private readonly ClientTimers _timers;
    private readonly IViewEvents _events;
    private readonly ErrorFlags _flags;
    private readonly RateLimiter<Outgoing> _limiter;
    private readonly string _initialHtml;
    private readonly List<Outgoing> _outbox = [];
    private ClientTimers.Timeout? _expiry;
    private bool _joined;

    public ClientView(PageDom dom, IElement root, IViewTransport transport, ClientOptions options, ClientTimers timers, IViewEvents events)
    {
        _dom = dom;
        Root = root;
        _transport = transport;
        _options = options;
        _timers = timers;
        _events = events;
        _initialHtml = root.InnerHtml;
        Log = new PendingLog(dom, root);
        _flags = new ErrorFlags(root, timers);
        _limiter = new RateLimiter<Outgoing>(timers, Queue,
            (held, next) => next with { Entry = Log.Coalesce(held.Entry, next.Entry), At = next.At },
            p => { if (p.Entry is { } entry) Log.Rebase(e => ReferenceEquals(e, entry)); });
        // known from the page, so events before the join are predicted, debounced and throttled as after it
        Meta = HandlerMeta.Parse(root.GetAttribute("data-lv-m"));
        root.ClassList.Add(Connecting);
    }

    public IElement Root { get; }
    /// <summary>Server-side view id from the last join ("" before).</summary>
    public string Id { get; private set; } = "";
    /// <summary>Version of the server-confirmed DOM.</summary>
    public long V { get; private set; }
    /// <summary>Last event ref used; refs increase per view, are assigned at send time and never reused.</summary>
    public long Ref { get; private set; }
    public Dictionary<string, HandlerMeta> Meta { get; private set; }
    /// <summary>True while joined; before the first join and while the connection is down, events wait in the outbox.</summary>
    public bool Connected { get; private set; }
    public PendingLog Log { get; }
    /// <summary>Sent events by ref, until their reply.</summary>
    public Dictionary<long, Outgoing> Inflight { get; } = [];
    public int Queued => _outbox.Count;
    public bool Held => _limiter.Busy;
    /// <summary>A resync was asked for and its full render has not arrived.</summary>
    public bool Resyncing { get; private set; }
    public string Token => Root.GetAttribute("data-lv-token") ?? "";
    /// <summary>The resume key of the instance the last join attached (sent with the next join, view.ts <c>join</c>).</summary>
    public string? ResumeKey { get; private set; }

    /// <summary>
    /// Set by the upload client (view.ts <c>hold</c>): for a submitted form whose uploads are still running, takes the
    /// send (already predicted) to run once they end and returns true; false when nothing is running.
    /// </summary>
    public Func<IElement, Action, bool>? Hold { get; set; }

    private void State(string name)
    {
        Root.ClassList.Remove(Connecting, ConnectedClass, DisconnectedClass);
        Root.ClassList.Add(name);
    }

    private void Busy() => Tree.SetClass(Root, PendingEvents, _outbox.Count > 0 || Inflight.Count > 0 || _limiter.Busy);

    private void Lost(Outgoing out_, string message, long eventRef = 0)
    {
        out_.Done?.Invoke(null, message);
        _events.Error(this, out_.Handler, message, eventRef);
    }

    /// <summary>Reverts and flags the entries <paramref name="which"/> selects (error, timeout, disconnect, send failure, outbox bound).</summary>
    private void Fail(Func<Entry, bool> which) => _flags.Flag(Log.Rebase(which, _ => true));

    /// <summary>Asks for a full render; after a failed patch (<paramref name="force"/>) as a node list, since HTML can parse into the same wrong DOM.</summary>
    private void Resync(bool force = false)
    {
        if (Resyncing && !force) return;
        Resyncing = true;
        _transport.Send("resync", [Id, force], () => { }); // if it cannot be sent, the connection is down: the rejoin re-renders
    }

    private void SendEvent(Outgoing out_)
    {
        var entry = out_.Entry;
        var eventRef = ++Ref;
        Inflight[eventRef] = out_;
        if (entry is not null && Log.Entries.Contains(entry))
        {
            entry.Ref = eventRef;
            entry.Timer = _timers.Set(() => Fail(x => ReferenceEquals(x, entry)), _options.ReplyTimeout.TotalMilliseconds);
        }
        void OnLost() => Fail(x => x.Ref == eventRef);
        if (out_.Component is { } cid) _transport.Send("c", [Id, eventRef, cid, out_.Handler, out_.Args], OnLost);
        else _transport.Send("e", [Id, eventRef, out_.Handler, out_.Args], OnLost);
    }

    /// <summary>The id of the live component <paramref name="el"/> is in (its root's <c>data-lv-c</c>), or null for the view.</summary>
    public string? ComponentOf(IElement? el)
    {
        for (var e = el; e is not null; e = e.ParentElement)
        {
            if (ReferenceEquals(e, Root) || e.HasAttribute("data-lv-root")) return null;
            if (e.HasAttribute("data-lv-c")) return e.GetAttribute("data-lv-c");
        }
        return null;
    }

    /// <summary>Drops what exceeds the outbox's bounds (oldest first): reverted, flagged, reported; re-arms the age check.</summary>
    private void Trim()
    {
        ClientTimers.Clear(_expiry);
        var maxAge = _options.OutboxMaxAge.TotalMilliseconds;
        while (_outbox.Count > 0 && (_outbox.Count > _options.OutboxCapacity || _timers.Now - _outbox[0].At >= maxAge))
        {
            var out_ = _outbox[0];
            _outbox.RemoveAt(0);
            if (out_.Entry is { } entry) Fail(x => ReferenceEquals(x, entry));
            Lost(out_, "Not sent: the server could not be reached in time.");
        }
        if (_outbox.Count > 0) _expiry = _timers.Set(Trim, _outbox[0].At + maxAge - _timers.Now);
        Busy();
    }

    private void Queue(Outgoing out_)
    {
        if (Connected) SendEvent(out_);
        else _outbox.Add(out_ with { At = _timers.Now });
        Trim();
    }

    /// <summary>
    /// Applies the join's answer (view.ts <c>join</c> after the invocation): a re-attached instance sends its full render; a
    /// fresh mount that reports the page's HTML as unchanged after earlier patches gets the served HTML back; then the
    /// outbox is sent.
    /// </summary>
    public void Joined(JoinReply r)
    {
        var html = r.Html ?? (_joined && Root.InnerHtml != _initialHtml ? Content.FromHtml(_initialHtml) : null);
        Id = r.Id;
        V = r.Version;
        ResumeKey = r.ResumeKey;
        Meta = r.Meta;
        Connected = _joined = true;
        Resyncing = false;
        if (r.Node is not null) Root.SetAttribute("data-lv-node", r.Node);
        State(ConnectedClass);
        // Queued predictions are undone around the new render and replayed on it; recovered lv-change forms send their
        // values to the new mount, ahead of the outbox.
        if (html is { } render)
            Log.Rebase(_ => false, null, () => FormRecovery.Recover(Root, () => PatchApplier.ReplaceHtml(_dom, Root, render), Handle));
        if (r.Ops is { } ops) PatchApplier.Apply(_dom, Root, ops);
        var queued = _outbox.ToList();
        _outbox.Clear();
        queued.ForEach(SendEvent);
        Trim();
    }

    /// <summary>
    /// The connection is down: events sent but not answered are reverted, flagged and reported (never re-sent: the server
    /// may have run them); queued and held events stay and go out after the next join.
    /// </summary>
    public void Disconnected()
    {
        Connected = false;
        if (_joined) State(DisconnectedClass); // before the first join the root stays lv-connecting
        foreach (var (eventRef, out_) in Inflight.ToList()) Lost(out_, "The connection was lost before the server answered.", eventRef);
        Inflight.Clear();
        Fail(x => x.Ref > 0);
        Busy();
    }

    /// <summary>Applies a reply: one synchronous rebase (undo pending, apply the server's change, drop processed, replay).</summary>
    public void Receive(ClientReply reply)
    {
        var (r, a, e, h, v) = (reply.Ref, reply.Ack, reply.Error, reply.Html, reply.Version);
        var full = h is not null;
        var accept = full || (!Resyncing && v == V + 1);
        if (!accept) Resync();
        else
        {
            V = v;
            Resyncing = false;
        }
        bool Failed(Entry x) => e is not null && x.Ref == r;
        // Refs this reply answers: all up to a, and r.
        bool Answered(Entry x) => x.Ref > 0 && (x.Ref <= a || x.Ref == r);
        // While a resync is pending the server's effects are not shown yet: confirmed predictions stay until it lands.
        if (!accept) foreach (var x in Log.Entries) if (Answered(x)) x.Done = true;
        _flags.Flag(Log.Rebase(
            x => Failed(x) || (accept && (Answered(x) || x.Done)),
            Failed,
            accept ? () =>
            {
                try
                {
                    if (full) PatchApplier.ReplaceHtml(_dom, Root, h!.Value);
                    PatchApplier.Apply(_dom, Root, reply.Ops);
                    foreach (var (id, ops) in reply.Components)
                        if (Tree.ByAttribute(Root, "data-lv-c", id) is { } el) PatchApplier.Apply(_dom, Root, ops, el);
                }
                catch (PatchFailedException x)
                {
                    _events.Warn($"lv: patch failed, resyncing: {x.Message}");
                    Resync(force: true);
                }
            } : null));
        foreach (var (name, payload) in reply.Events) _events.Pushed(this, name, payload);
        Inflight.TryGetValue(r, out var sent);
        if (e is not null)
        {
            _events.Warn($"lv: {sent?.Handler} failed: {e}");
            if (sent is not null) Lost(sent, e, r);
        }
        else sent?.Done?.Invoke(reply, null);
        if (sent?.Form is { } form)
        {
            // A submit the server accepted without errors: the fields take its render (e.g. a cleared input), even if
            // focused. A form rendered with errors keeps what the user typed, and focus goes to its first invalid field.
            var bad = form.QuerySelector("[aria-invalid=true]");
            if (e is null && bad is null) FormControls.Reset(form);
            var f = _dom.Focused;
            if (f is null || (bad is not null && Tree.Within(form, f) && !f.Matches("[aria-invalid=true]"))) _dom.FocusElement(bad ?? sent.Focus);
        }
        foreach (var key in Inflight.Keys.ToList()) if (key <= a || key == r) Inflight.Remove(key);
        Busy();
        _events.Replied(this, reply);
    }

    /// <summary>
    /// The element whose <c>lv-{type}</c> binding an event of <paramref name="type"/> on <paramref name="target"/> reaches in
    /// this view, or for typing (<c>input</c>) the field's form when it has <c>lv-change</c>; else null. Touches nothing.
    /// </summary>
    public IElement? BoundElement(string type, IElement target)
    {
        var el = Tree.ClosestWith(target, BindingOf(type));
        if (el is null && type == "input" && target.Matches(FormControls.ControlSelector) && FormControls.FormOf(target) is { } form && form.HasAttribute("lv-change"))
            el = form;
        return el is not null && ReferenceEquals(el.Closest("[data-lv-root]"), Root) ? el : null;
    }

    public static string BindingOf(string type) => "lv-" + type switch { "focusin" => "focus", "focusout" => "blur", _ => type };

    /// <summary>Handles a DOM event as the root's listener does (view.ts <c>handle</c>).</summary>
    public void Handle(DomEvent ev)
    {
        var type = ev.Type;
        if (!Bindable.Contains(type)) return;
        var target = ev.Target;
        if (type == "focusout") _limiter.Flush(target);
        var attr = BindingOf(type);
        var el = Tree.ClosestWith(target, attr);
        var form = Tree.Within(Root, target) ? TouchedFields.Touch(_dom, type, target) : null;
        // a form's lv-change also answers typing in it and the first blur of a field (so that field's errors show)
        if (el is null && form is not null) (el, attr) = (form, "lv-change");
        if (el is null || !ReferenceEquals(el.Closest("[data-lv-root]"), Root)) return;
        var submit = type == "submit";
        if (submit) _limiter.Cancel(x => Tree.Within(el, x));
        var key = el.GetAttribute("lv-key");
        if (!string.IsNullOrEmpty(key) && ev.Key is not null && key != ev.Key) return;
        var handler = el.GetAttribute(attr)!;
        var aim = el.GetAttribute("lv-target");
        var cid = ComponentOf(string.IsNullOrEmpty(aim) ? el : SafeQuery(aim));
        var scope = cid is null ? null : Tree.ByAttribute(Root, "data-lv-c", cid);
        var meta = (scope is not null ? HandlerMeta.Parse(scope.GetAttribute("data-lv-m")) : Meta).GetValueOrDefault(handler);
        JsonObject args;
        try
        {
            args = EventArguments.Read(_dom, el, ev); // read before the prediction changes the DOM (e.g. disables the submitter)
        }
        catch (UnsendableEventException x)
        {
            Lost(new Outgoing(handler, [], cid, null, null, null), x.Message);
            return;
        }
        var ops = meta.Optimistic ? Predictor.Predict(Root, el, ev, _events.Warn) : Predictor.DisableWith(Root, el, ev);
        var out_ = new Outgoing(handler, args, cid, ops.Count > 0 ? Log.Add(ops) : null, submit ? el as IHtmlFormElement : null, null) { Focus = _dom.Focused };
        void Go() => _limiter.Submit(el, handler, meta, out_);
        if (!(submit && Hold?.Invoke(el, Go) == true)) Go();
        Busy();
    }

    /// <summary>A hook's <c>pushEvent</c> from <paramref name="el"/>: sent through the same pipeline as DOM events; <paramref name="done"/> gets the reply or the error.</summary>
    public void PushEvent(IElement el, string handler, JsonObject payload, Action<ClientReply?, string?> done) =>
        Queue(new Outgoing(handler, payload, ComponentOf(el), null, null, done));

    private IElement? SafeQuery(string selector)
    {
        try { return Root.QuerySelector(selector); }
        catch (DomException) { return null; }
    }
}
