using LiveViews.Demo.Data;
using LiveViews.PubSub;

namespace LiveViews.Demo.Live;

/// <summary>
/// A to-do row's title, edited in place: a live component, so opening, typing into and saving one row's editor
/// re-renders that editor alone, not the list.
/// </summary>
public sealed class TodoEditor(ITodoStore store, ILivePubSub pubSub) : LiveComponent
{
    /// <summary>The to-do (from the parent's row).</summary>
    public Todo Todo { get; set; } = new(0, "", false);

    public bool Editing { get; private set; }

    [LiveEvent]
    public void Edit() => Editing = true;

    [LiveEvent]
    public void Cancel() => Editing = false;

    [LiveEvent]
    public async Task Save(string? title)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new LiveViewException("Please enter a title");
        try
        {
            if (!store.Rename(Todo.Id, title)) throw new LiveViewException("That to-do no longer exists");
        }
        catch (ArgumentException e) { throw new LiveViewException(e.Message); }
        Editing = false;
        await pubSub.PublishAsync(TodosView.Topic, "changed"); // every list (this one too) reloads; the row's parameters change
    }
}
