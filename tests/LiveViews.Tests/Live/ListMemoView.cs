using Microsoft.AspNetCore.Html;

namespace LiveViews.Tests.Live;

/// <summary>A view whose rows are written by one <c>Html.LiveSegments</c> call; the same rows by a loop of <c>Html.LiveSegment</c> calls.</summary>
public sealed class ListMemoView : LiveView
{
    public List<MemoRow> Rows { get; } = [new(1, "one"), new(2, "two"), new(3, "three")];

    /// <summary>What the last render's <c>Html.LiveSegments</c> returned.</summary>
    public IHtmlContent? LastList { get; set; }

    /// <summary>Row templates run so far (the templates call <see cref="CountRowRender"/>).</summary>
    public int RowRenders { get; private set; }

    /// <summary>Counts a template run; writes nothing.</summary>
    public string CountRowRender()
    {
        RowRenders++;
        return "";
    }

    [LiveEvent] public void Rename(int id, string label) => Rows[Rows.FindIndex(r => r.Id == id)] = new MemoRow(id, label);
}
