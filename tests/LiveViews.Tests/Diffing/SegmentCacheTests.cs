using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

/// <summary>Only changed segments are parsed, the skeleton is reused when unchanged, and markers are validated.</summary>
public class SegmentCacheTests
{
    private const string S = SegmentMarkers.Start, E = SegmentMarkers.End;

    private static string List(params string[] rows) =>
        "<h1>t</h1><ul>" + string.Concat(rows.Select(r => S + "<li id=\"" + r + "\">" + r + "</li>" + E)) + "</ul>";

    [Fact]
    public void Unchanged_render_parses_nothing_and_gives_no_ops()
    {
        var tree = new ViewTree(pool: new SegmentPool());
        tree.Initialize(List("a", "b", "c"));
        Assert.Equal(3, tree.LastParsedSegmentCount);
        Assert.Equal(1, tree.SkeletonParseCount);
        Assert.Empty(tree.Update(List("a", "b", "c")));
        Assert.Equal(0, tree.LastParsedSegmentCount);
        Assert.True(tree.LastSkeletonReused);
        Assert.Equal(1, tree.SkeletonParseCount);
    }

    [Fact]
    public void Only_changed_or_new_segments_are_parsed()
    {
        var tree = new ViewTree(pool: new SegmentPool());
        tree.Initialize(List("a", "b", "c"));
        tree.Update(List("a", "B", "c"));
        Assert.Equal(1, tree.LastParsedSegmentCount);
        Assert.True(tree.LastSkeletonReused);
        // Adjacent segments are one run (one placeholder): a new row leaves the skeleton as it was.
        tree.Update(List("a", "B", "x", "c", "d"));
        Assert.Equal(2, tree.LastParsedSegmentCount);
        Assert.True(tree.LastSkeletonReused);
        Assert.Equal(5, tree.LastSegmentCount);
        tree.Update(List("B", "c"));
        Assert.Equal(0, tree.LastParsedSegmentCount);
        Assert.True(tree.LastSkeletonReused);
        Assert.Equal(1, tree.SkeletonParseCount);
    }

    [Fact]
    public void Whitespace_between_segments_travels_with_them()
    {
        string Rows(params int[] ids) => "<ul>\n" + string.Concat(ids.Select(i => S + "  <li id=\"r" + i + "\">" + i + "</li>" + E + "\n")) + "</ul>";
        var tree = new ViewTree(pool: new SegmentPool());
        Assert.Equal("<ul>\n  <li id=\"r1\">1</li>\n  <li id=\"r2\">2</li>\n</ul>", tree.Initialize(Rows(1, 2)));
        var ops = tree.Update(Rows(1, 3, 2));
        Assert.True(tree.LastSkeletonReused);
        Assert.Equal(1, tree.LastParsedSegmentCount);
        Assert.Equal("[[4,[0],2,\"\\n  <li id=\\\"r3\\\">3</li>\",\"UL\",5]]", PatchOpJson.ToJson(ops));
        Assert.Equal("<ul>\n  <li id=\"r1\">1</li>\n  <li id=\"r3\">3</li>\n  <li id=\"r2\">2</li>\n</ul>", tree.ToHtml());
        // Unchanged rows and the merged whitespace between them keep their node objects.
        var before = ((VElement)tree.Children[0]).Children;
        Assert.Empty(tree.Update(Rows(1, 3, 2)));
        var after = ((VElement)tree.Children[0]).Children;
        for (int i = 0; i < before.Length; i++) Assert.Same(before[i], after[i]);
    }

    [Fact]
    public void Merged_whitespace_is_the_same_node_even_when_other_views_merge_the_shared_node_meanwhile()
    {
        var newline = NameTable.Text("\n"); // shared by every view
        var first = newline.Concat(NameTable.Text("  "));
        newline.Concat(NameTable.Text("    ")); // another view's merge overwrites the shared node's one-entry memo
        Assert.Same(first, newline.Concat(NameTable.Text("  ")));
        Assert.Equal("\n  ", first.Data);
    }

    [Fact]
    public void Skeleton_change_keeps_segments_cached()
    {
        var tree = new ViewTree(pool: new SegmentPool());
        tree.Initialize(List("a", "b"));
        var ops = tree.Update(List("a", "b").Replace("<h1>t</h1>", "<h1>u</h1>"));
        Assert.Equal(0, tree.LastParsedSegmentCount);
        Assert.False(tree.LastSkeletonReused);
        var op = Assert.Single(ops);
        Assert.Equal("[3,[0,0],\"u\",1]", PatchOpJson.ToJson(op));
    }

