namespace LiveViews.Tests.Live;

/// <summary>One to-do row of <see cref="ShapedRowsView"/>.</summary>
public sealed record ShapedRow(int Id, string Title, bool Done);

/// <summary>A list of memoized rows written like the README's to-do list: several values per row, some repeated.</summary>
public sealed class ShapedRowsView : LiveView
{
    public List<ShapedRow> Rows { get; set; } = [];
}
