using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using LiveViews.Diffing;
using LiveViews.Hosting;
using LiveViews.Rendering;
using LiveViews.Tests.Hub;
using LiveViews.Tests.Live;

namespace LiveViews.Tests.Rendering;

/// <summary>The shared test host plus <see cref="MemoView"/> at /memo.</summary>
public sealed class MemoHost : LiveTestHost
{
    protected override void ConfigureApp(WebApplication app) => app.MapLiveView<MemoView>("/memo");
}

/// <summary><c>Html.LiveSegment(key, template)</c>: templates run only for keys the previous render did not have.</summary>
public sealed class MemoizedSegmentTests(MemoHost host) : IClassFixture<MemoHost>
{
    /// <summary>A view, its render state (where the memo lives, as a session keeps it) and a function rendering it with the framework's renderer.</summary>
    private (MemoView View, ViewRenderState State, Func<Task<string>> Render) NewView()
    {
        var view = new MemoView();
        var state = new ViewRenderState(verifyMemoizedSegments: false);
        return (view, state, () => RenderAsync(view, state));
    }

    private Task<string> RenderAsync(MemoView view, ViewRenderState? state = null) =>
        host.Services.GetRequiredService<TemplateRenderer>().RenderAsync(view, state ?? new(false), Http());

    [Fact]
    public async Task Only_rows_whose_key_changed_render_again_and_the_output_matches_a_fresh_render()
    {
        var (view, state, render) = NewView();
        await render();
        Assert.Equal(6, view.RowRenders); // 3 rows × 2 call sites

        Assert.Equal(await render(), await render());
        Assert.Equal(6, view.RowRenders); // nothing changed: no template ran

        view.Rename(2, "deux");
        var html = await render();
        Assert.Equal(8, view.RowRenders); // the renamed row, once per call site
        Assert.Equal(2, state.Memo.LastMisses);
        Assert.Equal(4, state.Memo.LastHits);

        var fresh = new MemoView();
        fresh.Rename(2, "deux");
        Assert.Equal(await RenderAsync(fresh), html);
        Assert.Contains("<li id=\"row-2\" title=\"deux\">deux</li>", SegmentMarkers.Strip(html));
        Assert.Contains("<li id=\"summary-2\">DEUX</li>", SegmentMarkers.Strip(html));
    }

    [Fact]
    public async Task Call_sites_do_not_share_entries_and_an_entry_lives_while_the_next_render_uses_it()
    {
        var (view, state, render) = NewView();
        var first = SegmentMarkers.Strip(await render());
        Assert.Contains("<li id=\"summary-1\">ONE</li>", first); // same key as row-1, different template

        view.Remove(1);
        await render();
        Assert.Equal(0, state.Memo.LastMisses);
        view.Rows.Insert(0, new MemoRow(1, "one")); // back after one render without it: rendered again
        await render();
        Assert.Equal(2, state.Memo.LastMisses);
    }

