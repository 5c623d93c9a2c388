namespace LiveViews.Benchmarks.Live;

/// <summary>One row of the pipeline benchmark's list (mutable, as the framework's users write them).</summary>
public sealed class PipelineTodo(int id)
{
    public int Id { get; } = id;
    public string Title { get; } = $"Task number {id} & more";
    public bool Done { get; set; }
}

/// <summary>
/// The todo list of <see cref="PipelineBenchmarks"/>: the same markup as <see cref="TodoScenario"/>, rendered by Razor.
/// This template wraps each row in a plain <c>Html.LiveSegment()</c>, so every row's template runs on every render.
/// </summary>
public class PipelineTodoView : LiveView
{
    public List<PipelineTodo> Items { get; } = [];

    public override Task MountAsync(MountContext context)
    {
        var rows = int.Parse(context.Params["rows"], System.Globalization.CultureInfo.InvariantCulture);
        for (var id = 1; id <= rows; id++) Items.Add(new PipelineTodo(id));
        return Task.CompletedTask;
    }

    [LiveEvent] public void Toggle(int id)
    {
        var item = Items.Find(t => t.Id == id);
        if (item is not null) item.Done = !item.Done;
    }

    [LiveEvent] public void InsertMiddle(int id) => Items.Insert(Items.Count / 2, new PipelineTodo(id));

    [LiveEvent] public void RemoveMiddle() => Items.RemoveAt(Items.Count / 2);

    /// <summary>Every row toggled: a patch touching all rows (the browser bench's toggle-all).</summary>
    [LiveEvent] public void ToggleAll()
    {
        foreach (var item in Items) item.Done = !item.Done;
    }
}

/// <summary>The same view with memoized rows: <c>Html.LiveSegment((t.Id, t.Title, t.Done), template)</c>.</summary>
[LiveTemplate("/Live/MemoPipelineTodoView.cshtml")]
public sealed class MemoPipelineTodoView : PipelineTodoView;

/// <summary>The same view with its memoized rows written by one call: <c>Html.LiveSegments(Model.Items, t =&gt; (t.Id, t.Title, t.Done), row)</c>.</summary>
[LiveTemplate("/Live/ListPipelineTodoView.cshtml")]
public sealed class ListPipelineTodoView : PipelineTodoView;
