using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using LiveViews.Diffing;
using LiveViews.Rendering;

namespace LiveViews.Tests.Rendering;

/// <summary>The rows of <c>Html.LiveSegments</c>: recorded in place in a connected render's buffer, written as HTML anywhere else.</summary>
public sealed class SegmentListTests
{
    private static readonly Utf8Segment A = new("<li>a</li>"u8.ToArray()), B = new("<li>b</li>"u8.ToArray());

    private static SegmentList List(bool pooled)
    {
        var list = new SegmentList(1, pooled);
        list.Add(A);
        list.Add(new HtmlString("<li>c</li>"));
        list.Add(B); // an unpooled list grows past its first array here
        return list;
    }

    [Fact]
    public async Task In_a_connected_render_shared_rows_are_recorded_in_place_and_other_rows_written()
    {
        using var writer = new PooledHtmlWriter(collectReferences: true);
        await Task.Run(() =>
        {
            SegmentReferenceSink.Enter(writer.ReferenceSink);
            List(pooled: true).WriteTo(new PassThroughWriter(writer), HtmlEncoder.Default);
        });
        Assert.Equal([A, B], writer.References);
        Assert.Equal([0, "<li>c</li>".Length], writer.ReferencePositions.ToArray());
        Assert.Equal("<li>c</li>", new string(writer.Written));
    }

    [Fact]
    public async Task A_capture_or_a_render_without_references_gets_the_rows_HTML()
    {
        using var writer = new PooledHtmlWriter(collectReferences: true);
        var captured = new StringWriter();
        await Task.Run(() =>
        {
            SegmentReferenceSink.Enter(writer.ReferenceSink);
            List(pooled: false).WriteTo(captured, HtmlEncoder.Default); // a template rendered into a string
        });
        Assert.Empty(writer.References);
        Assert.Equal($"{SegmentMarkers.Start}<li>a</li>{SegmentMarkers.End}<li>c</li>{SegmentMarkers.Start}<li>b</li>{SegmentMarkers.End}", captured.ToString());
        var plain = new StringWriter();
        List(pooled: false).WriteTo(plain, HtmlEncoder.Default); // no render's sink at all
        Assert.Equal(captured.ToString(), plain.ToString());
    }

    [Fact]
    public void Writing_a_released_list_throws()
    {
        var list = List(pooled: true);
        list.Release();
        Assert.Throws<InvalidOperationException>(() => list.WriteTo(new StringWriter(), HtmlEncoder.Default));
    }
}
