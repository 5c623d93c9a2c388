using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using LiveViews.Testing.Client;
using LiveViews.Testing.Dom;
using LiveViews.Testing.Protocol;
using LiveViews.Testing.Transport;

namespace LiveViews.Testing;

/// <summary>
/// A page with live views, loaded and joined as a browser tab does (<see cref="LiveViewTest.MountAsync(Microsoft.AspNetCore.TestHost.TestServer, string, LiveViewTestOptions?)"/>):
/// its DOM is built from the real first render and the real patches, and it runs the browser client's behaviour —
/// arguments read from the DOM, <c>[Optimistic]</c> predictions rebased on each reply, <c>optimistic-pending</c> and
/// <c>optimistic-error</c>, debounce and throttle on <see cref="Clock"/>, the outbox and reconnects.
/// </summary>
/// <remarks>
/// Actions (<see cref="ClickAsync"/>, <see cref="SubmitAsync"/>…) do what a person's gesture does — focus moves, a
/// checkbox toggles, a submit button submits its form — and then wait until every event they sent is answered (replies
/// kept by <see cref="Faults"/> do not count). They throw <see cref="LiveViewTestException"/> when the gesture could not
/// happen or would do nothing: a selector that matches no element or several, an element without the binding
/// (<c>lv-click</c>…), a disabled control. Read the DOM after an action, or after <see cref="WaitUntilAsync"/> for
/// server pushes (pub/sub, timers).
/// </remarks>
public sealed class LivePage : IAsyncDisposable, IViewEvents
{
    internal readonly object Sync = new();
    private readonly LiveHost _host;
    private readonly PageDom _dom;
    private readonly ClientTimers _timers;
    private readonly List<ClientView> _views = [];
    private readonly Dictionary<ClientView, UploadClient> _uploads = [];
    private readonly Dictionary<string, ClientView> _byId = new(StringComparer.Ordinal);
    private readonly List<LiveError> _errors = [];
    private readonly List<string> _warnings = [];
    private readonly List<LivePushedEvent> _pushed = [];
    private readonly List<LiveReply> _replies = [];
    private readonly TimeSpan _replyWait;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HubTransport? _transport;
    private HttpClient? _http;
    private int _epoch;
    private bool _joining;
    private bool _offline;
    private bool _disposed;
    private int _reconnectAttempt;
    private ClientTimers.Timeout? _reconnectTimer;

    private LivePage(LiveHost host, string html, Uri location, LiveViewTestOptions options)
    {
        _host = host;
        _dom = new PageDom(html);
        _dom.Dispatch = Dispatch;
        Location = location;
        Clock = options.Clock ?? new VirtualClock();
        _replyWait = options.ReplyWait;
        _timers = new ClientTimers(Clock, Run);
        Faults = new LiveFaults(this);
        var clientOptions = ClientOptions.FromPage(html);
        var link = new ViewLink(this);
        foreach (var root in _dom.Document.QuerySelectorAll("[data-lv-root]"))
            _views.Add(new ClientView(_dom, root, link, clientOptions, _timers, this));
        var uploadLink = new UploadLink(this);
        foreach (var view in _views) _uploads[view] = new UploadClient(view, _timers, uploadLink);
    }

    internal static async Task<LivePage> OpenAsync(LiveHost host, string path, LiveViewTestOptions options)
    {
        using var http = host.CreateHttpClient();
        using var response = await http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new LiveViewTestException($"GET {path} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(html, 300)}");
        var page = new LivePage(host, html, response.RequestMessage?.RequestUri ?? new Uri(host.BaseAddress, path), options);
        if (page._views.Count == 0)
            throw new LiveViewTestException($"GET {path} has no live view (no data-lv-root element): {Shorten(html, 300)}");
        if (options.Connect) await page.ConnectAsync();
        return page;
    }

    /// <summary>The page's clock: <see cref="VirtualClock.Advance"/> (or <see cref="AdvanceAsync"/>) moves debounces, throttles, timeouts.</summary>
    public VirtualClock Clock { get; }

    /// <summary>Fault injection: held, reordered and delayed replies, connection drops.</summary>
    public LiveFaults Faults { get; }

    /// <summary>The whole page (layout included), as the browser holds it now.</summary>
    public IDocument Document => _dom.Document;

    /// <summary>The first (usually the only) live view's root element.</summary>
    public IElement Root => _views[0].Root;

    /// <summary>The inner HTML of the first live view's root, as the page shows it now (predictions included).</summary>
    public string Html
    {
        get { lock (Sync) return Root.InnerHtml; }
    }

    /// <summary>
    /// The page's URL: the one it was loaded from, after HTTP redirects. Live navigation will move it once the protocol
    /// carries it (the seam is <see cref="Navigate"/>).
    /// </summary>
    public Uri Location { get; private set; }

    /// <summary>
    /// Flash messages shown to the user, by kind. The wire protocol (docs/protocol.md v1) carries no flash yet, so this is
    /// empty until it does; the seam is <see cref="SetFlash"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Flash { get; private set; } = new Dictionary<string, string>();

    /// <summary>The focused element (<c>document.activeElement</c>), or null when focus is on the body.</summary>
    public IElement? FocusedElement
    {
        get { lock (Sync) return _dom.Focused; }
    }

