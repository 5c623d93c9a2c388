using System.Text;
using LiveViews.Diffing;
using LiveViews.Rendering;

namespace LiveViews.Tests.Rendering;

public sealed class PooledHtmlWriterTests
{
    [Fact]
    public async Task Grows_past_its_first_buffer_and_keeps_every_char_in_order()
    {
        using var writer = new PooledHtmlWriter(initialCapacity: 16);
        var expected = new System.Text.StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            var piece = $"<li id=\"r{i}\">row {i}</li>";
            if (i % 3 == 0) writer.Write(piece);
            else if (i % 3 == 1) await writer.WriteAsync(piece.AsMemory());
            else foreach (var c in piece) writer.Write(c);
            expected.Append(piece);
        }
        Assert.Equal(expected.ToString(), writer.ToString());
        Assert.True(writer.Written.SequenceEqual(expected.ToString()));
    }

    [Fact]
    public void References_grow_past_their_first_array_in_order_and_are_released_on_dispose()
    {
        var segments = Enumerable.Range(0, 300).Select(i => new Utf8Segment(Encoding.UTF8.GetBytes($"<li>{i}</li>"))).ToArray();
        var writer = new PooledHtmlWriter(collectReferences: true, referenceCapacity: 10);
        foreach (var (segment, i) in segments.Select((s, i) => (s, i))) Assert.Equal(i, writer.ReferenceSink!.Add(segment));
        Assert.Equal(segments, writer.References);
        Assert.Same(segments[299], writer.References[299]);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.References[300]);
        writer.Dispose();
        Assert.Empty(writer.References); // the pooled array went back cleared: nothing keeps the rows alive
    }

    [Fact]
    public void A_reference_is_recorded_in_place_only_through_a_writer_that_buffers_nothing_of_its_own()
    {
        var (a, b) = (new Utf8Segment("<li>a</li>"u8.ToArray()), new Utf8Segment("<li>b</li>"u8.ToArray()));
        using var writer = new PooledHtmlWriter(collectReferences: true);
        writer.Write("<ul>");
        Assert.True(writer.ReferenceSink!.TryAddInPlace(a, new PassThroughWriter(writer)));
        writer.Write("\n");
        Assert.False(writer.ReferenceSink.TryAddInPlace(b, new StringWriter())); // its text would go elsewhere
        SegmentMarkers.WriteReference(writer, writer.ReferenceSink.Add(b));
        Assert.True(writer.ReferenceSink.TryAddInPlace(a, writer));
        writer.Write("</ul>");
        Assert.Equal([a, b, a], writer.References);
        var marker1 = SegmentMarkers.ReferenceStart + "1-->";
        Assert.Equal([4, -1, 5 + marker1.Length], writer.ReferencePositions.ToArray());
        Assert.Equal("<ul>\n" + marker1 + "</ul>", new string(writer.Written));
        // as a string, every reference is a marker
        Assert.Equal("<ul>" + SegmentMarkers.ReferenceStart + "0-->\n" + marker1 + SegmentMarkers.ReferenceStart + "2--></ul>", writer.ToString());
    }

    [Fact]
    public void Writing_after_dispose_throws()
    {
        var writer = new PooledHtmlWriter(initialCapacity: 4);
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.Write("more than four chars"));
    }
}
