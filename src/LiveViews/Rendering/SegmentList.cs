using System.Buffers;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using LiveViews.Diffing;

namespace LiveViews.Rendering;

/// <summary>
/// The rows of one <c>Html.LiveSegments</c> call, in order, as one value of the page's buffer. Each row is written as it
/// writes itself (a shared row recorded in place in a connected render's buffer), the writer's sink found once for all.
/// In a connected render its array comes from <see cref="ArrayPool{T}.Shared"/> and goes back, cleared, when the render
/// ends (<see cref="Release"/>); writing it after that throws.
/// </summary>
internal sealed class SegmentList(int capacity, bool pooled) : IHtmlContent
{
    // object[], not IHtmlContent[]: a store into an array of an interface type checks the element's interfaces each time.
    private object[] _rows = capacity <= 0 ? [] : pooled ? ArrayPool<object>.Shared.Rent(capacity) : new object[capacity];
    private int _count;
    private bool _released;

    /// <summary>Appends a row.</summary>
    public void Add(IHtmlContent row)
    {
        if (_count == _rows.Length)
        {
            var larger = pooled ? ArrayPool<object>.Shared.Rent(Math.Max(16, _count * 2)) : new object[Math.Max(16, _count * 2)];
            _rows.AsSpan(0, _count).CopyTo(larger);
            Return();
            _rows = larger;
        }
        _rows[_count++] = row;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The render the rows belong to has ended.</exception>
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        if (_released) throw new InvalidOperationException("The rows of Html.LiveSegments were written after their render ended: write them during the render that made them.");
        var sink = SegmentReferenceSink.For(writer); // null for a capture: every row writes its HTML
        for (int i = 0; i < _count; i++)
        {
            var row = _rows[i];
            if (row is SharedSegment shared) shared.WriteTo(writer, sink);
            else ((IHtmlContent)row).WriteTo(writer, encoder);
        }
    }

    /// <summary>The render has ended: the array goes back to the pool, cleared (it must not keep rows alive).</summary>
    public void Release()
    {
        _released = true;
        Return();
        _rows = [];
        _count = 0;
    }

    private void Return()
    {
        if (!pooled || _rows.Length == 0) return;
        _rows.AsSpan(0, _count).Clear();
        ArrayPool<object>.Shared.Return(_rows);
    }
}