    /// <summary>Every file given to <see cref="UploadAsync"/>, in order, as it stands now (acknowledged bytes, outcome).</summary>
    public IReadOnlyList<LiveUploadResult> Uploads
    {
        get
        {
            lock (Sync)
                return [.. _uploads.Values.SelectMany(u => u.Files).Select(f => new LiveUploadResult(f.Ref, f.Name, f.Size, f.Acked, f.Outcome, f.Message))];
        }
    }

    /// <summary>Events the server pushed to client hooks (<c>PushEvent</c>), in arrival order.</summary>
    public IReadOnlyList<LivePushedEvent> PushedEvents
    {
        get { lock (Sync) return [.. _pushed]; }
    }

    /// <summary>Failed and lost events (the browser's <c>lv:error</c>), in order.</summary>
    public IReadOnlyList<LiveError> Errors
    {
        get { lock (Sync) return [.. _errors]; }
    }

    /// <summary>What the browser client would log with <c>console.warn</c>: failed handlers, ignored <c>lv-optimistic</c> directives, patches that did not fit.</summary>
    public IReadOnlyList<string> Warnings
    {
        get { lock (Sync) return [.. _warnings]; }
    }

    /// <summary>Replies the page applied, in order (held ones once released).</summary>
    public IReadOnlyList<LiveReply> Replies
    {
        get { lock (Sync) return [.. _replies]; }
    }

    /// <summary>True while every view is joined on a live connection.</summary>
    public bool IsConnected
    {
        get { lock (Sync) return _views.All(v => v.Connected); }
    }

    /// <summary>True while any event is held by a debounce/throttle, waits in the outbox or awaits its reply (a root has <c>lv-pending</c>).</summary>
    public bool IsPending
    {
        get { lock (Sync) return _views.Any(v => v.Root.ClassList.Contains("lv-pending")); }
    }

    /// <summary>The server ids of the page's joined views, in page order.</summary>
    public IReadOnlyList<string> ViewIds
    {
        get { lock (Sync) return [.. _views.Select(v => v.Id)]; }
    }

    // ---- queries ----

    /// <summary>The one element <paramref name="selector"/> matches in the page. Throws <see cref="LiveViewTestException"/> naming what it found when it matches none or several.</summary>
    public IElement Find(string selector)
    {
        lock (Sync) return FindOne("Find", selector);
    }

    /// <summary>Every element <paramref name="selector"/> matches in the page (possibly none).</summary>
    public IReadOnlyList<IElement> FindAll(string selector)
    {
        lock (Sync) return QueryAll("FindAll", selector);
    }

    /// <summary>The <c>value</c> property of the one control <paramref name="selector"/> matches (what the user sees, not its attribute).</summary>
    public string Value(string selector)
    {
        lock (Sync) return FormControls.ValueOf(FindOne("Value", selector));
    }

    /// <summary>The <c>checked</c> property of the one checkbox or radio <paramref name="selector"/> matches.</summary>
    public bool IsChecked(string selector)
    {
        lock (Sync)
        {
            var el = FindOne("IsChecked", selector);
            return FormControls.IsBox(el) ? FormControls.IsChecked(el) : throw new LiveViewTestException($"IsChecked(\"{selector}\"): {Tree.StartTag(el)} is not a checkbox or radio.");
        }
    }

    // ---- actions ----

    /// <summary>
    /// Clicks the element: focus moves to it (or its focusable ancestor), a checkbox toggles and a radio checks (then
    /// <c>input</c> and <c>change</c> fire), a submit button submits its form. Throws <see cref="LiveViewTestException"/> when
    /// nothing would handle it: no <c>lv-click</c> on it or an ancestor in its view (nor <c>lv-change</c>/<c>lv-input</c> for a
    /// checkbox or radio, nor <c>lv-submit</c> on a submit button's form), or it is disabled.
    /// </summary>
    public Task ClickAsync(string selector) => ActAsync("ClickAsync", selector, (view, el) =>
    {
        var box = el is IHtmlInputElement && FormControls.IsBox(el);
        var form = IsSubmitButton(el) ? FormControls.FormOf(el) : null;
        var bound = view.BoundElement("click", el) is not null
                    || (box && (view.BoundElement("input", el) ?? view.BoundElement("change", el)) is not null)
                    || (form is not null && view.BoundElement("submit", form) is not null);
        if (!bound)
            throw new LiveViewTestException($"ClickAsync(\"{selector}\"): {Tree.StartTag(el)} has no lv-click, nor has an ancestor inside its live view"
                + (box ? ", and no lv-change or lv-input handles its change" : "")
                + (IsSubmitButton(el) ? form is null ? " (a submit button outside any form)" : ", and its form has no lv-submit" : "") + ".");
        MoveFocus(FocusableSelfOrAncestor(el));
        var changed = false;
        if (box)
        {
            var input = (IHtmlInputElement)el;
            if (FormControls.TypeOf(el) == "checkbox") { FormControls.SetChecked(input, !input.IsChecked); changed = true; }
            else if (!input.IsChecked) { FormControls.SetChecked(input, true); changed = true; }
        }
        Dispatch(new DomEvent("click", el));
        if (changed)
        {
            Dispatch(new DomEvent("input", el));
            Dispatch(new DomEvent("change", el));
        }
        if (form is not null) Submit(view, form, el);
    });

