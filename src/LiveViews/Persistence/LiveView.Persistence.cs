namespace LiveViews;

public abstract partial class LiveView
{
    /// <summary>
    /// Adds state to persist besides the <see cref="PersistentStateAttribute"/> properties (already in
    /// <paramref name="state"/> under their names). Runs in the view's event loop after each event, when the connection
    /// drops and at graceful shutdown; the state is saved when its JSON differs from what was saved last. Keep it small
    /// (<c>LiveViewOptions.MaxPersistentStateBytes</c>) and cheap: it runs before every reply.
    /// </summary>
    public virtual void SaveState(PersistentViewState state) { }

    /// <summary>
    /// Reads back what <see cref="SaveState"/> stored, after the <see cref="PersistentStateAttribute"/> properties were
    /// assigned: on a join of the same page on any server, after <see cref="MountAsync"/> and before
    /// <see cref="HandleParamsAsync"/> and the first render. An exception thrown here (e.g. a
    /// <see cref="System.Text.Json.JsonException"/> for a value of another shape) is logged and the join goes on.
    /// </summary>
    public virtual void RestoreState(PersistentViewState state) { }
}
