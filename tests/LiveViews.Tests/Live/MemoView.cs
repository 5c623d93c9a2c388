namespace LiveViews.Tests.Live;

/// <summary>One row of <see cref="MemoView"/>: immutable, so it can be its own memo key.</summary>
public sealed record MemoRow(int Id, string Label);

/// <summary>A view whose rows are memoized segments, shown by two call sites (a list and a summary) with different templates.</summary>
public sealed class MemoView : LiveView
{
    public List<MemoRow> Rows { get; } = [new(1, "one"), new(2, "two"), new(3, "three")];

    /// <summary>Read by the summary template but not part of its key: a deliberate memoization mistake for the verification test.</summary>
    public string Suffix { get; set; } = "";

    /// <summary>Row templates run so far (the templates call <see cref="CountRowRender"/>).</summary>
    public int RowRenders { get; private set; }

    /// <summary>Counts a template run; writes nothing.</summary>
    public string CountRowRender()
    {
        RowRenders++;
        return "";
    }

    [LiveEvent] public void Rename(int id, string label) => Rows[Rows.FindIndex(r => r.Id == id)] = new MemoRow(id, label);
    [LiveEvent] public void Add(int id, string label) => Rows.Insert(Rows.Count / 2, new MemoRow(id, label));
    [LiveEvent] public void Remove(int id) => Rows.RemoveAll(r => r.Id == id);
}