    /// <summary>
    /// Types <paramref name="value"/> into a text field or textarea (focus moves to it, its value becomes
    /// <paramref name="value"/>, <c>input</c> fires). Throws <see cref="LiveViewTestException"/> when no <c>lv-input</c> handles it
    /// (use <see cref="ChangeAsync"/> for <c>lv-change</c>), or it is not a text field, or it is disabled or read-only.
    /// </summary>
    public Task InputAsync(string selector, string value) => ActAsync("InputAsync", selector, (view, el) =>
    {
        RequireTextField("InputAsync", selector, el);
        if (view.BoundElement("input", el) is null)
            throw new LiveViewTestException($"InputAsync(\"{selector}\"): {Tree.StartTag(el)} has no lv-input, nor has an ancestor inside its live view"
                + (view.BoundElement("change", el) is not null ? " (it has lv-change: use ChangeAsync)" : "") + ".");
        MoveFocus(el);
        FormControls.SetValue(el, value);
        Dispatch(new DomEvent("input", el));
    });

    /// <summary>
    /// Sets a text field, textarea or select to <paramref name="value"/> as a person committing a value does: focus moves
    /// to it, its value changes, <c>input</c> then <c>change</c> fire (a form's <c>lv-change</c> receives the whole form). For a
    /// select, <paramref name="value"/> is an option's value. Throws <see cref="LiveViewTestException"/> when neither
    /// <c>lv-change</c> nor <c>lv-input</c> handles it, a select has no such option, or the control is disabled.
    /// </summary>
    public Task ChangeAsync(string selector, string value) => ActAsync("ChangeAsync", selector, (view, el) =>
    {
        if (el is IHtmlSelectElement select)
        {
            var options = FormControls.Options(select);
            var option = options.FirstOrDefault(o => FormControls.OptionValue(o) == value)
                ?? throw new LiveViewTestException($"ChangeAsync(\"{selector}\"): {Tree.StartTag(el)} has no option with value \"{value}\" (options: {string.Join(", ", options.Select(o => '"' + FormControls.OptionValue(o) + '"'))}).");
            RequireChangeBinding("ChangeAsync", selector, view, el);
            MoveFocus(el);
            foreach (var o in options) o.IsSelected = ReferenceEquals(o, option) || (select.HasAttribute("multiple") && o.IsSelected);
        }
        else
        {
            RequireTextField("ChangeAsync", selector, el);
            RequireChangeBinding("ChangeAsync", selector, view, el);
            MoveFocus(el);
            FormControls.SetValue(el, value);
        }
        Dispatch(new DomEvent("input", el));
        Dispatch(new DomEvent("change", el));
    });

    /// <summary>Selects exactly <paramref name="values"/> in a (multiple) select, then <c>input</c> and <c>change</c> fire. Throws as <see cref="ChangeAsync"/> does.</summary>
    public Task SelectAsync(string selector, params string[] values) => ActAsync("SelectAsync", selector, (view, el) =>
    {
        if (el is not IHtmlSelectElement select) throw new LiveViewTestException($"SelectAsync(\"{selector}\"): {Tree.StartTag(el)} is not a select.");
        var options = FormControls.Options(select);
        foreach (var value in values)
            if (!options.Any(o => FormControls.OptionValue(o) == value))
                throw new LiveViewTestException($"SelectAsync(\"{selector}\"): {Tree.StartTag(el)} has no option with value \"{value}\" (options: {string.Join(", ", options.Select(o => '"' + FormControls.OptionValue(o) + '"'))}).");
        if (values.Length != 1 && !select.HasAttribute("multiple"))
            throw new LiveViewTestException($"SelectAsync(\"{selector}\"): {Tree.StartTag(el)} is a single select; give exactly one value.");
        RequireChangeBinding("SelectAsync", selector, view, el);
        MoveFocus(el);
        foreach (var o in options) o.IsSelected = values.Contains(FormControls.OptionValue(o));
        Dispatch(new DomEvent("input", el));
        Dispatch(new DomEvent("change", el));
    });

    /// <summary>Checks (or unchecks) a checkbox, or checks a radio, by clicking it when its state differs (see <see cref="ClickAsync"/>).</summary>
    public Task CheckAsync(string selector, bool on = true)
    {
        lock (Sync)
        {
            var el = FindOne("CheckAsync", selector);
            if (!FormControls.IsBox(el)) throw new LiveViewTestException($"CheckAsync(\"{selector}\"): {Tree.StartTag(el)} is not a checkbox or radio.");
            if (!on && FormControls.TypeOf(el) == "radio") throw new LiveViewTestException($"CheckAsync(\"{selector}\", false): a radio is unchecked by checking another of its group.");
            if (FormControls.IsChecked(el) == on) return SettleAsync();
        }
        return ClickAsync(selector);
    }

