namespace LiveViews.Diffing;

/// <summary>
/// A <see cref="SharedSegment"/> held as its template's shape (<see cref="SegmentShape"/>, shared by every row of that
/// shape in the process) and its own values: the first two in fields (a to-do row's id and title: no array), any more
/// in an array. Values are the strings the template wrote, held by reference.
/// </summary>
internal sealed class ShapedSegment : SharedSegment
{
    private readonly SegmentShape _shape;
    private readonly string _first;
    private readonly object? _rest; // the second value (string) when there are two, all of them (string[]) when more

    /// <param name="shape">The statics and which value each hole shows.</param>
    /// <param name="values">The row's distinct values, <see cref="SegmentShape.ValueCount"/> of them (at least one).</param>
    public ShapedSegment(SegmentShape shape, string[] values)
    {
        _shape = shape;
        _first = values[0];
        _rest = values.Length switch { 1 => null, 2 => values[1], _ => values };
    }

    /// <summary>The statics and holes, shared with the process's other rows of that shape.</summary>
    internal SegmentShape Shape => _shape;

    private string ValueAt(int hole)
    {
        int index = _shape.Holes is { } holes ? holes[hole] : hole;
        return index == 0 ? _first : _rest as string ?? ((string[])_rest!)[index];
    }

    public override int Length
    {
        get
        {
            int length = _shape.StaticLength;
            for (int hole = 0; hole + 1 < _shape.Statics.Length; hole++) length += ValueAt(hole).Length;
            return length;
        }
    }

    public override string Html => string.Create(Length, this, static (span, segment) =>
    {
        var statics = segment._shape.Statics;
        for (int i = 0; ; i++)
        {
            statics[i].CopyTo(span);
            span = span[statics[i].Length..];
            if (i + 1 == statics.Length) break;
            var value = segment.ValueAt(i);
            value.CopyTo(span);
            span = span[value.Length..];
        }
    });

    public override bool ContentEquals(ReadOnlySpan<char> html)
    {
        var statics = _shape.Statics;
        for (int i = 0; ; i++)
        {
            if (!html.StartsWith(statics[i], StringComparison.Ordinal)) return false;
            html = html[statics[i].Length..];
            if (i + 1 == statics.Length) return html.IsEmpty;
            var value = ValueAt(i);
            if (!html.StartsWith(value, StringComparison.Ordinal)) return false;
            html = html[value.Length..];
        }
    }
}
