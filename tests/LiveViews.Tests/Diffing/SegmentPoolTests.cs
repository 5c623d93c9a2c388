using System.Runtime.CompilerServices;
using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

/// <summary>
/// Segments shared by content across views (<see cref="SegmentPool"/>): identical HTML shares one object and one parse,
/// anything else never does; shared segments go away with the last view holding them; parallel renders agree; lazy rows
/// (dropped after each operation, parsed again when read) give the same ops as a tree parsed whole.
/// </summary>
public class SegmentPoolTests
{
    private const string S = SegmentMarkers.Start, E = SegmentMarkers.End;

    private static string Row(int id, string title, bool done = false) =>
        $"<li id=\"todo-{id}\" class=\"{(done ? "done" : "open")}\"><input type=\"checkbox\"{(done ? " checked" : "")}> <span>{title}</span></li>";

    private static string Page(IEnumerable<string> rows) => "<h1>t</h1><ul id=\"list\">\n" + string.Concat(rows.Select(r => S + r + E + "\n")) + "</ul>";

    private static VElement[] Rows(ViewTree tree) =>
        ((VElement)tree.Children[1]).Children.OfType<VElement>().ToArray();

    [Fact]
    public void Identical_rows_of_two_views_are_one_object_and_parsed_once()
    {
        var pool = new SegmentPool();
        var html = Page(Enumerable.Range(1, 20).Select(i => Row(i, "task " + i)));
        var a = new ViewTree(pool: pool);
        var b = new ViewTree(pool: pool);
        a.Initialize(html);
        b.Initialize(html);
        Assert.Equal(20, a.LastParsedSegmentCount);
        Assert.Equal(0, b.LastParsedSegmentCount); // the second view found every row parsed
        Assert.All(Rows(a).Zip(Rows(b)), p => Assert.Same(p.First, p.Second));
        Assert.Equal(20, pool.LiveCount);
        Assert.Same(pool.Intern(Row(3, "task 3")), pool.Intern(Row(3, "task 3")));
    }

    [Fact]
    public void Views_of_the_same_list_hold_one_child_list_and_a_change_in_one_leaves_the_others_as_they_were()
    {
        var pool = new SegmentPool();
        var rows = Enumerable.Range(1, 50).Select(i => Row(i, "task " + i)).ToList();
        var a = new ViewTree(pool: pool);
        var b = new ViewTree(pool: pool);
        a.Initialize(Page(rows));
        b.Initialize(Page(rows));
        var list = ((VElement)b.Children[1]).Children;
        Assert.Same(((VElement)a.Children[1]).Children, list);

        // A changes a row: its list is its own again, B's shared one is untouched and still diffs right.
        var changed = rows.ToList();
        changed[7] = Row(8, "task 8", done: true);
        Assert.NotEmpty(a.Update(Page(changed)));
        Assert.NotSame(((VElement)a.Children[1]).Children, list);
        Assert.Equal(Page(rows).Replace(SegmentMarkers.Start, "").Replace(SegmentMarkers.End, ""), b.ToHtml());
        var reference = new ViewTree(pool: new SegmentPool());
        reference.Initialize(Page(rows));
        Assert.Equal(PatchOpJson.ToJson(reference.Update(Page(changed))), PatchOpJson.ToJson(b.Update(Page(changed))));
        // A view joining now shares B's list; A, whose first render nobody shared, keeps its own (no lookup per event).
        var c = new ViewTree(pool: pool);
        c.Initialize(Page(changed));
        Assert.Same(((VElement)b.Children[1]).Children, ((VElement)c.Children[1]).Children);
        Assert.NotSame(((VElement)a.Children[1]).Children, ((VElement)c.Children[1]).Children);
    }

    [Theory]
    [InlineData("<li>a</li>", "<li>b</li>")]
    [InlineData("<li>a</li>", "<li>a</li> ")]
    [InlineData("<li>é</li>", "<li>e\u0301</li>")] // canonically equivalent, different characters
    [InlineData("<li>A</li>", "<li>a</li>")]
    public void Different_content_is_never_shared(string one, string other)
    {
        var pool = new SegmentPool();
        var x = pool.Intern(one)!;
        var y = pool.Intern(other)!;
        Assert.NotSame(x, y);
        Assert.True(x.ContentEquals(one));
        Assert.False(x.ContentEquals(other));
        Assert.Equal(one, x.Html);
        Assert.Equal(other, y.Html);
    }