    /// <summary>
    /// Submits a form (the selector names the form, or a submit button of it, which is then the submitter): the named
    /// <paramref name="fields"/> are filled first (an anonymous object or a dictionary; strings and numbers for text
    /// fields, textareas and selects, an array for a multiple select, true/false or a value for checkboxes and radios) —
    /// set as values, without events — then <c>submit</c> fires with the form's first submit button as the submitter
    /// (what pressing Enter does). Throws <see cref="LiveViewTestException"/> when the form has no <c>lv-submit</c> or no
    /// enabled field of a given name.
    /// </summary>
    public Task SubmitAsync(string selector, object? fields = null) => ActAsync("SubmitAsync", selector, (view, el) =>
    {
        var form = el as IHtmlFormElement ?? FormControls.FormOf(el)
            ?? throw new LiveViewTestException($"SubmitAsync(\"{selector}\"): {Tree.StartTag(el)} is neither a form nor inside one.");
        if (view.BoundElement("submit", form) is null)
            throw new LiveViewTestException($"SubmitAsync(\"{selector}\"): {Tree.StartTag(form)} has no lv-submit, nor has an ancestor inside its live view.");
        foreach (var (name, value) in FieldValues(fields)) Fill(selector, form, name, value);
        var submitter = IsSubmitButton(el) ? el : FormControls.Elements(form).FirstOrDefault(e => IsSubmitButton(e) && !Tree.IsDisabled(e));
        Submit(view, form, submitter);
    }, requireEnabled: false);

    /// <summary>
    /// Presses <paramref name="key"/> (a <c>KeyboardEvent.key</c> value: "Enter", "Escape", "a") on the element: focus moves to it,
    /// <c>keydown</c> fires. A <c>lv-key</c> filter that names another key ignores it, as in the browser. Throws
    /// <see cref="LiveViewTestException"/> when no <c>lv-keydown</c> handles it.
    /// </summary>
    public Task KeyDownAsync(string selector, string key) => KeyAsync("KeyDownAsync", "keydown", selector, key);

    /// <summary>Releases <paramref name="key"/> on the element (<c>keyup</c>); see <see cref="KeyDownAsync"/>.</summary>
    public Task KeyUpAsync(string selector, string key) => KeyAsync("KeyUpAsync", "keyup", selector, key);

    /// <summary>Moves focus to the element (<c>focusout</c> on the focused one, which flushes its debounced events, then <c>focusin</c>: <c>lv-blur</c>, <c>lv-focus</c>).</summary>
    public Task FocusAsync(string selector) => ActAsync("FocusAsync", selector, (_, el) => MoveFocus(el), requireView: false);

    /// <summary>Moves focus off the focused element (<c>focusout</c>: its debounced events are sent, <c>lv-blur</c> fires).</summary>
    public Task BlurAsync()
    {
        lock (Sync) MoveFocus(null);
        Pulse();
        return SettleAsync();
    }

    /// <summary>
    /// What a client hook's <c>this.pushEvent(handler, payload)</c> does from the hook element <paramref name="selector"/>
    /// (one with <c>lv-hook</c>, or inside one): sends the event to the view, or to the live component the element is in,
    /// and waits for its reply. Throws <see cref="LiveViewTestException"/> when the element is not a hook's, or with the
    /// server's message when the event fails.
    /// </summary>
    public async Task PushEventAsync(string selector, string handler, object? payload = null)
    {
        string? error = null;
        var answered = false;
        lock (Sync)
        {
            var el = FindOne("PushEventAsync", selector);
            var view = ViewOf(el) ?? throw new LiveViewTestException($"PushEventAsync(\"{selector}\"): {Tree.StartTag(el)} is outside every live view.");
            var hook = Tree.ClosestWith(el, "lv-hook");
            if (hook is null || !Tree.Within(view.Root, hook))
                throw new LiveViewTestException($"PushEventAsync(\"{selector}\"): {Tree.StartTag(el)} is not a client hook's element (no lv-hook on it or an ancestor).");
            var args = payload is null ? new JsonObject() : JsonSerializer.SerializeToNode(payload) as JsonObject
                ?? throw new ArgumentException("The payload must serialize to a JSON object.", nameof(payload));
            view.PushEvent(hook, handler, args, (_, e) => { answered = true; error = e; });
        }
        Pulse();
        await SettleAsync();
        lock (Sync)
            if (answered && error is not null) throw new LiveViewTestException($"PushEventAsync(\"{selector}\", \"{handler}\") failed: {error}");
    }

    // ---- time and waiting ----

