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
    public void Writing_after_dispose_throws()
    {
        var writer = new PooledHtmlWriter(initialCapacity: 4);
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.Write("more than four chars"));
    }
}
