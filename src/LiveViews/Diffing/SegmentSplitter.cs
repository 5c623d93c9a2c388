namespace LiveViews.Diffing;

/// <summary>A segment's place in the rendered HTML: the characters between its start and end markers.</summary>
internal readonly record struct SegmentRange(int Start, int Length);

/// <summary>
/// Splits rendered HTML on <see cref="SegmentMarkers"/> by ordinal string scanning (no parsing): the skeleton is the
/// HTML with each segment replaced by <see cref="SegmentMarkers.Placeholder"/>, written into a reusable buffer so
/// an unchanged skeleton can be recognized without allocating.
/// </summary>
internal static class SegmentSplitter
{
    /// <summary>Splits <paramref name="html"/>.</summary>
    /// <param name="html">The rendered HTML, with markers.</param>
    /// <param name="buffer">Receives the skeleton; grown (replaced) when too small.</param>
    /// <param name="segments">Cleared, then receives the segments in document order.</param>
    /// <returns>The skeleton's length in <paramref name="buffer"/>.</returns>
    /// <exception cref="InvalidOperationException">A segment is nested in another, not closed, or closed without being opened.</exception>
    public static int Split(string html, ref char[] buffer, List<SegmentRange> segments)
    {
        segments.Clear();
        int length = 0;
        int pos = 0;          // start of the text not yet copied to the skeleton
        int segmentStart = -1; // inside a segment when >= 0
        int search = 0;
        while (true)
        {
            int at = html.IndexOf(SegmentMarkers.Prefix, search, StringComparison.Ordinal);
            if (at < 0) break;
            var rest = html.AsSpan(at);
            if (rest.StartsWith(SegmentMarkers.Start, StringComparison.Ordinal))
            {
                if (segmentStart >= 0)
                    throw new InvalidOperationException(
                        $"Live segments cannot be nested: a segment start marker at offset {at} is inside the segment opened at offset {segmentStart - SegmentMarkers.Start.Length}.");
                Append(ref buffer, ref length, html.AsSpan(pos, at - pos));
                segmentStart = at + SegmentMarkers.Start.Length;
                search = segmentStart;
            }
            else if (rest.StartsWith(SegmentMarkers.End, StringComparison.Ordinal))
            {
                if (segmentStart < 0)
                    throw new InvalidOperationException($"A live segment end marker at offset {at} has no matching start marker.");
                segments.Add(new SegmentRange(segmentStart, at - segmentStart));
                Append(ref buffer, ref length, SegmentMarkers.Placeholder);
                segmentStart = -1;
                pos = search = at + SegmentMarkers.End.Length;
            }
            else search = at + SegmentMarkers.Prefix.Length;
        }
        if (segmentStart >= 0)
            throw new InvalidOperationException(
                $"The live segment opened at offset {segmentStart - SegmentMarkers.Start.Length} is not closed.");
        Append(ref buffer, ref length, html.AsSpan(pos));
        return length;
    }

    private static void Append(ref char[] buffer, ref int length, ReadOnlySpan<char> text)
    {
        if (length + text.Length > buffer.Length)
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + text.Length));
        text.CopyTo(buffer.AsSpan(length));
        length += text.Length;
    }
}
