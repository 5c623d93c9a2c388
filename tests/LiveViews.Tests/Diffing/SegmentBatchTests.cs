using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

/// <summary>
/// Segments no view has parsed yet are parsed together per place (one document for many rows); each row's nodes must be
/// exactly what its own parse, and the page's parse of the whole render, give.
/// </summary>
public class SegmentBatchTests
{
    private const string S = SegmentMarkers.Start, E = SegmentMarkers.End;

    // Rows that are balanced but exercise the parser: implied end tags, formatting elements closed inside, entities,
    // raw text, foreign content, comments, text-only rows, whitespace.
    private static readonly string[] ListRows =
    [
        "<li>plain</li>",
        "<li><p>one<p>two</li>",
        "<li><b>bold</b> and <i>it<b>alic</b></i></li>",
        "<li>a &amp; b &lt; c&nbsp;d</li>",
        "<li><script>if (a < b) x();</script></li>",
        "<li><svg viewBox=\"0 0 1 1\"><circle r=\"1\"/><foreignObject><p>in</p></foreignObject></svg></li>",
        "<li><!-- a comment --></li>",
        "text between",
        "<li><table><tr><td>cell</td></tr></table></li>",
        "<li><select><option>a<option selected>b</select></li>",
        "<li><textarea>\nfirst line</textarea></li>",
        "<li><math><mi>x</mi></math></li>",
        "<li>\r\nline</li>",
        "",
    ];

    private static readonly string[] TableRows =
    [
        "<tr><td>1</td><td>one</td></tr>",
        "<tr><th>h</th><td><b>x</b></td></tr>",
        "<tr><td><table><tr><td>nested</td></tr></table></td></tr>",
        "<!-- row note -->",
    ];

    private static string Render(IEnumerable<string> listRows, IEnumerable<string> tableRows, string suffix) =>
        "<h1>t</h1><ul id=\"list\">" + string.Concat(listRows.Select(r => S + r.Replace("</li>", suffix + "</li>") + E + "\n  "))
        + "</ul><table><tbody>" + string.Concat(tableRows.Select(r => S + r.Replace("</td>", suffix + "</td>") + E + "\n"))
        + "</tbody></table><p>end</p>";

    private static string[] Repeat(string[] rows, int times) => [.. Enumerable.Range(0, times).SelectMany(i => rows.Select(r => r.Replace("<li>", $"<li id=\"r{i}-{r.Length}\">")))];

    private static void AssertTreeIsTheWholeParse(ViewTree tree, string rendered)
    {
        var whole = new HtmlTreeParser().ParseFragment(SegmentMarkers.Strip(rendered), new HtmlTreeParser().RootContext);
        Assert.Equal(HtmlSerializer.SerializeChildren(whole), tree.ToHtml());
        Assert.True(TreeEquality.Equal(whole, tree.Children), "the composed tree differs from the whole parse");
    }

    [Fact]
    public void Rows_no_view_has_parsed_are_parsed_together_and_give_what_the_page_parses()
    {
        var list = Repeat(ListRows, 20);
        var tree = new ViewTree(pool: new SegmentPool());
        var first = Render(list, TableRows, "");
        tree.Initialize(first);
        // Each distinct row once (the repeated text-only rows share one parse).
        Assert.Equal(list.Distinct().Count() + TableRows.Length, tree.LastParsedSegmentCount);
        Assert.Equal(tree.LastParsedSegmentCount, tree.LastBatchedSegmentCount);
        AssertTreeIsTheWholeParse(tree, first);

        // Every row changes (a toggle-all): parsed together again, and the patches turn the old page into the new one.
        var before = tree.ToHtml();
        var second = Render(list, TableRows, " (done)");
        var ops = tree.Update(second);
        Assert.True(tree.LastBatchedSegmentCount > list.Length / 2, $"{tree.LastBatchedSegmentCount} of {tree.LastSegmentCount} batched");
        AssertTreeIsTheWholeParse(tree, second);
        Assert.Equal(DomPatchApplier.Canonical(SegmentMarkers.Strip(second)), DomPatchApplier.Apply(before, PatchOpJson.ToJson(ops)).InnerHtml);
    }

    [Fact]
    public void A_changed_row_alone_is_parsed_alone()
    {
        var list = Repeat(ListRows, 3);
        var tree = new ViewTree(pool: new SegmentPool());
        tree.Initialize(Render(list, TableRows, ""));
        var changed = (string[])list.Clone();
        changed[4] = "<li id=\"only\">changed</li>";
        tree.Update(Render(changed, TableRows, ""));
        Assert.Equal(1, tree.LastParsedSegmentCount);
        Assert.Equal(0, tree.LastBatchedSegmentCount);
    }

    [Fact]
    public void Rows_parsed_together_are_shared_with_a_view_that_parses_them_alone()
    {
        var pool = new SegmentPool();
        var list = Repeat(ListRows, 2);
        var html = Render(list, TableRows, "");
        var batched = new ViewTree(pool: pool);
        batched.Initialize(html);
        var other = new ViewTree(pool: pool);
        other.Initialize(html);
        Assert.Equal(0, other.LastParsedSegmentCount);
        var a = ((VElement)batched.Children[1]).Children;
        var b = ((VElement)other.Children[1]).Children;
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] is VElement) Assert.Same(a[i], b[i]); // text between rows is merged per view
            else Assert.True(TreeEquality.Equal(a[i], b[i]));
        }
    }

    [Fact]
    public void Reused_memoized_rows_after_an_insert_or_a_removal_are_not_read_back()
    {
        // Memoized rows arrive as references; an insert shifts every row after it by one, which must not make the diff
        // (or the batch before it) read every shifted row.
        var pool = new SegmentPool();
        var rows = Enumerable.Range(0, 200).Select(i => pool.Intern($"<li id=\"t{i}\">task {i}</li>")!).ToList();
        static string Refs(int count) => "<ul>" + string.Concat(Enumerable.Range(0, count).Select(i => SegmentMarkers.ReferenceStart + i + "-->\n")) + "</ul>";
        var tree = new ViewTree(pool: pool);
        tree.Load(Refs(rows.Count), rows);

        rows.Insert(100, pool.Intern("<li id=\"new\">inserted</li>")!);
        var ops = tree.Update(Refs(rows.Count), rows);
        Assert.InRange(ops.Count, 1, 2); // the row and the line break after it
        Assert.Equal(0, tree.LastMaterializedSegmentCount);

        rows.RemoveAt(50);
        ops = tree.Update(Refs(rows.Count), rows);
        Assert.InRange(ops.Count, 1, 2);
        Assert.Equal(0, tree.LastMaterializedSegmentCount);

        // Every row changes: the old and the new rows are read back together (but the inserted row, whose parse the
        // view kept from the update that read it).
        var toggled = rows.Select(r => pool.Intern(r.Html.Replace("<li ", "<li class=\"done\" "))!).ToList();
        tree.Update(Refs(toggled.Count), toggled);
        Assert.True(tree.LastMaterializedSegmentCount >= rows.Count - Materialization.KeptLimit, $"{tree.LastMaterializedSegmentCount} rows read back");
    }
}