    /// <summary>Moves <see cref="Clock"/> forward by <paramref name="by"/> (debounces send, throttles open, timeouts expire, delayed replies arrive), then waits until the page settles.</summary>
    public Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        Pulse();
        return SettleAsync();
    }

    /// <summary>
    /// Waits until every event sent is answered (replies kept by <see cref="Faults"/> count as answered), every resync has
    /// its render and no join is under way. Throws <see cref="TimeoutException"/> after <see cref="LiveViewTestOptions.ReplyWait"/>
    /// naming what is still outstanding.
    /// </summary>
    public async Task SettleAsync()
    {
        var deadline = DateTime.UtcNow + _replyWait;
        while (true)
        {
            Task changed;
            string? outstanding;
            lock (Sync)
            {
                outstanding = Outstanding();
                if (outstanding is null) return;
                changed = _changed.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await Wait(changed, left))
                throw new TimeoutException($"The page did not settle within {_replyWait.TotalSeconds:0.#} s: {outstanding}. "
                    + "(A [Throttle] window or timer on the server's clock may be waiting for the virtual clock: advance it.)");
        }
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds (checked under the page's lock after every reply, e.g. a pub/sub push
    /// from another tab), then until the page settles. A condition that throws <see cref="LiveViewTestException"/> (e.g.
    /// <c>p.Find("#row-3")</c> before the row is rendered) does not hold yet, as Playwright's locators wait for their element.
    /// Throws <see cref="TimeoutException"/> after <paramref name="timeout"/> (default <see cref="LiveViewTestOptions.ReplyWait"/>),
    /// naming the condition's last exception.
    /// </summary>
    public async Task WaitUntilAsync(Func<LivePage, bool> condition, TimeSpan? timeout = null)
    {
        var wait = timeout ?? _replyWait;
        var deadline = DateTime.UtcNow + wait;
        LiveViewTestException? last = null;
        while (true)
        {
            Task changed;
            lock (Sync)
            {
                try
                {
                    if (condition(this)) break;
                }
                catch (LiveViewTestException x)
                {
                    last = x;
                }
                changed = _changed.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await Wait(changed, left))
                throw new TimeoutException($"The condition did not hold within {wait.TotalSeconds:0.#} s{(last is null ? "" : " (" + last.Message + ")")}. The view shows: {Shorten(Html, 400)}", last);
        }
        await SettleAsync();
    }

    /// <summary>Waits until <paramref name="selector"/> matches at least one element (see <see cref="WaitUntilAsync"/>).</summary>
    public Task WaitForAsync(string selector, TimeSpan? timeout = null) =>
        WaitUntilAsync(p => p.QueryAll("WaitForAsync", selector).Count > 0, timeout);

    // ---- connection ----

    /// <summary>Connects and joins every view of the page (what the client does when its script has loaded), sends their outboxes, and waits until the page settles. Throws <see cref="LiveViewTestException"/> when a join is refused.</summary>
    public async Task ConnectAsync()
    {
        int epoch;
        lock (Sync)
        {
            if (_transport is not null || _joining) return;
            _joining = true;
            epoch = ++_epoch;
        }
        HubTransport transport;
        try
        {
            transport = await HubTransport.ConnectAsync(_host, (id, json) => OnReply(epoch, id, json), error => OnClosed(epoch, error), Pulse);
        }
        catch (Exception ex)
        {
            lock (Sync) _joining = false;
            Pulse();
            throw new LiveViewTestException($"Could not connect to the hub at {_host.HubPath}: {ex.Message}", ex);
        }
        List<string> refused = [];
        try
        {
            lock (Sync)
            {
                if (epoch != _epoch) return;
                _transport = transport;
                _byId.Clear();
                _reconnectAttempt = 0;
            }
            foreach (var view in _views)
            {
                JsonElement result;
                try
                {
                    result = await transport.JoinAsync(view.Token, view.ResumeKey);
                }
                catch (Exception ex)
                {
                    refused.Add($"join of the view at {Tree.StartTag(view.Root)} was refused: {ex.Message}");
                    continue;
                }
                lock (Sync)
                {
                    if (epoch != _epoch) return;
                    var joined = JoinReply.Read(result);
                    view.Joined(joined);
                    _uploads[view].Joined();
                    _byId[joined.Id] = view;
                }
                Pulse();
            }
        }
        finally
        {
            lock (Sync) _joining = false;
            Pulse();
        }
        if (refused.Count > 0) throw new LiveViewTestException(string.Join("; ", refused));
        await SettleAsync();
    }

    internal async Task DropConnectionAsync()
    {
        HubTransport? transport;
        lock (Sync)
        {
            _offline = true;
            ClientTimers.Clear(_reconnectTimer);
            transport = _transport;
            _transport = null;
            _epoch++;
            MarkDown();
        }
        Pulse();
        if (transport is not null) await transport.DisposeAsync();
    }

    internal async Task ReconnectAsync()
    {
        lock (Sync)
        {
            _offline = false;
            ClientTimers.Clear(_reconnectTimer);
        }
        await ConnectAsync();
    }

    private void MarkDown()
    {
        Faults.ConnectionLost();
        foreach (var view in _views)
        {
            view.Disconnected();
            _uploads[view].Disconnected();
        }
        _byId.Clear();
    }

    private void OnClosed(int epoch, Exception? error)
    {
        lock (Sync)
        {
            if (epoch != _epoch || _disposed) return;
            var transport = _transport;
            _transport = null;
            _epoch++;
            _warnings.Add($"lv: the connection closed{(error is null ? "" : ": " + error.Message)}; reconnecting");
            MarkDown();
            if (transport is not null) _ = transport.DisposeAsync().AsTask();
            if (!_offline) ScheduleReconnect(0);
        }
        Pulse();
    }

    /// <summary>The client's reconnect loop: at once, then after 250 ms doubling up to 5 s (client/src/connection.ts, without its jitter), on the page's clock.</summary>
    private void ScheduleReconnect(double delayMs)
    {
        _reconnectTimer = _timers.Set(() => _ = Task.Run(async () =>
        {
            try
            {
                await ConnectAsync();
            }
            catch (LiveViewTestException ex)
            {
                lock (Sync)
                {
                    _warnings.Add("lv: reconnect failed: " + ex.Message);
                    if (!_offline && !_disposed && _transport is null) ScheduleReconnect(Math.Min(5000, 250 * Math.Pow(2, _reconnectAttempt++)));
                }
            }
        }), delayMs);
    }

    // ---- replies ----

    private void OnReply(int epoch, string viewId, JsonElement json)
    {
        lock (Sync)
        {
            if (epoch != _epoch) return;
            ClientReply reply;
            try
            {
                reply = ClientReply.Read(json);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                _warnings.Add($"lv: malformed reply for view {viewId}: {ex.Message}");
                return;
            }
            if (!Faults.Intercept(viewId, reply, _timers)) Deliver(viewId, reply);
        }
        Pulse();
    }

    /// <summary>Applies a reply to its view (under the page's lock).</summary>
    internal void Deliver(string viewId, ClientReply reply)
    {
        if (_byId.TryGetValue(viewId, out var view)) view.Receive(reply);
    }

    /// <summary>Wakes every wait (state changed).</summary>
    internal void Pulse()
    {
        TaskCompletionSource previous;
        lock (Sync)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }

    private string? Outstanding()
    {
        if (_joining) return "the views are joining";
        if (_transport is { PendingSends: > 0 } t) return $"{t.PendingSends} message(s) are being sent";
        foreach (var view in _views)
        {
            if (!view.Connected) continue;
            foreach (var (eventRef, sent) in view.Inflight)
                if (!Faults.Answers(view.Id, eventRef)) return $"event {eventRef} ({sent.Handler}{(sent.Component is null ? "" : " of component " + sent.Component)}) of view {view.Id} is unanswered";
            if (view.Resyncing && !Faults.HasFullRender(view.Id)) return $"view {view.Id} waits for the full render it asked for (resync)";
        }
        if (!Faults.UploadsHeld)
            foreach (var (view, uploads) in _uploads)
                foreach (var file in uploads.Files)
                {
                    if (file.Over || (file.Token is null && !uploads.Ready && _transport is null)) continue; // done, or waits for a join that is not coming
                    if (file.BackoffMs > 0)
                        return $"the upload of {file.Name} waits {file.BackoffMs} ms before it retries (on the page's clock: advance it)";
                    return file.Token is null ? $"the upload of {file.Name} waits for its preflight" : $"the upload of {file.Name} is running ({file.Acked} of {file.Size} bytes acknowledged)";
                }
        return null;
    }

    private static async Task<bool> Wait(Task changed, TimeSpan left)
    {
        try
        {
            await changed.WaitAsync(left);
            return true;
        }
        catch (TimeoutException) { return false; }
    }

    // ---- IViewEvents ----

    void IViewEvents.Error(ClientView view, string handler, string message, long eventRef) => _errors.Add(new LiveError(view.Id, handler, message, eventRef));

    void IViewEvents.Replied(ClientView view, ClientReply reply)
    {
        _replies.Add(new LiveReply(view.Id, reply.Ref, reply.Ack, reply.Version, reply.Error, reply.Raw));
        _uploads[view].Repaint(); // a patch may carry an older progress value: the acknowledged bytes win
    }

    void IViewEvents.Warn(string message) => _warnings.Add(message);

    void IViewEvents.Pushed(ClientView view, string name, JsonElement payload) => _pushed.Add(new LivePushedEvent(view.Id, name, payload));

    // ---- seams for live navigation and flash (not in protocol v1) ----

    /// <summary>Where live navigation (patch/navigate/redirect) moves <see cref="Location"/> once the protocol carries it.</summary>
    internal void Navigate(Uri location) => Location = new Uri(_host.BaseAddress, location);

    /// <summary>Where flash messages land once the protocol carries them.</summary>
    internal void SetFlash(IReadOnlyDictionary<string, string> flash) => Flash = flash;

    /// <summary>
    /// Gives files to the page as a person choosing them in an <c>&lt;input type=file lv-upload="NAME"&gt;</c> does (focus
    /// moves to it, <c>input</c> and <c>change</c> fire: its form's <c>lv-change</c> runs), or dropping them on an
    /// <c>lv-upload-drop="NAME"</c> zone, then runs the real upload protocol (docs/protocol.md, "Uploads"): the <c>u</c>
    /// preflight over the hub, the chunks over HTTP to the app's chunk endpoint, progress in
    /// <c>progress[lv-upload-progress=REF]</c>. Waits until every file was uploaded, refused or stopped and the page settled
    /// (held uploads, <see cref="LiveFaults.HoldUploads"/>, and files waiting for a join while offline do not count), and
    /// returns each file's outcome. The view shows a completed file in a server push that may still be on its way: read it
    /// with <see cref="WaitUntilAsync"/>, or submit the form (its reply comes after it). Throws
    /// <see cref="LiveViewTestException"/> when the element is neither such an input nor inside such a zone, the input is
    /// disabled, or several files go to an input without <c>multiple</c>.
    /// </summary>
    /// <param name="selector">The file input, or an element inside a drop zone.</param>
    /// <param name="files">Each file's name, media type (what the browser reports, e.g. <c>image/png</c>) and bytes.</param>
    public async Task<IReadOnlyList<LiveUploadResult>> UploadAsync(string selector, params (string Name, string ContentType, byte[] Content)[] files)
    {
        ArgumentNullException.ThrowIfNull(files);
        IReadOnlyList<UploadFile> taken;
        lock (Sync)
        {
            var el = FindOne("UploadAsync", selector);
            var view = ViewOf(el) ?? throw new LiveViewTestException($"UploadAsync(\"{selector}\"): {Tree.StartTag(el)} is outside every live view (data-lv-root).");
            var input = el is IHtmlInputElement && FormControls.TypeOf(el) == "file" && el.HasAttribute("lv-upload") ? el : null;
            var zone = input is null ? Tree.ClosestWith(el, "lv-upload-drop") : null;
            if (input is null && zone is null)
                throw new LiveViewTestException($"UploadAsync(\"{selector}\"): {Tree.StartTag(el)} is not an <input type=file lv-upload> nor inside an lv-upload-drop zone"
                    + (el is IHtmlInputElement && FormControls.TypeOf(el) == "file" ? " (a file input without lv-upload: its form's events are refused)" : "") + ".");
            if (input is not null && Tree.IsDisabled(input)) throw new LiveViewTestException($"UploadAsync(\"{selector}\"): {Tree.StartTag(input)} is disabled, so a person cannot use it.");
            if (input is not null && files.Length > 1 && !input.HasAttribute("multiple"))
                throw new LiveViewTestException($"UploadAsync(\"{selector}\"): {Tree.StartTag(input)} has no multiple attribute: a person can choose one file, not {files.Length}.");
            if (input is not null)
            {
                MoveFocus(input);
                Dispatch(new DomEvent("input", input));
                Dispatch(new DomEvent("change", input)); // the core client's listener first, then the upload client's
            }
            taken = _uploads[view].Add((input ?? zone)!.GetAttribute(input is null ? "lv-upload-drop" : "lv-upload")!, files);
        }
        Pulse();
        await SettleAsync();
        lock (Sync) return [.. taken.Select(f => new LiveUploadResult(f.Ref, f.Name, f.Size, f.Acked, f.Outcome, f.Message))];
    }

    // ---- helpers ----

    private void Run(Action action)
    {
        lock (Sync)
        {
            if (_disposed) return;
            action();
        }
        Pulse();
    }

    private async Task ActAsync(string action, string selector, Action<ClientView, IElement> act, bool requireEnabled = true, bool requireView = true)
    {
        lock (Sync)
        {
            var el = FindOne(action, selector);
            var view = ViewOf(el);
            if (view is null && requireView) throw new LiveViewTestException($"{action}(\"{selector}\"): {Tree.StartTag(el)} is outside every live view (data-lv-root).");
            if (requireEnabled && Tree.IsDisabled(el)) throw new LiveViewTestException($"{action}(\"{selector}\"): {Tree.StartTag(el)} is disabled, so a person cannot use it"
                + (el.ClassList.Contains(PendingLog.PendingClass) ? " (an [Optimistic] event in flight disables its button until the reply)" : "") + ".");
            act(view!, el);
        }
        Pulse();
        await SettleAsync();
    }

    private Task KeyAsync(string action, string type, string selector, string key) => ActAsync(action, selector, (view, el) =>
    {
        if (view.BoundElement(type, el) is null)
            throw new LiveViewTestException($"{action}(\"{selector}\"): {Tree.StartTag(el)} has no {ClientView.BindingOf(type)}, nor has an ancestor inside its live view.");
        MoveFocus(FocusableSelfOrAncestor(el) ?? _dom.Focused);
        Dispatch(new DomEvent(type, el, Key: key));
    });

    private void Submit(ClientView view, IHtmlFormElement form, IElement? submitter)
    {
        if (view.BoundElement("submit", form) is null)
        {
            _warnings.Add($"{Tree.StartTag(form)} has no lv-submit: a browser would submit it natively and leave the page.");
            return;
        }
        Dispatch(new DomEvent("submit", form, Submitter: submitter));
    }

    private void Dispatch(DomEvent ev) => ViewOf(ev.Target)?.Handle(ev);

    private ClientView? ViewOf(IElement el) => _views.FirstOrDefault(v => Tree.Within(v.Root, el));

    /// <summary>Moves focus as the browser does: <c>focusout</c> on the focused element (which flushes its debounces and touches its form field), then <c>focusin</c> on the new one.</summary>
    private void MoveFocus(IElement? next) => _dom.Focus(next);

    private static IElement? FocusableSelfOrAncestor(IElement el)
    {
        for (var e = el; e is not null; e = e.ParentElement)
        {
            if (e is IHtmlButtonElement or IHtmlInputElement or IHtmlSelectElement or IHtmlTextAreaElement
                || (e is IHtmlAnchorElement && e.HasAttribute("href")) || e.HasAttribute("tabindex"))
                return Tree.IsDisabled(e) ? null : e;
        }
        return null;
    }

    private static bool IsSubmitButton(IElement el) =>
        (el is IHtmlButtonElement && FormControls.TypeOf(el) == "submit") || (el is IHtmlInputElement && FormControls.TypeOf(el) is "submit" or "image");

    private static void RequireTextField(string action, string selector, IElement el)
    {
        var textual = el is IHtmlTextAreaElement || (el is IHtmlInputElement && !FormControls.NotText().IsMatch(FormControls.TypeOf(el)));
        if (!textual)
            throw new LiveViewTestException($"{action}(\"{selector}\"): {Tree.StartTag(el)} is not a text field or textarea"
                + (FormControls.IsBox(el) ? " (use ClickAsync or CheckAsync for a checkbox or radio)" : "") + ".");
        if (el.HasAttribute("readonly")) throw new LiveViewTestException($"{action}(\"{selector}\"): {Tree.StartTag(el)} is read-only.");
    }

    private static void RequireChangeBinding(string action, string selector, ClientView view, IElement el)
    {
        if (view.BoundElement("change", el) is null && view.BoundElement("input", el) is null)
            throw new LiveViewTestException($"{action}(\"{selector}\"): {Tree.StartTag(el)} has no lv-change or lv-input, nor has an ancestor (its form) inside its live view.");
    }

    private void Fill(string selector, IHtmlFormElement form, string name, object? value)
    {
        var fields = FormControls.Elements(form).Where(e => e.GetAttribute("name") == name && !Tree.IsDisabled(e) && FormControls.HasValue(e) && !IsSubmitButton(e)).ToList();
        if (fields.Count == 0)
            throw new LiveViewTestException($"SubmitAsync(\"{selector}\"): {Tree.StartTag(form)} has no enabled field named \"{name}\" (fields: "
                + string.Join(", ", FormControls.Elements(form).Select(e => e.GetAttribute("name")).Where(n => !string.IsNullOrEmpty(n)).Distinct().Select(n => '"' + n + '"')) + ").");
        foreach (var field in fields)
        {
            switch (field)
            {
                case IHtmlInputElement box when FormControls.IsBox(box):
                    var on = value switch
                    {
                        bool b => b,
                        _ => Convert.ToString(value, CultureInfo.InvariantCulture) == FormControls.ValueOf(box),
                    };
                    if (on || FormControls.TypeOf(box) == "checkbox") box.IsChecked = on;
                    break;
                case IHtmlSelectElement select:
                    var wanted = value is IEnumerable<object?> many && value is not string ? many.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)).ToArray()
                        : [Convert.ToString(value, CultureInfo.InvariantCulture)];
                    var options = FormControls.Options(select);
                    foreach (var w in wanted)
                        if (!options.Any(o => FormControls.OptionValue(o) == w))
                            throw new LiveViewTestException($"SubmitAsync(\"{selector}\"): select \"{name}\" has no option with value \"{w}\".");
                    foreach (var o in options) o.IsSelected = wanted.Contains(FormControls.OptionValue(o));
                    break;
                default:
                    FormControls.SetValue(field, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                    break;
            }
        }
    }

    private static IEnumerable<(string Name, object? Value)> FieldValues(object? fields) => fields switch
    {
        null => [],
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs.Select(p => (p.Key, p.Value)),
        IEnumerable<KeyValuePair<string, string>> pairs => pairs.Select(p => (p.Key, (object?)p.Value)),
        _ => fields.GetType().GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0).Select(p => (p.Name, p.GetValue(fields))),
    };

    private IElement FindOne(string action, string selector)
    {
        var all = QueryAll(action, selector);
        if (all.Count == 1) return all[0];
        if (all.Count == 0)
        {
            var ids = _dom.Document.QuerySelectorAll("[data-lv-root] [id]").Select(e => "#" + e.Id).Take(20).ToList();
            throw new LiveViewTestException($"{action}(\"{selector}\"): no element matches in the page."
                + (ids.Count > 0 ? $" Ids in its live views: {string.Join(' ', ids)}." : ""));
        }
        throw new LiveViewTestException($"{action}(\"{selector}\"): {all.Count} elements match, expected one: "
            + string.Join(", ", all.Take(5).Select(Tree.StartTag)) + (all.Count > 5 ? ", …" : "") + ".");
    }

    private List<IElement> QueryAll(string action, string selector)
    {
        try
        {
            return [.. _dom.Document.QuerySelectorAll(selector)];
        }
        catch (DomException ex)
        {
            throw new LiveViewTestException($"{action}(\"{selector}\"): not a valid CSS selector ({ex.Message}).", ex);
        }
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    /// <summary>Closes the connection (the server disposes the page's views).</summary>
    public async ValueTask DisposeAsync()
    {
        HubTransport? transport;
        lock (Sync)
        {
            if (_disposed) return;
            _disposed = true;
            ClientTimers.Clear(_reconnectTimer);
            transport = _transport;
            _transport = null;
            _epoch++;
            foreach (var uploads in _uploads.Values) uploads.Dispose();
        }
        if (transport is not null) await transport.DisposeAsync();
        _http?.Dispose();
        Pulse();
    }

    /// <summary>The upload clients' way out: the hub connection for the preflight, HTTP for the chunks, the fault gate.</summary>
    private sealed class UploadLink(LivePage page) : IUploadHost
    {
        public Task<JsonElement> InvokeAsync(string method, object?[] args) =>
            page._transport is { } transport ? transport.InvokeAsync(method, args) : Task.FromException<JsonElement>(new InvalidOperationException("Not connected."));

        public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellation)
        {
            HttpClient http;
            lock (page.Sync) http = page._http ??= page._host.CreateHttpClient();
            return http.SendAsync(request, cancellation);
        }

        public Task ChunkGate => page.Faults.UploadGate;

        public void Run(Action action) => page.Run(action);

        public void Warn(string message) => page._warnings.Add(message);
    }

    /// <summary>The views' transport: sends through the current connection, or reports the send as lost when there is none.</summary>
    private sealed class ViewLink(LivePage page) : IViewTransport
    {
        public void Send(string method, object?[] args, Action onLost)
        {
            var transport = page._transport;
            if (transport is null)
            {
                onLost();
                return;
            }
            var epoch = page._epoch;
            transport.Send(method, args, _ => page.Run(() =>
            {
                if (epoch == page._epoch) onLost();
            }));
        }
    }
}