    [Fact]
    public void Equal_hashes_never_stand_for_equal_content()
    {
        // Thousands of distinct rows in a small table: buckets are shared, every lookup still compares content.
        var pool = new SegmentPool();
        var segments = Enumerable.Range(0, 5000).Select(i => pool.Intern("<li>" + i + "</li>")!).ToArray();
        Assert.Equal(5000, segments.Distinct(ReferenceEqualityComparer.Instance).Count());
        for (int i = 0; i < 5000; i += 97) Assert.Same(segments[i], pool.Intern("<li>" + i + "</li>"));
        Assert.All(segments.Select((s, i) => (s, i)), p => Assert.Equal("<li>" + p.i + "</li>", p.s.Html));
    }

    [Theory]
    [InlineData("<li><!--lv:c:1--></li>")] // a live component's placeholder names one view's component
    [InlineData("<li>" + SegmentMarkers.End + "</li>")]
    public void View_specific_content_is_not_pooled(string html) => Assert.Null(new SegmentPool().Intern(html));

    [Fact]
    public void Content_that_does_not_round_trip_through_utf8_is_not_pooled() =>
        Assert.Null(new SegmentPool().Intern("<li>" + (char)0xD800 + "</li>")); // a lone surrogate

    [Fact]
    public void The_same_row_in_another_chain_is_parsed_there_and_not_shared()
    {
        var pool = new SegmentPool();
        var row = "<td>1</td>";
        var table = new ViewTree(pool: pool);
        var div = new ViewTree(pool: pool);
        Assert.Equal("<table><tbody><tr>" + row + "</tr></tbody></table>", table.Initialize("<table><tbody><tr>" + S + row + E + "</tr></tbody></table>"));
        Assert.Equal("<div>1</div>", div.Initialize("<div>" + S + row + E + "</div>")); // outside a table, <td> is dropped
        Assert.Equal(1, div.LastParsedSegmentCount);
        Assert.Equal(1, pool.LiveCount); // one HTML, two parses
    }

