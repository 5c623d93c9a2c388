using System.Text;
using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

/// <summary>Keyed lists: one row changed, inserted, removed or moved gives one small patch, not a cascade.</summary>
public class DiffMinimalityTests
{
    private static string TodoList(IEnumerable<int> ids, int? doneId = null, bool segments = true)
    {
        var sb = new StringBuilder("<h1>Todos</h1>\n<ul id=\"todo-list\">\n");
        foreach (var id in ids)
        {
            if (segments) sb.Append(SegmentMarkers.Start);
            sb.Append($"    <li id=\"todo-{id}\" class=\"{(id == doneId ? "done" : "")}\"><input type=\"checkbox\" lv-change=\"Toggle\" lv-value-id=\"{id}\"{(id == doneId ? " checked" : "")}> <span>Task {id}</span> <button class=\"delete\">×</button></li>\n");
            if (segments) sb.Append(SegmentMarkers.End);
        }
        return sb.Append("</ul>\n<p id=\"count\">n</p>").ToString();
    }

    private static (IReadOnlyList<PatchOp> Ops, ViewTree Tree) Diff(string before, string after)
    {
        var tree = new ViewTree(pool: new SegmentPool()); // its own pool: parse counts are not shared with other tests
        tree.Initialize(before);
        var ops = tree.Update(after);
        Assert.Equal(DomPatchApplier.Canonical(SegmentMarkers.Strip(after)), DomPatchApplier.Apply(SegmentMarkers.Strip(before), PatchOpJson.ToJson(ops)).InnerHtml);
        return (ops, tree);
    }

    private static readonly int[] Thousand = Enumerable.Range(1, 1000).ToArray();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Inserting_a_row_in_the_middle_is_one_insert(bool segments)
    {
        var ids = Thousand.Take(500).Append(5000).Concat(Thousand.Skip(500));
        var (ops, _) = Diff(TodoList(Thousand, segments: segments), TodoList(ids, segments: segments));
        var op = Assert.Single(ops);
        Assert.Equal(PatchOpCode.Insert, op.Code);
        Assert.Contains("todo-5000", op.Value);
    }

    [Fact]
    public void Appending_a_row_is_one_insert()
    {
        var (ops, _) = Diff(TodoList(Thousand), TodoList(Thousand.Append(5000)));
        Assert.Equal(PatchOpCode.Insert, Assert.Single(ops).Code);
    }

    [Fact]
    public void Removing_a_row_touches_only_that_row_and_its_whitespace()
    {
        var (ops, _) = Diff(TodoList(Thousand), TodoList(Thousand.Where(i => i != 500)));
        Assert.InRange(ops.Count, 1, 2);
        Assert.All(ops, op => Assert.Equal(PatchOpCode.Remove, op.Code));
    }

    [Fact]
    public void Moving_a_row_is_one_move()
    {
        var moved = Thousand.Where(i => i != 10).ToList();
        moved.Insert(900, 10);
        var (ops, _) = Diff(TodoList(Thousand), TodoList(moved));
        Assert.InRange(ops.Count(o => o.Code == PatchOpCode.Move), 1, 2);
        Assert.DoesNotContain(ops, o => o.Code is PatchOpCode.Insert or PatchOpCode.Remove or PatchOpCode.Replace);
    }

    [Fact]
    public void Toggling_one_row_touches_only_that_row_and_reparses_one_segment()
    {
        var (ops, tree) = Diff(TodoList(Thousand), TodoList(Thousand, doneId: 700));
        Assert.InRange(ops.Count, 1, 2);
        var rowIndex = ops[0].Path[1];
        Assert.All(ops, op => Assert.Equal(rowIndex, op.Path[1]));
        Assert.All(ops, op => Assert.Equal(PatchOpCode.SetAttribute, op.Code));
        Assert.Equal(1, tree.LastParsedSegmentCount);
        Assert.True(tree.LastSkeletonReused);
    }

    [Fact]
    public void Nested_segment_markers_are_rejected_with_a_clear_error()
    {
        var tree = new ViewTree();
        var error = Assert.Throws<InvalidOperationException>(() =>
            tree.Initialize($"<ul>{SegmentMarkers.Start}<li>{SegmentMarkers.Start}x{SegmentMarkers.End}</li>{SegmentMarkers.End}</ul>"));
        Assert.Contains("nest", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Table_rows_in_segments_keep_their_table_context()
    {
        string Rows(params int[] ids) => "<table><tbody>" + string.Concat(ids.Select(i => $"{SegmentMarkers.Start}<tr id=\"r{i}\"><td>{i}</td></tr>{SegmentMarkers.End}")) + "</tbody></table>";
        var (ops, _) = Diff(Rows(1, 2, 3), Rows(1, 4, 2, 3));
        var op = Assert.Single(ops);
        Assert.Equal(PatchOpCode.Insert, op.Code);
        Assert.StartsWith("<tr id=\"r4\">", op.Value);
    }
}
