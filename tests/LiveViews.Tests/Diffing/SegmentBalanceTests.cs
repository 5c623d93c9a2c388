using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

/// <summary>
/// A segment must end where it started (issue 15): one that swallows its end marker, leaves an element open or escapes
/// its parent is reported (development) or makes the render parse whole (production), never leaking a marker.
/// </summary>
public class SegmentBalanceTests
{
    private const string S = SegmentMarkers.Start, E = SegmentMarkers.End;

    private static string Page(string row) => "<h1>t</h1><div id=\"box\"><ul>" + S + "<li>a</li>" + E + S + row + E + S + "<li>c</li>" + E + "</ul></div><p>end</p>";

    public static IEnumerable<object[]> Unbalanced() =>
    [
        ["<li><script>var x = 1;</li>", "unclosed <script>"],
        ["<li><!-- note</li>", "unclosed comment"],
        ["<li title=\"x>b</li>", "unterminated attribute"],
        ["<li><textarea>draft</li>", "unclosed <textarea>"],
        ["<li><title>t</li>", "unclosed <title>"],
        ["<li><style>p{}</li>", "unclosed <style>"],
        ["<li>b</li></ul></div><ul><li>x</li>", "landed in"],
        ["<li>b</li></ul>", "landed in <div>"],
        ["<li><div>b</li><div>", "landed in <div>"],
        ["<li><b>bold</li>", "leaves <b> open"],
    ];

    [Theory]
    [MemberData(nameof(Unbalanced))]
    public void An_unbalanced_segment_is_reported_naming_the_view_and_the_segment(string row, string reason)
    {
        var tree = new ViewTree(policy: new SegmentPolicy { ThrowOnUnbalanced = true, ViewName = "TodosView" });
        tree.Initialize(Page("<li>b</li>"));
        var error = Assert.Throws<UnbalancedHtmlException>(() => tree.Update(Page(row)));
        Assert.Contains("TodosView", error.Message);
        Assert.Contains("live segment #1", error.Message);
        Assert.Contains(row[..Math.Min(20, row.Length)], error.Message);
        Assert.Contains(reason, error.Message);
        // The previous tree stays, and a balanced render diffs against it.
        Assert.Single(tree.Update(Page("<li>B</li>")));
    }

    [Theory]
    [MemberData(nameof(Unbalanced))]
    public void An_unbalanced_segment_among_rows_parsed_together_is_reported_the_same(string row, string reason)
    {
        // Every row changes, so the new rows are parsed together first; the unbalanced one is then found by its own parse.
        static string All(string middle) => "<h1>t</h1><div id=\"box\"><ul>" + S + "<li>A</li>" + E + S + middle + E + S + "<li>C</li>" + E + "</ul></div><p>end</p>";
        var tree = new ViewTree(policy: new SegmentPolicy { ThrowOnUnbalanced = true, ViewName = "TodosView" });
        tree.Initialize(Page("<li>b</li>"));
        var error = Assert.Throws<UnbalancedHtmlException>(() => tree.Update(All(row)));
        Assert.Contains("live segment #1", error.Message);
        Assert.Contains(reason, error.Message);
        Assert.Equal(3, tree.Update(All("<li>B</li>")).Count);
    }

    [Fact]
    public void A_stray_end_tag_that_would_close_the_parent_is_reported()
    {
        var tree = new ViewTree();
        var error = Assert.Throws<UnbalancedHtmlException>(() => tree.Initialize("<div>" + S + "<span>x</span></div>" + E + "</div>"));
        Assert.Contains("inside <div>", error.Message);
    }

    [Fact]
    public void A_row_that_opens_an_implied_tbody_is_reported()
    {
        // Rows directly in <table>: each would get its own <tbody> when parsed alone, one shared <tbody> in the page.
        var tree = new ViewTree();
        var error = Assert.Throws<UnbalancedHtmlException>(() => tree.Initialize("<table>" + S + "<tr><td>1</td></tr>" + E + S + "<tr><td>2</td></tr>" + E + "</table>"));
        Assert.Contains("<tbody>", error.Message);
    }

    [Fact]
    public void A_memoized_segment_is_named_by_its_key()
    {
        var key = (Id: 7, Title: "Buy milk");
        var row = "<li><script>x</li>";
        var tree = new ViewTree(policy: new SegmentPolicy
        {
            ThrowOnUnbalanced = true,
            ViewName = "TodosView",
            FindMemoKey = html => html == S + row + E ? key : null,
        });
        var error = Assert.Throws<UnbalancedHtmlException>(() => tree.Initialize("<ul>" + S + row + E + "</ul>"));
        Assert.Contains("memoized live segment with key (7, Buy milk)", error.Message);
    }

    [Theory]
    [MemberData(nameof(Unbalanced))]
    public void In_production_an_unbalanced_render_is_parsed_whole_and_no_marker_leaks(string row, string _)
    {
        var warnings = new List<string>();
        var tree = new ViewTree(policy: new SegmentPolicy { ThrowOnUnbalanced = false, ViewName = "TodosView", OnFallback = warnings.Add });
        tree.Initialize(Page("<li>b</li>"));
        var before = tree.ToHtml();
        var ops = tree.Update(Page(row));
        Assert.Equal(1, tree.WholeRenderFallbackCount);
        Assert.Single(warnings);
        // The tree is the page's parse of the render without markers, and the patch turns the old DOM into it.
        var expected = DomPatchApplier.Canonical(SegmentMarkers.Strip(Page(row)));
        Assert.Equal(expected, DomPatchApplier.Canonical(tree.ToHtml()));
        Assert.Equal(expected, DomPatchApplier.Apply(before, PatchOpJson.ToJson(ops)).InnerHtml);
        Assert.DoesNotContain("lv:", tree.ToHtml());
        Assert.DoesNotContain("lv:", PatchOpJson.ToJson(ops));
        // The next balanced render uses segments again.
        tree.Update(Page("<li>b</li>"));
        Assert.Equal(1, tree.WholeRenderFallbackCount);
        Assert.True(tree.LastSegmentCount > 0);
    }

    [Theory]
    [InlineData("<li>plain</li>")]
    [InlineData("<li><b>bold</b> <i>it</i></li>")]
    [InlineData("<li><p>para<p>two</li>")]
    [InlineData("<li><script>if (a < b) x();</script></li>")]
    [InlineData("<li><!-- c --><textarea>t</textarea><br></li>")]
    [InlineData("</p><li>x</li>")]
    public void Balanced_segments_pass(string row)
    {
        var tree = new ViewTree();
        tree.Initialize(Page(row));
        Assert.Equal(0, tree.WholeRenderFallbackCount);
        Assert.Equal(DomPatchApplier.Canonical(SegmentMarkers.Strip(Page(row))), DomPatchApplier.Canonical(tree.ToHtml()));
    }

    [Fact]
    public void Segments_in_tables_svg_and_selects_are_balanced()
    {
        var tree = new ViewTree();
        tree.Initialize("<table><tbody>" + S + "<tr><td>1</td></tr>" + E + "</tbody></table>" +
                        "<svg>" + S + "<circle r=\"1\"></circle>" + E + "</svg>" +
                        "<select>" + S + "<option>o</option>" + E + "</select>");
        Assert.Equal(3, tree.LastSegmentCount);
    }
}