    [Fact]
    public void Rows_a_view_held_go_away_with_it()
    {
        var pool = new SegmentPool();
        var kept = new ViewTree(pool: pool);
        kept.Initialize(Page([Row(1, "kept")]));
        MountAndDrop(pool, 500);
        Assert.Equal(501, pool.Count);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(500, pool.Sweep());
        Assert.Equal(1, pool.Count);
        Assert.Equal(1, pool.LiveCount);
        GC.KeepAlive(kept);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MountAndDrop(SegmentPool pool, int rows)
    {
        var tree = new ViewTree(pool: pool);
        tree.Initialize(Page(Enumerable.Range(1, rows).Select(i => Row(i, "gone " + i))));
        tree.Update(Page(Enumerable.Range(1, rows).Reverse().Select(i => Row(i, "gone " + i)))); // moved, not changed
        Assert.Equal(rows + 1, pool.LiveCount);
    }

    [Fact]
    public async Task Parallel_views_rendering_the_same_rows_share_them_and_agree()
    {
        var pool = new SegmentPool();
        var before = Page(Enumerable.Range(1, 200).Select(i => Row(i, "task " + i)));
        var after = Page(Enumerable.Range(1, 200).Select(i => Row(i, "task " + i, done: i % 7 == 0)));
        var reference = new ViewTree(pool: new SegmentPool());
        reference.Initialize(before);
        var expected = PatchOpJson.ToJson(reference.Update(after));

        var trees = new ViewTree[16];
        var ops = new string[16];
        var serialized = new string[16];
        await Task.WhenAll(Enumerable.Range(0, 16).Select(t => Task.Run(() =>
        {
            var tree = trees[t] = new ViewTree(pool: pool);
            for (int round = 0; round < 20; round++)
            {
                tree.Initialize(before);
                ops[t] = PatchOpJson.ToJson(tree.Update(after));
                serialized[t] = tree.ToHtml();
            }
        })));
        Assert.All(ops, o => Assert.Equal(expected, o));
        Assert.All(serialized, s => Assert.Equal(reference.ToHtml(), s));
        // Racing views may each parse a row, but they end up holding one object per row.
        var first = Rows(trees[0]);
        Assert.All(trees, t => Assert.All(Rows(t).Zip(first), p => Assert.Same(p.Second, p.First)));
    }

    [Fact]
    public void Lazy_rows_give_the_ops_of_a_tree_parsed_whole_and_stay_dropped_between_operations_but_the_few_last_read()
    {
        var random = new Random(14);
        var rows = Enumerable.Range(1, 60).Select(i => (Id: i, Title: "task " + i, Done: false)).ToList();
        var pooled = new ViewTree(pool: new SegmentPool());
        var whole = new ViewTree(pool: new SegmentPool());
        string Segmented() => Page(rows.Select(r => Row(r.Id, r.Title, r.Done)));
        string Plain() => SegmentMarkers.Strip(Segmented());
        Assert.Equal(whole.Initialize(Plain()), pooled.Initialize(Segmented()));
        int next = 61;
        for (int step = 0; step < 200; step++)
        {
            int at = random.Next(rows.Count);
            switch (random.Next(4))
            {
                case 0: rows[at] = rows[at] with { Done = !rows[at].Done }; break;
                case 1: rows.Insert(at, (next, "task " + next++, false)); break;
                case 2: if (rows.Count > 1) rows.RemoveAt(at); break;
                default: rows[at] = rows[at] with { Title = "<b>" + step + "</b> & more" }; break;
            }
            Assert.Equal(PatchOpJson.ToJson(whole.Update(Plain())), PatchOpJson.ToJson(pooled.Update(Segmented())));
            // Dropped, except the few rows the view keeps parsed for a repeated change (the last updates read them).
            Assert.All(Rows(pooled), r => Assert.True(r.IsLazy));
            Assert.InRange(Rows(pooled).Count(r => r.IsMaterialized), 0, Materialization.KeptLimit);
        }
        Assert.Equal(whole.ToHtml(), pooled.ToHtml());
        Assert.Equal(PatchOpJson.ToJson(whole.Replace([])), PatchOpJson.ToJson(pooled.Replace([])));
    }

    /// <summary>A pooled tree and a tree parsed whole over the same to-do rows; <see cref="Step"/> updates both and compares their ops.</summary>
    private sealed class PooledAndWhole
    {
        public readonly List<(int Id, bool Done)> Rows;
        public readonly ViewTree Pooled = new(pool: new SegmentPool());
        public readonly ViewTree Whole = new(pool: new SegmentPool());

        public PooledAndWhole(int count)
        {
            Rows = Enumerable.Range(1, count).Select(i => (Id: i, Done: false)).ToList();
            Pooled.Initialize(Segmented());
            Whole.Initialize(SegmentMarkers.Strip(Segmented()));
        }

        private string Segmented() => Page(Rows.Select(r => Row(r.Id, "task " + r.Id, r.Done)));

        public void Toggle(int index) => Rows[index] = Rows[index] with { Done = !Rows[index].Done };

        public void ToggleAll()
        {
            for (int i = 0; i < Rows.Count; i++) Toggle(i);
        }

        public void Step() =>
            Assert.Equal(PatchOpJson.ToJson(Whole.Update(SegmentMarkers.Strip(Segmented()))), PatchOpJson.ToJson(Pooled.Update(Segmented())));
    }

    [Fact]
    public void A_row_changed_again_and_again_is_not_parsed_again_while_an_update_that_reads_many_keeps_none()
    {
        var trees = new PooledAndWhole(40);
        var pooled = trees.Pooled;
        Assert.All(Rows(pooled), r => Assert.False(r.IsMaterialized)); // a first render keeps nothing

        for (int toggle = 1; toggle <= 6; toggle++)
        {
            trees.Toggle(19);
            // the row as the previous update left it: kept parsed from the second toggle on
            Assert.Equal(toggle > 1, Rows(pooled)[19].IsMaterialized);
            trees.Step();
            if (toggle > 2) // both versions seen
            {
                Assert.Equal(0, pooled.LastParsedSegmentCount);
                Assert.Equal(0, pooled.LastMaterializedSegmentCount);
            }
            Assert.Equal(1, Rows(pooled).Count(r => r.IsMaterialized)); // the row shown now; the other version is kept too
        }

        // Every row changes: more than the view keeps, so nothing stays parsed.
        trees.ToggleAll();
        trees.Step();
        Assert.All(Rows(pooled), r => Assert.False(r.IsMaterialized));
    }

    [Fact]
    public void Rows_changed_between_contents_seen_before_are_diffed_from_remembered_ops_at_their_current_place()
    {
        var trees = new PooledAndWhole(60);
        var pooled = trees.Pooled;
        for (int round = 1; round <= 3; round++)
        {
            trees.ToggleAll();
            trees.Step();
        }
        // The third toggle of every row: both contents and the ops between them known, nothing parsed or read back.
        Assert.Equal(0, pooled.LastParsedSegmentCount);
        Assert.Equal(0, pooled.LastMaterializedSegmentCount);
        Assert.All(Rows(pooled), r => Assert.False(r.IsMaterialized));

        // Rows inserted before and removed: a remembered row's ops land at its new index, counting its new siblings.
        trees.Rows.Insert(0, (100, false));
        trees.Rows.Insert(0, (101, true));
        trees.Rows.RemoveAt(40);
        trees.Step();
        trees.Toggle(30);
        trees.Step();
        trees.Toggle(30);
        trees.Step();
        Assert.Equal(0, pooled.LastParsedSegmentCount);
        Assert.Equal(trees.Whole.ToHtml(), pooled.ToHtml());
    }

    [Fact]
    public void Compacting_drops_the_previous_tree_the_kept_rows_and_the_remembered_ops_and_the_next_update_still_diffs_right()
    {
        var trees = new PooledAndWhole(30);
        var pooled = trees.Pooled;
        Assert.False(pooled.HoldsForNextUpdate); // a first render holds nothing for later
        VElement? previous = null;
        for (int toggle = 0; toggle < 3; toggle++)
        {
            previous = Rows(pooled)[7];
            trees.Toggle(7);
            trees.Step();
        }
        var current = Rows(pooled)[7];
        Assert.True(pooled.HoldsForNextUpdate);
        Assert.True(current.IsMaterialized);
        Assert.True(RowDiffCache.Has(current, previous!)); // toggled that way two updates ago

        pooled.Compact();
        Assert.False(pooled.HoldsForNextUpdate);
        Assert.All(Rows(pooled), r => Assert.False(r.IsMaterialized));
        Assert.False(RowDiffCache.Has(current, previous!));
        trees.Toggle(7);
        trees.Step();
        Assert.Equal(trees.Whole.ToHtml(), pooled.ToHtml());
    }

    [Fact]
    public void A_lazy_row_read_outside_an_operation_gives_its_content_and_keeps_none()
    {
        var tree = new ViewTree(pool: new SegmentPool());
        tree.Initialize(Page([Row(1, "one", done: true)]));
        var row = Rows(tree)[0];
        Assert.False(row.IsMaterialized);
        Assert.Equal("done", row.Attributes.Single(a => a.Name == "class").Value);
        Assert.Equal("one", ((VText)((VElement)row.Children[2]).Children[0]).Data);
        Assert.False(row.IsMaterialized);
        Assert.Equal("todo-1", row.Key);
    }

    [Fact]
    public void A_reference_marker_from_template_output_is_refused()
    {
        var pool = new SegmentPool();
        var shared = pool.Intern(Row(1, "one"))!;
        var tree = new ViewTree(pool: pool);
        tree.Load("<ul>" + SegmentMarkers.ReferenceStart + "0-->" + "</ul>", [shared]);
        // An Html.Raw of a marker in the render: the numbering no longer matches what the render wrote.
        var error = Assert.Throws<InvalidOperationException>(() =>
            tree.Update("<ul>" + SegmentMarkers.ReferenceStart + "0-->" + SegmentMarkers.ReferenceStart + "0-->" + "</ul>", [shared]));
        Assert.Contains("cannot come from a template's output", error.Message);
        Assert.Throws<InvalidOperationException>(() => tree.Update("<ul>" + SegmentMarkers.ReferenceStart + "0--></ul>", []));
        Assert.Equal("<ul>" + Row(1, "one") + "</ul>", tree.ToHtml()); // the previous tree stays
    }
}