    [Fact]
    public async Task A_key_that_misses_a_value_the_template_reads_keeps_stale_html_and_the_development_check_names_it()
    {
        var (view, _, render) = NewView();
        await render();
        view.Suffix = "!";
        Assert.DoesNotContain("ONE!", await render()); // the documented pitfall: equal keys reuse the old HTML

        var verifying = new ViewRenderState(verifyMemoizedSegments: true);
        await RenderAsync(new MemoView(), verifying);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RenderAsync(view, verifying));
        Assert.Contains("MemoView", error.Message);
        Assert.Contains("key must capture everything the template reads", error.Message);
    }

    [Fact]
    public async Task The_development_check_passes_when_keys_are_complete()
    {
        var view = new MemoView();
        var state = new ViewRenderState(verifyMemoizedSegments: true);
        await RenderAsync(view, state);
        view.Rename(1, "uno");
        var html = await RenderAsync(view, state);
        Assert.Contains("UNO", html);
        Assert.Equal(4, state.Memo.LastHits); // the unchanged rows were reused, and checked
    }

    [Fact]
    public async Task A_connected_render_writes_reused_rows_as_references_to_rows_shared_with_other_views()
    {
        var renderer = host.Services.GetRequiredService<TemplateRenderer>();
        var pool = new SegmentPool();
        var (a, b) = (new MemoView(), new MemoView());
        var (stateA, stateB) = (new ViewRenderState(false) { Pool = pool }, new ViewRenderState(false) { Pool = pool });
        await renderer.RenderWithReferencesAsync(a, stateA, Http());
        await renderer.RenderWithReferencesAsync(b, stateB, Http());
        var again = await renderer.RenderWithReferencesAsync(a, stateA, Http());
        Assert.Equal(6, again.References.Length); // every row: a marker in the HTML instead of the row
        Assert.DoesNotContain("<li", again.Html);
        Assert.Equal(await RenderAsync(new MemoView()), again.Expanded); // what a static render writes
        var other = await renderer.RenderWithReferencesAsync(b, stateB, Http());
        Assert.All(again.References.Zip(other.References), p => Assert.Same(p.First, p.Second));

        b.Rename(2, "deux"); // b's own row: a new segment, a's stays
        var renamed = await renderer.RenderWithReferencesAsync(b, stateB, Http());
        Assert.Equal(2, stateB.Memo.LastMisses);
        Assert.Equal(6, renamed.References.Length); // a rendered row is pooled too, and referenced
        Assert.Equal(2, renamed.References.Except(other.References).Count());
        Assert.Contains("deux", renamed.Expanded);
        Assert.Equal(6, (await renderer.RenderWithReferencesAsync(a, stateA, Http())).References.Length);
        Assert.DoesNotContain("deux", (await renderer.RenderAsync(a, stateA, Http())));
    }

    [Fact]
    public async Task A_connected_render_records_reused_rows_in_place_and_the_tree_reads_them_as_it_reads_markers()
    {
        var renderer = host.Services.GetRequiredService<TemplateRenderer>();
        var pool = new SegmentPool();
        var view = new MemoView();
        var state = new ViewRenderState(false) { Pool = pool };
        var first = await renderer.RenderWithReferencesAsync(view, state, Http()); // its text has a marker per reference
        var (inPlace, marked) = (new ViewTree(pool: pool), new ViewTree(pool: pool));
        inPlace.Load(first.Html, first.References);
        marked.Load(first.Html, first.References);

        view.Rename(2, "deux");
        using var next = await renderer.RenderToBufferAsync(view, state, Http());
        Assert.Equal(6, next.References.Count);
        var positions = next.ReferencePositions.ToArray();
        Assert.Equal(6, positions.Length);
        Assert.All(positions, p => Assert.True(p >= 0)); // every row written straight into the render's buffer: no marker
        Assert.Equal(positions.Order(), positions);
        Assert.DoesNotContain(SegmentMarkers.ReferenceStart, next.Written.ToString());
        Assert.Equal(6, Regex.Matches(next.ToString(), Regex.Escape(SegmentMarkers.ReferenceStart)).Count);

        var ops = inPlace.Update(next.Written, next.References, next.ReferencePositions);
        var opsFromMarkers = marked.Update(next.ToString().AsSpan(), next.References);
        Assert.NotEmpty(ops);
        Assert.Equal(PatchOpJson.ToJson(opsFromMarkers), PatchOpJson.ToJson(ops));
        Assert.Equal(marked.ToHtml(), inPlace.ToHtml());
        Assert.Contains("deux", inPlace.ToHtml());
    }

    [Fact]
    public async Task A_list_of_memoized_rows_renders_as_a_loop_of_them_and_runs_only_changed_rows()
    {
        var renderer = host.Services.GetRequiredService<TemplateRenderer>();
        var view = new ListMemoView();
        var html = SegmentMarkers.Strip(await renderer.RenderAsync(view, new ViewRenderState(false), Http()));
        var rows = Regex.Match(html, "<ul id=\"rows\">(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value;
        var copies = Regex.Match(html, "<ul id=\"copies\">(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal("<li id=\"row-1\" title=\"one\">one</li><li id=\"row-2\" title=\"two\">two</li><li id=\"row-3\" title=\"three\">three</li>", rows);
        Assert.Equal(rows.Replace("row-", "copy-"), copies); // what the loop writes

        // Connected: rows reused from the previous render are recorded in place, and only a changed row's template runs.
        var pool = new SegmentPool();
        var state = new ViewRenderState(false) { Pool = pool };
        var first = await renderer.RenderWithReferencesAsync(view, state, Http());
        var tree = new ViewTree(pool: pool);
        tree.Load(first.Html, first.References);
        int renders = view.RowRenders;
        view.Rename(2, "deux");
        using (var next = await renderer.RenderToBufferAsync(view, state, Http()))
        {
            Assert.Equal(renders + 1, view.RowRenders);
            Assert.Equal(6, next.References.Count);
            Assert.All(next.ReferencePositions.ToArray(), p => Assert.True(p >= 0));
            Assert.NotEmpty(tree.Update(next.Written, next.References, next.ReferencePositions));
        }
        var fresh = new ListMemoView();
        fresh.Rename(2, "deux");
        Assert.Equal(new ViewTree().Initialize(await renderer.RenderAsync(fresh, new ViewRenderState(false), Http())), tree.ToHtml());

        // The list's pooled array went back when its render ended: writing it later is an error, not stale or empty rows.
        var error = Assert.Throws<InvalidOperationException>(() => view.LastList!.WriteTo(new StringWriter(), HtmlEncoder.Default));
        Assert.Contains("after their render ended", error.Message);
    }

    [Fact]
    public async Task A_connected_render_holds_template_rows_as_one_shared_shape_and_their_values()
    {
        var renderer = host.Services.GetRequiredService<TemplateRenderer>();
        var pool = new SegmentPool();
        var (a, b) = (new ShapedRowsView(), new ShapedRowsView());
        // Titles made at run time, as an app's data is: a literal (the test's own) would count as the template's text.
        static string Title(string text) => new(text.AsSpan());
        a.Rows = [new(1201, Title("Buy milk"), false), new(1202, Title("Fish & chips <b>"), true), new(1203, Title("Call Jo"), false)];
        b.Rows = [new(1201, Title("Walk the dog"), false), new(1202, Title("Buy milk"), true)];
        var (stateA, stateB) = (new ViewRenderState(false) { Pool = pool }, new ViewRenderState(false) { Pool = pool });
        var renderedA = await renderer.RenderWithReferencesAsync(a, stateA, Http());
        var renderedB = await renderer.RenderWithReferencesAsync(b, stateB, Http());

        // The HTML is exactly what a static render writes (encoded values included).
        Assert.Equal(await renderer.RenderAsync(a, new ViewRenderState(false), Http()), renderedA.Expanded);
        Assert.Contains("<span>Fish &amp; chips &lt;b&gt;</span>", renderedA.Expanded);
        var rows = renderedA.References.Concat(renderedB.References).Cast<ShapedSegment>().ToArray();
        // One shape per branch of the template (open rows, done rows), whichever view rendered the row.
        Assert.Same(rows[0].Shape, rows[2].Shape);
        Assert.Same(rows[0].Shape, rows[3].Shape);
        Assert.Same(rows[1].Shape, rows[4].Shape);
        Assert.NotSame(rows[0].Shape, rows[1].Shape);
        // The id shows in three holes and is held once: two values (id, title) per row.
        Assert.Equal(2, rows[0].Shape.ValueCount);
        Assert.Equal(4, rows[0].Shape.Holes!.Length);
        // Equal HTML written without a template (a plain segment) is the same pooled row.
        Assert.Same(rows[0], pool.Intern(rows[0].Html));
    }

    private DefaultHttpContext Http() => new() { RequestServices = host.Services };

    [Fact]
    public async Task Template_output_is_html_encoded()
    {
        var (view, _, render) = NewView();
        view.Rename(3, "<img src=x onerror=alert(1)> \"q\"");
        var html = SegmentMarkers.Strip(await render());
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; &quot;q&quot;", html);
        Assert.DoesNotContain("<img", html);
    }

    [Fact]
    public async Task Through_the_hub_an_insert_and_a_rename_patch_only_their_rows()
    {
        var (client, viewId) = await host.JoinAsync("/memo");
        await using var _ = client;

        await client.SendAsync("e", viewId, 1, "Rename", new { id = 3, label = "trois" });
        var rename = await client.NextReplyAsync(viewId);
        Assert.Null(rename["e"]);
        var ops = rename["o"]!.AsArray().Select(o => o!.ToJsonString()).ToList();
        Assert.All(ops, op => Assert.Contains("trois", op, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(3, ops.Count); // title and text of row-3, text of summary-3

        await client.SendAsync("e", viewId, 2, "Add", new { id = 9, label = "neuf" });
        var add = await client.NextReplyAsync(viewId);
        var inserted = add["o"]!.AsArray().Select(o => o!.ToJsonString()).ToList();
        Assert.Contains(inserted, op => op.Contains("row-9"));
        Assert.Contains(inserted, op => op.Contains("summary-9"));
        Assert.Contains(inserted, op => op.Contains("4 rows"));
        Assert.Equal(3, inserted.Count);
    }
}

/// <summary>Memo generations shared between views (interned) when their keys are built-in values, and never corrupted by the sharing.</summary>
public sealed class SharedMemoGenerationTests
{
    private static readonly System.Reflection.MethodInfo Site = typeof(SharedMemoGenerationTests).GetMethod(nameof(Render), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
    private static readonly SegmentPool Pool = new();

    private sealed record EntityKey(int Id);

    private static object Render(int id, string title) => Pool.Intern($"<li>{id} {title}</li>")!;

    /// <summary>Renders <paramref name="keys"/> through <paramref name="memo"/> at one call site; returns the templates run.</summary>
    private static int RenderAll<TKey>(SegmentMemo memo, IEnumerable<TKey> keys, Func<TKey, object> render)
    {
        memo.BeginRender();
        foreach (var key in keys) memo.GetOrRender(Site, key, render, (k, r) => r(k), _ => true, out _);
        memo.EndRender(succeeded: true);
        return memo.LastMisses;
    }

    [Fact]
    public void Two_views_with_the_same_keys_and_rows_hold_one_generation_and_a_change_in_one_leaves_the_other_intact()
    {
        var keys = Enumerable.Range(1, 50).Select(i => (i, "title " + i)).ToList();
        object Make((int Id, string Title) k) => Render(k.Id, k.Title);
        var a = new SegmentMemo();
        var b = new SegmentMemo();
        RenderAll(a, keys, Make);
        RenderAll(b, keys, Make);
        Assert.Same(Assert.Single(a.Generations), Assert.Single(b.Generations));

        var renamed = keys.ToList();
        renamed[4] = (5, "renamed");
        Assert.Equal(1, RenderAll(a, renamed, Make));
        Assert.NotSame(Assert.Single(a.Generations), Assert.Single(b.Generations));
        var shared = Assert.Single(b.Generations);
        Assert.Equal(0, RenderAll(b, keys, Make)); // B's generation is as B left it: every key hits
        Assert.Same(shared, Assert.Single(b.Generations));

        // A view rendering the same list now shares B's; A's own (no other view had it) is not looked up any more.
        var c = new SegmentMemo();
        RenderAll(c, keys, Make);
        Assert.Same(shared, Assert.Single(c.Generations));
        Assert.Equal(0, RenderAll(a, renamed, Make));
    }

    [Fact]
    public void Keys_of_the_app_s_own_types_are_not_shared()
    {
        var keys = Enumerable.Range(1, 50).Select(i => new EntityKey(i)).ToList();
        var a = new SegmentMemo();
        var b = new SegmentMemo();
        RenderAll(a, keys, k => Render(k.Id, "x"));
        RenderAll(b, keys.Select(k => k with { }), k => Render(k.Id, "x"));
        Assert.NotSame(Assert.Single(a.Generations), Assert.Single(b.Generations));
        Assert.Equal(0, RenderAll(b, keys, k => Render(k.Id, "x")));
    }

    [Theory]
    [InlineData(typeof(int), true)]
    [InlineData(typeof(string), true)]
    [InlineData(typeof(Guid), true)]
    [InlineData(typeof(DayOfWeek), true)]
    [InlineData(typeof(int?), true)]
    [InlineData(typeof((int, string, bool)), true)]
    [InlineData(typeof((int, (DateTime, decimal))), true)]
    [InlineData(typeof(object), false)]
    [InlineData(typeof(EntityKey), false)]
    [InlineData(typeof((int, object)), false)]
    [InlineData(typeof(List<int>), false)]
    [InlineData(typeof(KeyValuePair<int, int>), false)]
    public void Built_in_value_keys_are_recognized(Type type, bool expected) => Assert.Equal(expected, SegmentMemo.IsBuiltInValue(type));
}
