using LiveViews.Diffing;
using LiveViews.Rendering;
using LiveViews.Sessions;

namespace LiveViews.Components;

/// <summary>
/// One mounted component of a view: the instance, its id and placeholder number, its own tree and render state, the
/// parameters and HTML of its last render, and its place among its owner's children.
/// </summary>
internal sealed class ComponentSlot(ComponentHost host, int number, string id, LiveComponent component, ComponentSlot? owner, ViewRenderState renderState) : IComponentContent
{
    public ComponentHost Host { get; } = host;

    /// <summary>The number its placeholder carries in its owner's render (never reused within the view).</summary>
    public int Number { get; } = number;

    public string Id { get; } = id;
    public LiveComponent Component { get; } = component;

    /// <summary>The component whose template renders this one, or null for the view.</summary>
    public ComponentSlot? Owner { get; } = owner;

    /// <summary>Nesting depth (1 = rendered by the view): parents are patched before their children.</summary>
    public int Depth { get; } = owner is null ? 1 : owner.Depth + 1;

    public ViewRenderState RenderState { get; } = renderState;

    /// <summary>Runs the component's events (created at its first event).</summary>
    public EventDispatcher? Dispatcher { get; set; }

    /// <summary>The parameters of its last update.</summary>
    public IReadOnlyDictionary<string, object?> Parameters { get; set; } = new Dictionary<string, object?>();

    /// <summary>Its last good render (root marked, child components as placeholders, reused memoized segments as references), or null before the first.</summary>
    public RenderedHtml? RawHtml { get; set; }

    /// <summary>A render not yet applied to <see cref="Tree"/>.</summary>
    public RenderedHtml? PendingHtml { get; set; }

    /// <summary>Its tree (its root element), parsed in <see cref="Context"/>; null until its placeholder was parsed.</summary>
    public ViewTree? Tree { get; set; }

    /// <summary>The element its root is parsed in (its parent in the page).</summary>
    public FragmentContext? Context { get; set; }

    /// <summary>Its tree was (re)built in the current pass: the owner's patch carries its whole HTML.</summary>
    public bool Fresh { get; set; }

    /// <summary>Showing its last good render after a failure (its root carries <see cref="ComponentMarkup.ErrorClass"/>).</summary>
    public bool Errored { get; set; }

    public bool Disposed { get; set; }

    /// <summary>The components its last render rendered.</summary>
    public List<ComponentSlot> Children { get; set; } = [];

    /// <summary>The components the render in progress has rendered so far.</summary>
    public List<ComponentSlot> NewChildren { get; set; } = [];

    /// <summary>The render pass that last rendered it (an id may be rendered once per pass).</summary>
    public int Pass { get; set; }

    public VElement Root =>
        (Tree ?? throw new InvalidOperationException($"Component \"{Id}\" was never placed in its parent's HTML.")).Children is [VElement root] ? root
            : throw new InvalidOperationException($"Component \"{Id}\" does not have exactly one root element.");
}
