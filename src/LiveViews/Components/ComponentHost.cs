using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LiveViews.Diffing;
using LiveViews.Hosting;
using LiveViews.Protocol;
using LiveViews.Rendering;

namespace LiveViews.Components;

/// <summary>
/// The live components of one mounted view: mounts, updates, renders and disposes them as their owners' templates
/// render them, places them in their owners' trees (<see cref="IComponentResolver"/>) and turns their renders into
/// component-scoped patches. Also collects the events pushed to client hooks during a piece of work.
/// Runs inside the view's mailbox: not thread-safe.
/// </summary>
/// <remarks>
/// A pass: the owner's template renders (each <c>Html.LiveComponentAsync</c> mounts or updates its component and
/// renders it if its parameters changed), the owner's tree is updated (new components are initialized in the context
/// their placeholder was parsed in, and the owner's patch inserts their whole HTML), then <see cref="FlushPending"/>
/// diffs the components rendered again in their own trees, parents first. Components the owner no longer renders are
/// disposed.
/// </remarks>
internal sealed partial class ComponentHost(
    TemplateRenderer renderer, HttpContext httpContext, AngleSharp.Html.Parser.HtmlParser parser,
    LiveViewOptions options, ILogger logger, string viewName) : IComponentResolver, IAsyncDisposable
{
    private readonly Dictionary<string, ComponentSlot> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<int, ComponentSlot> _byNumber = [];
    private readonly Stack<ComponentSlot?> _owners = new();
    private readonly List<ComponentSlot> _pending = [];
    private List<ComponentSlot> _viewChildren = [];
    private List<ComponentSlot> _viewNewChildren = [];
    private List<PushedEvent>? _events;
    private int _nextNumber;
    private int _pass;

    /// <summary>Number of mounted components (for tests and diagnostics).</summary>
    public int Count => _byId.Count;

    public bool TryGet(string id, out ComponentSlot slot) => _byId.TryGetValue(id, out slot!);

    /// <summary>Starts a render of the view's template.</summary>
    public void BeginViewRender()
    {
        _pass++;
        _viewNewChildren = [];
        _owners.Push(null);
    }

    /// <summary>
    /// Ends a render of the view's template: when it <paramref name="succeeded"/>, components the view no longer renders
    /// are disposed; when it failed, the components it mounted are (the view keeps its last render).
    /// </summary>
    public async Task EndViewRenderAsync(bool succeeded)
    {
        _owners.Pop();
        var (keep, drop) = succeeded ? (_viewNewChildren, _viewChildren) : (_viewChildren, _viewNewChildren);
        foreach (var slot in drop)
            if (!keep.Contains(slot)) await DisposeAsync(slot);
        _viewChildren = keep;
        if (!succeeded) _pending.RemoveAll(s => s.Disposed);
    }

    /// <summary>
    /// Renders component <paramref name="id"/> of <paramref name="type"/> where the current owner's template calls it:
    /// mounts it the first time, updates and renders it when <paramref name="parameters"/> differ from its last ones,
    /// and returns the placeholder its owner's tree resolves. Throws <see cref="InvalidOperationException"/> when the
    /// id is rendered twice in one pass or the type is not a component.
    /// </summary>
    public async Task<string> RenderAsync(Type type, string id, IReadOnlyDictionary<string, object?> parameters)
    {
        if (_verifying > 0 && _byId.TryGetValue(id, out var verified)) return SegmentMarkers.ComponentPlaceholder(verified.Number);
        var owner = _owners.Count > 0 ? _owners.Peek() : throw new InvalidOperationException("A live component renders inside its view's template.");
        if (_byId.TryGetValue(id, out var slot) && slot.Pass == _pass)
            throw new InvalidOperationException($"{viewName} renders live component id \"{id}\" twice; component ids must be unique within a view.");
        if (slot is not null && (slot.Component.GetType() != type || slot.Owner != owner))
        {
            await DisposeAsync(slot); // the id now names another component (or moved to another owner): a new one
            slot = null;
        }
        if (slot is null)
        {
            slot = await MountAsync(type, id, owner, parameters);
            if (!slot.Errored) await RenderSlotAsync(slot);
        }
        else if (!ComponentParameters.Equal(slot.Parameters, parameters))
        {
            slot.Parameters = parameters;
            if (await TryUpdateAsync(slot, parameters)) await RenderSlotAsync(slot);
        }
        Claim(slot, owner);
        return SegmentMarkers.ComponentPlaceholder(slot.Number);
    }

    /// <summary>
    /// Until disposed, renders of existing components only write their placeholders (no mount, update, render or claim):
    /// for the development check that renders a reused memoized segment again.
    /// </summary>
    public IDisposable Verifying()
    {
        _verifying++;
        return new VerifyScope(this);
    }

    private int _verifying;

    private sealed class VerifyScope(ComponentHost host) : IDisposable
    {
        public void Dispose() => host._verifying--;
    }

    /// <summary>Components rendered into the current owner so far (memoized segments record theirs).</summary>
    public int ChildMark => CurrentChildren.Count;

    /// <summary>The components rendered into the current owner since <paramref name="mark"/>, or null.</summary>
    public ComponentSlot[]? ChildrenSince(int mark) => CurrentChildren.Count > mark ? CurrentChildren.GetRange(mark, CurrentChildren.Count - mark).ToArray() : null;

    /// <summary>True when a memoized segment's components are all still mounted, so its HTML can be reused.</summary>
    public static bool AllMounted(ComponentSlot[]? slots) => slots is null || slots.All(s => !s.Disposed);

    /// <summary>Claims for the current owner the components of a reused memoized segment (their parameters are unchanged).</summary>
    public void Reuse(ComponentSlot[]? slots)
    {
        if (slots is null) return;
        var owner = _owners.Peek();
        foreach (var slot in slots) Claim(slot, owner);
    }

    /// <summary>Re-renders <paramref name="slot"/> alone (after its own event or <c>SendUpdate</c>).</summary>
    public Task RerenderAsync(ComponentSlot slot)
    {
        _pass++;
        return RenderSlotAsync(slot);
    }

    /// <summary>
    /// Applies <paramref name="parameters"/> to component <paramref name="id"/> and re-renders it (<c>SendUpdate</c>).
    /// Returns false when no such component is mounted.
    /// </summary>
    public async Task<bool> SendUpdateAsync(Type type, string id, IReadOnlyDictionary<string, object?> parameters)
    {
        if (!_byId.TryGetValue(id, out var slot) || !type.IsInstanceOfType(slot.Component)) return false;
        if (await TryUpdateAsync(slot, parameters)) await RerenderAsync(slot);
        return true;
    }

    private async Task<bool> TryUpdateAsync(ComponentSlot slot, IReadOnlyDictionary<string, object?> parameters)
    {
        try
        {
            await slot.Component.UpdateAsync(parameters);
            return true;
        }
        catch (Exception ex)
        {
            Fail(slot, ex, "UpdateAsync");
            return false;
        }
    }

    public IComponentContent Place(int number, FragmentContext context)
    {
        if (!_byNumber.TryGetValue(number, out var slot))
            throw new InvalidOperationException($"The render of {viewName} refers to live component #{number}, which is not mounted.");
        if (slot.Tree is null || slot.Context != context)
        {
            slot.Context = context;
            slot.Tree = new ViewTree(parser, new SegmentPolicy
            {
                ThrowOnUnbalanced = options.VerifyBalancedHtml,
                ViewName = $"{viewName}/{slot.Component.GetType().Name} (\"{slot.Id}\")",
                FindMemoKey = slot.RenderState.Memo.FindKey,
                OnFallback = message => logger.LogWarning("{Message} This render was parsed whole, without segments.", message),
            }, context.Namespace, context.Tag) { Components = this };
            var html = slot.PendingHtml ?? slot.RawHtml!;
            slot.Tree.Load(html.Html, html.References);
            CheckSingleRoot(slot);
            slot.PendingHtml = null;
            slot.Fresh = true;
            if (slot.Errored) slot.Tree.Replace([WithErrorClass(slot)]);
        }
        return slot;
    }

    /// <summary>
    /// Diffs the components rendered since the last flush in their own trees (parents first) and returns their patches
    /// (null when none); components whose owner's patch inserts them whole get none.
    /// </summary>
    public List<ComponentPatch>? FlushPending()
    {
        List<ComponentPatch>? patches = null;
        List<ComponentSlot>? fresh = null;
        while (_pending.Count > 0)
        {
            var batch = _pending.OrderBy(s => s.Depth).ToList();
            _pending.Clear();
            foreach (var slot in batch)
            {
                if (slot.Disposed) continue;
                if (slot.Tree is null)
                    throw new InvalidOperationException(
                        $"Component {slot.Component.GetType().Name} (\"{slot.Id}\") of {viewName} was rendered where HTML cannot hold an element (an attribute, <textarea>, <title>, <script>…).");
                if (slot.Fresh) { (fresh ??= []).Add(slot); continue; }
                IReadOnlyList<PatchOp> ops = [];
                if (slot.PendingHtml is { } html)
                {
                    slot.PendingHtml = null;
                    ops = slot.Tree.Update(html.Html, html.References);
                    CheckSingleRoot(slot);
                }
                if (slot.Errored) ops = [.. ops, .. slot.Tree.Replace([WithErrorClass(slot)])];
                if (ops.Count > 0) (patches ??= []).Add(new ComponentPatch(slot.Id, ops));
            }
        }
        if (fresh is not null) foreach (var slot in fresh) slot.Fresh = false;
        return patches;
    }

    /// <summary>
    /// The component failed (a handler or <c>UpdateAsync</c> threw): it keeps its last good render and shows the error
    /// class from the next flush on, until a render succeeds again.
    /// </summary>
    public void Fail(ComponentSlot slot, Exception? ex, string what)
    {
        if (ex is not null)
            logger.LogError(ex, "View {View}: component {Component} ({Id}) failed in {What}; it keeps its last render", viewName, slot.Component.GetType().Name, slot.Id, what);
        slot.Errored = true;
        if (!_pending.Contains(slot)) _pending.Add(slot);
    }

    /// <summary>Queues an event for the page's client hooks; sent with the next reply. Throws <see cref="ArgumentException"/> when too large.</summary>
    public void PushEvent(string name, object? payload, string? componentId)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var json = JsonSerializer.SerializeToUtf8Bytes(payload);
        if (json.Length > options.MaxPushEventBytes)
            throw new ArgumentException($"The payload of pushed event '{name}' is {json.Length} bytes; the limit is {options.MaxPushEventBytes} (LiveViewOptions.MaxPushEventBytes).", nameof(payload));
        (_events ??= []).Add(new PushedEvent(name, JsonDocument.Parse(json).RootElement, componentId));
    }

    /// <summary>The events pushed since the last call, or null.</summary>
    public List<PushedEvent>? TakeEvents()
    {
        var events = _events;
        _events = null;
        return events;
    }

    /// <summary>
    /// <paramref name="html"/> (a render with component placeholders) with each placeholder replaced by its component's
    /// last render, recursively: the HTML a static render of the same state writes.
    /// </summary>
    public string Expand(string html) =>
        !html.Contains("<!--" + SegmentMarkers.ComponentData, StringComparison.Ordinal) ? html
            : PlaceholderPattern().Replace(html, m => _byNumber.TryGetValue(int.Parse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture), out var slot) && slot.RawHtml is { } raw ? Expand(raw.Expanded) : m.Value);

    private List<ComponentSlot> CurrentChildren => _owners.Peek() is { } owner ? owner.NewChildren : _viewNewChildren;

    private void Claim(ComponentSlot slot, ComponentSlot? owner)
    {
        slot.Pass = _pass;
        CurrentChildren.Add(slot);
    }

    private async Task<ComponentSlot> MountAsync(Type type, string id, ComponentSlot? owner, IReadOnlyDictionary<string, object?> parameters)
    {
        if (!typeof(LiveComponent).IsAssignableFrom(type) || type.IsAbstract)
            throw new InvalidOperationException($"'{type}' is not a concrete LiveComponent.");
        _ = Handlers.HandlerCatalog.For(type); // invalid handler declarations fail here, naming the component
        var component = (LiveComponent)ActivatorUtilities.CreateInstance(httpContext.RequestServices, type);
        component.Id = id;
        var slot = new ComponentSlot(this, ++_nextNumber, id, component, owner, renderer.NewState()) { Parameters = parameters };
        slot.RenderState.Components = this;
        slot.RenderState.Pool = SegmentPool.Shared;
        component.Slot = slot;
        _byId[id] = slot;
        _byNumber[slot.Number] = slot;
        try
        {
            await component.MountAsync(new ComponentMountContext(id, true, httpContext.User, httpContext.RequestServices));
            await component.UpdateAsync(parameters);
        }
        catch (Exception ex)
        {
            Fail(slot, ex, "MountAsync/UpdateAsync");
            slot.RawHtml = new RenderedHtml(ComponentMarkup.FailedFirstRender(id), []);
        }
        return slot;
    }

    private async Task RenderSlotAsync(ComponentSlot slot)
    {
        slot.NewChildren = [];
        _owners.Push(slot);
        bool succeeded = false;
        try
        {
            var rendered = await renderer.RenderWithReferencesAsync(slot.Component, slot.RenderState, httpContext);
            slot.RawHtml = slot.PendingHtml = rendered with { Html = ComponentMarkup.MarkRoot(rendered.Html, slot.Id, slot.Component.GetType()) };
            slot.Errored = false;
            succeeded = true;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "View {View}: the template of component {Component} ({Id}) threw; it keeps its last render", viewName, slot.Component.GetType().Name, slot.Id);
            slot.Errored = true;
            slot.RawHtml ??= new RenderedHtml(ComponentMarkup.FailedFirstRender(slot.Id), []);
        }
        finally
        {
            _owners.Pop();
        }
        var (keep, drop) = succeeded ? (slot.NewChildren, slot.Children) : (slot.Children, slot.NewChildren);
        foreach (var child in drop)
            if (!keep.Contains(child)) await DisposeAsync(child);
        slot.Children = keep;
        if (!_pending.Contains(slot)) _pending.Add(slot);
    }

    private static void CheckSingleRoot(ComponentSlot slot)
    {
        var nodes = slot.Tree!.Children;
        if (nodes.Length != 1 || nodes[0] is not VElement)
            throw new InvalidOperationException(
                $"The template of component {slot.Component.GetType().Name} (\"{slot.Id}\") must render exactly one root element; it rendered {nodes.Length} top-level nodes.");
    }

    private static VElement WithErrorClass(ComponentSlot slot)
    {
        var root = (VElement)slot.Tree!.Children[0];
        var attributes = root.Attributes.ToList();
        int i = attributes.FindIndex(a => a.Name == "class");
        if (i < 0) attributes.Add(new HtmlAttribute("class", ComponentMarkup.ErrorClass));
        else if (!attributes[i].Value.Split(' ').Contains(ComponentMarkup.ErrorClass))
            attributes[i] = attributes[i] with { Value = (attributes[i].Value + " " + ComponentMarkup.ErrorClass).Trim() };
        return new VElement(root.Tag, root.Namespace, [.. attributes], root.Children);
    }

    private async Task DisposeAsync(ComponentSlot slot)
    {
        if (slot.Disposed) return;
        slot.Disposed = true;
        foreach (var child in slot.Children) await DisposeAsync(child);
        _byId.Remove(slot.Id);
        _byNumber.Remove(slot.Number);
        try
        {
            switch (slot.Component)
            {
                case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
                case IDisposable disposable: disposable.Dispose(); break;
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "View {View}: component {Component} ({Id}) threw while disposing", viewName, slot.Component.GetType().Name, slot.Id);
        }
        slot.Component.Slot = null;
    }

    /// <summary>Compacts every mounted component's tree (<see cref="ViewTree.Compact"/>), with the view's; in its mailbox.</summary>
    public void Compact()
    {
        foreach (var slot in _byId.Values) slot.Tree?.Compact();
    }

    /// <summary>Disposes every component (the view goes away).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _byId.Values.Where(s => s.Owner is null).ToList()) await DisposeAsync(slot);
    }

    [GeneratedRegex(@"<!--lv:c:(\d+)-->")]
    private static partial Regex PlaceholderPattern();
}
