namespace LiveViews.Tests.Live;

/// <summary>One row of <see cref="StreamView"/>.</summary>
public record StreamItem(int Id, string Text);

/// <summary>
/// A view with a stream of rows (<c>?limit=N</c>, default 0: none) and handlers for every stream change; <c>?bad=1</c>
/// renders rows without their DOM id (a template mistake the framework must refuse, keeping the view).
/// </summary>
public sealed class StreamView : LiveView
{
    /// <summary>Rows created in this process and not collected yet (the server must keep none once sent).</summary>
    public static int Alive => s_alive;
    private static int s_alive;

    public LiveStream<StreamItem> Rows { get; private set; } = null!;
    public bool Bad { get; set; }
    public int Renders { get; set; }

    public override Task MountAsync(MountContext context)
    {
        var limit = context.Params.TryGetValue("limit", out var l) ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : 0;
        Rows = Stream<StreamItem>("rows", item => "row-" + item.Id, limit).InsertRange([new(1, "one"), new(2, "two")]);
        return Task.CompletedTask;
    }

    [LiveEvent] public void Add(int id, string text, int at) => Rows.Insert(new StreamItem(id, text), at);
    [LiveEvent] public void AddMany(int from, int count)
    {
        for (int i = from; i < from + count; i++) Rows.Insert(Tracked(i), at: 0);
    }
    [LiveEvent] public void Remove(int id) => Rows.DeleteById("row-" + id);
    [LiveEvent] public void ResetTo(int id) => Rows.Reset([new StreamItem(id, "reset")]);
    [LiveEvent] public void Break() { Bad = true; Rows.Insert(new StreamItem(99, "bad")); }
    [LiveEvent] public void Touch() { }

    private static TrackedItem Tracked(int id)
    {
        Interlocked.Increment(ref s_alive);
        return new TrackedItem(id);
    }

    /// <summary>A row that counts itself in <see cref="Alive"/> until collected.</summary>
    private sealed record TrackedItem : StreamItem
    {
        public TrackedItem(int id) : base(id, "streamed row number " + id) { }
        ~TrackedItem() => Interlocked.Decrement(ref s_alive);
    }
}
