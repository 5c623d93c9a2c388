using LiveViews.Components;

namespace LiveViews;

/// <summary>
/// A live component: a reusable stateful piece of a live view's page (a card, a row editor, a modal) with its own
/// state, its own <see cref="LiveEventAttribute"/> handlers and its own Razor template (<c>/Live/{TypeName}.cshtml</c>
/// by default, or <see cref="LiveTemplateAttribute"/>; the model is the component). A view renders it with a stable id:
/// <c>@await Html.LiveComponentAsync&lt;TodoEditor&gt;("editor-" + t.Id, new { Todo = t })</c>.
/// </summary>
/// <remarks>
/// <para>Lifecycle per id: <see cref="MountAsync"/> once, then <see cref="UpdateAsync"/> with the parent's parameters,
/// again whenever the parent renders it with different parameters (compared with <see cref="object.Equals(object)"/>:
/// pass immutable values such as records); disposed (<see cref="IDisposable"/>/<see cref="IAsyncDisposable"/>) when the
/// parent stops rendering it or the view goes away.</para>
/// <para>Render and diff scope: events from inside its markup run its handlers and re-render only its template, so their
/// cost grows with the component, not the page; a parent render that passes equal parameters does not render it.
/// The template must render exactly one root element (the framework marks it with <c>data-lv-c="ID"</c>).</para>
/// <para>Error boundary: a handler that throws (anything but <see cref="LiveViewException"/>, which only rejects the
/// event) or a template that throws leaves the component showing its last good render with the class
/// <c>lv-component-error</c> on its root; the parent and the other components keep working.</para>
/// Components run in their view's mailbox (one event at a time), so their state needs no locking.
/// </remarks>
public abstract class LiveComponent
{
    internal ComponentSlot? Slot { get; set; }

    /// <summary>The id the parent gave the component (unique within the view).</summary>
    public string Id { get; internal set; } = "";

    /// <summary>True while the component lives on a connection (false during the page's static render).</summary>
    public bool IsConnected => Slot is not null;

    /// <summary>Initializes state, once per id (for the static render and again on the connection).</summary>
    public virtual Task MountAsync(ComponentMountContext context) => Task.CompletedTask;

    /// <summary>
    /// Receives the parent's parameters, after <see cref="MountAsync"/> and whenever they change. The default assigns each
    /// parameter to the public settable property of its name (case-insensitive) and throws
    /// <see cref="InvalidOperationException"/> for a name without such a property or a value of the wrong type.
    /// </summary>
    public virtual Task UpdateAsync(IReadOnlyDictionary<string, object?> parameters)
    {
        ComponentParameters.Assign(this, parameters);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends <paramref name="name"/> with a JSON-serializable <paramref name="payload"/> to the page's client hooks
    /// (<c>this.handleEvent(name, callback)</c>) with the next reply. Throws <see cref="ArgumentException"/> when the
    /// serialized payload exceeds <c>LiveViewOptions.MaxPushEventBytes</c>. No effect during the static render.
    /// </summary>
    protected void PushEvent(string name, object? payload = null) => Slot?.Host.PushEvent(name, payload, Id);
}