    [Fact]
    public void Identical_segments_are_parsed_once_and_share_nodes()
    {
        var tree = new ViewTree(pool: new SegmentPool());
        tree.Initialize("<ul>" + S + "<li>x</li>" + E + S + "<li>x</li>" + E + "</ul>");
        Assert.Equal(1, tree.LastParsedSegmentCount);
        var ul = (VElement)tree.Children[0];
        Assert.Same(ul.Children[0], ul.Children[1]);
    }

    [Fact]
    public void Unchanged_segments_keep_their_node_objects()
    {
        var tree = new ViewTree(pool: new SegmentPool());
        tree.Initialize(List("a", "b"));
        var before = ((VElement)tree.Children[1]).Children;
        tree.Update(List("a", "b2"));
        var after = ((VElement)tree.Children[1]).Children;
        Assert.Same(before[0], after[0]);
        Assert.NotSame(before[1], after[1]);
    }

    [Fact]
    public void Cache_keeps_only_the_segments_of_the_last_render()
    {
        var tree = new ViewTree(pool: new SegmentPool());
        tree.Initialize(List(Enumerable.Range(0, 50).Select(i => "r" + i).ToArray()));
        Assert.Equal(50, tree.CachedSegmentCount);
        for (int round = 1; round <= 5; round++)
        {
            tree.Update(List(Enumerable.Range(round * 10, 20).Select(i => "r" + i).ToArray()));
            Assert.Equal(20, tree.CachedSegmentCount);
        }
    }

    [Fact]
    public void Rows_are_parsed_in_the_context_of_their_parent()
    {
        var tree = new ViewTree(pool: new SegmentPool());
        var html = tree.Initialize("<table><tbody>" + S + "<tr><td>1</td></tr>" + E + "</tbody></table>" +
                                   "<select>" + S + "<option>o</option>" + E + "</select>");
        Assert.Equal("<table><tbody><tr><td>1</td></tr></tbody></table><select><option>o</option></select>", html);
    }

    [Fact]
    public void Text_meeting_at_segment_boundaries_is_merged_and_empty_segments_vanish()
    {
        var tree = new ViewTree(pool: new SegmentPool());
        tree.Initialize("a" + S + "b" + E + S + E + "c<p>" + S + E + "</p>");
        Assert.Equal(2, tree.Children.Length);
        Assert.Equal("abc", Assert.IsType<VText>(tree.Children[0]).Data);
        Assert.Empty(((VElement)tree.Children[1]).Children);
        var ops = tree.Update("a" + S + "B" + E + "c<p></p>");
        Assert.Equal("[[3,[0],\"aBc\",2]]", PatchOpJson.ToJson(ops));
    }

    [Theory]
    [InlineData("<ul>" + S + "<li>a</li>" + S + "<li>b</li>" + E + E + "</ul>", "nest")]
    [InlineData("<ul><li>a</li>" + E + "</ul>", "no matching start")]
    [InlineData("<ul>" + S + "<li>a</li></ul>", "not closed")]
    [InlineData("<a title=\"" + S + "x" + E + "\">t</a>", "attribute")]
    [InlineData("<script>" + S + "x" + E + "</script>", "script")]
    public void Bad_markers_are_rejected_and_the_previous_tree_stays(string html, string message)
    {
        var tree = new ViewTree(pool: new SegmentPool());
        tree.Initialize(List("a"));
        var error = Assert.ThrowsAny<InvalidOperationException>(() => tree.Update(html));
        Assert.Contains(message, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("<h1>t</h1><ul><li id=\"a\">a</li></ul>", tree.ToHtml());
        Assert.Empty(tree.Update(List("a")));
        var ops = tree.Update(List("a", "b"));
        Assert.Equal("[[4,[1],1,\"<li id=\\\"b\\\">b</li>\",\"UL\",1]]", PatchOpJson.ToJson(ops));
    }

    [Fact]
    public void Strip_removes_markers_only()
    {
        Assert.Equal("<ul><li>a</li><!--lv:x--></ul>", SegmentMarkers.Strip("<ul>" + S + "<li>a</li>" + E + "<!--lv:x--></ul>"));
    }

    [Fact]
    public void Svg_segments_keep_the_svg_namespace()
    {
        var tree = new ViewTree(pool: new SegmentPool());
        var html = tree.Initialize("<svg viewBox=\"0 0 1 1\">" + S + "<circle r=\"1\"></circle><foreignObject><p>x</p></foreignObject>" + E + "</svg>");
        Assert.Equal("<svg viewBox=\"0 0 1 1\"><circle r=\"1\"></circle><foreignObject><p>x</p></foreignObject></svg>", html);
        var circle = (VElement)((VElement)tree.Children[0]).Children[0];
        Assert.Equal(VNamespace.Svg, circle.Namespace);
    }
}
