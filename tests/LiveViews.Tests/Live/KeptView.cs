using System.Collections.Concurrent;

namespace LiveViews.Tests.Live;

/// <summary>
/// A view whose <see cref="Count"/> and <see cref="Blob"/> are persisted, whose notes go through SaveState/RestoreState, and
/// whose <see cref="Instance"/> tells one mount from another (retention re-attaches the same instance; a remount makes a
/// new one). Subscribed to "kept" (rows of <see cref="Items"/>) and "kept-feed" (rows streamed into <see cref="Feed"/>).
/// </summary>
public sealed class KeptView : LiveView, IDisposable
{
    /// <summary>Instances disposed so far (tests run sequentially in their class; ids are unique).</summary>
    public static ConcurrentDictionary<Guid, bool> Disposed { get; } = new();

    public Guid Instance { get; } = Guid.NewGuid();
    [PersistentState] public int Count { get; private set; }
    [PersistentState] public string Blob { get; set; } = "";
    public List<string> Items { get; } = [];
    public List<string> Notes { get; } = [];
    public LiveStream<string> Feed { get; private set; } = null!;

    public override Task MountAsync(MountContext context)
    {
        Count = 5;
        Subscribe("kept");
        Subscribe("kept-feed");
        Feed = Stream<string>("feed", text => "feed-" + text);
        return Task.CompletedTask;
    }

    public override Task HandleInfoAsync(string topic, object message)
    {
        if (topic == "kept-feed") Feed.Insert((string)message, at: 0);
        else Items.Add((string)message);
        return Task.CompletedTask;
    }

    public override void SaveState(PersistentViewState state)
    {
        state.Set("notes", Notes);
    }

    public override void RestoreState(PersistentViewState state)
    {
        if (state.TryGet<List<string>>("notes", out var notes)) Notes.AddRange(notes);
    }

    [LiveEvent] public void Increment() => Count++;
    [LiveEvent] public void Note(string text) => Notes.Add(text);
    [LiveEvent] public void Grow(int size) => Blob = new string('x', size);
    [LiveEvent] public void Touch() { } // changes nothing persisted
    public void Dispose() => Disposed[Instance] = true;
}
