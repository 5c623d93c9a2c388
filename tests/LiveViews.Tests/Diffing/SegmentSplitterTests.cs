using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

/// <summary>
/// <see cref="SegmentSplitter"/> with references recorded in place (offsets into the render's text, no marker): they form
/// runs with marker segments as marker references do, keep their whitespace, and are refused out of order or nested.
/// </summary>
public class SegmentSplitterTests
{
    private const string S = SegmentMarkers.Start, E = SegmentMarkers.End, M = SegmentMarkers.ReferenceStart;

    private static (string Skeleton, List<SegmentRange> Segments, List<int> Runs) Split(string html, int references, params int[] positions)
    {
        var buffer = new char[8];
        var (segments, runs) = (new List<SegmentRange>(), new List<int>());
        int length = SegmentSplitter.Split(html, ref buffer, segments, runs, references, positions);
        return (new string(buffer, 0, length), segments, runs);
    }

    [Fact]
    public void References_in_place_separated_by_whitespace_are_one_run_each_with_its_whitespace()
    {
        const string html = "<ul>\n  \n</ul>"; // references at 4 and 6, inside the whitespace
        var (skeleton, segments, runs) = Split(html, 2, 4, 6);
        Assert.Equal("<ul>" + SegmentMarkers.Placeholder + "</ul>", skeleton);
        Assert.Equal([2], runs);
        Assert.Equal([0, 1], segments.Select(s => s.Reference));
        Assert.Equal(["\n ", " \n"], segments.Select(s => s.Whitespace(html).ToString()));
        Assert.All(segments, s => Assert.Equal(0, s.Length));
    }

    [Fact]
    public void References_at_one_offset_are_consecutive_segments()
    {
        var (skeleton, segments, runs) = Split("<p>a</p><ul></ul>", 3, 12, 12, 12);
        Assert.Equal("<p>a</p><ul>" + SegmentMarkers.Placeholder + "</ul>", skeleton);
        Assert.Equal([3], runs);
        Assert.Equal([0, 1, 2], segments.Select(s => s.Reference));
    }

    [Fact]
    public void In_place_references_markers_and_inline_segments_mix_in_document_order()
    {
        // reference 0 as a marker, 1 in place after it, then an inline segment, then 2 in place in another list
        string html = "<ul>" + M + "0-->\n" + S + "<li>x</li>" + E + "</ul><ol></ol>";
        int afterMarker = ("<ul>" + M + "0-->\n").Length;
        int inOl = html.Length - "</ol>".Length;
        var (skeleton, segments, runs) = Split(html, 3, -1, afterMarker, inOl);
        Assert.Equal("<ul>" + SegmentMarkers.Placeholder + "</ul><ol>" + SegmentMarkers.Placeholder + "</ol>", skeleton);
        Assert.Equal([3, 1], runs);
        Assert.Equal([0, 1, -1, 2], segments.Select(s => s.Reference));
        Assert.Equal("<li>x</li>", segments[2].Content(html).ToString());
    }

    [Fact]
    public void A_reference_in_place_inside_an_inline_segment_is_refused()
    {
        string html = "<ul>" + S + "<li>x</li>" + E + "</ul>";
        var error = Assert.Throws<InvalidOperationException>(() => Split(html, 1, 4 + S.Length + 2));
        Assert.Contains("cannot be nested", error.Message);
    }

    [Fact]
    public void References_out_of_document_order_are_refused()
    {
        // reference 0 is a marker that reached the text after where reference 1 was recorded
        string html = "<ul></ul><ol>" + M + "0--></ol>";
        Assert.Throws<InvalidOperationException>(() => Split(html, 2, -1, 4));
        // a marker where the reference was recorded in place (the template wrote a copy of one)
        Assert.Throws<InvalidOperationException>(() => Split("<ul>" + M + "0--></ul>", 1, 4));
        // fewer references reached the text than the render recorded
        Assert.Throws<InvalidOperationException>(() => Split("<ul></ul>", 2, 4));
    }

    [Fact]
    public void With_markers_writes_each_in_place_reference_as_its_marker()
    {
        int end = ("<ul>" + M + "0-->\n").Length;
        Assert.Equal("<ul>" + M + "0-->\n" + M + "1-->" + M + "2--></ul>", SegmentMarkers.WithMarkers("<ul>" + M + "0-->\n</ul>", [-1, end, end]));
        Assert.Equal("<b></b>", SegmentMarkers.WithMarkers("<b></b>", []));
    }
}
