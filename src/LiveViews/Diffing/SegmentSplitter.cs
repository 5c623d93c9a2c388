namespace LiveViews.Diffing;

/// <summary>
/// A segment's place in the rendered HTML: its content, its end marker and the whitespace after it (so the spaces
/// between rows travel with the rows and a run of rows is one placeholder in the skeleton).
/// </summary>
internal readonly record struct SegmentRange(int Start, int Length);

/// <summary>
/// Splits rendered HTML on <see cref="SegmentMarkers"/> by ordinal string scanning (no parsing). Segments separated
/// only by whitespace form a <em>run</em>; the skeleton is the HTML with each run replaced by one
/// <see cref="SegmentMarkers.Placeholder"/>, written into a reusable buffer so an unchanged skeleton is recognized
/// without allocating, and inserting or removing a row of a list leaves the skeleton unchanged.
/// </summary>
internal static class SegmentSplitter
{
    /// <summary>Splits <paramref name="html"/>.</summary>
    /// <param name="html">The rendered HTML, with markers.</param>
    /// <param name="buffer">Receives the skeleton; grown (replaced) when too small.</param>
    /// <param name="segments">Cleared, then receives the segments in document order.</param>
    /// <param name="runs">Cleared, then receives the number of segments of each run (one per placeholder), in order.</param>
    /// <returns>The skeleton's length in <paramref name="buffer"/>.</returns>
    /// <exception cref="InvalidOperationException">A segment is nested in another, not closed, or closed without being opened.</exception>
    public static int Split(ReadOnlySpan<char> html, ref char[] buffer, List<SegmentRange> segments, List<int> runs)
    {
        segments.Clear();
        runs.Clear();
        int length = 0;
        int pos = 0;           // start of the text not yet copied to the skeleton
        int segmentStart = -1; // inside a segment when >= 0
        int runCount = 0;      // segments in the current run (0: not in a run)
        int search = 0;
        while (true)
        {
            int at = html[search..].IndexOf(SegmentMarkers.Prefix, StringComparison.Ordinal);
            if (at < 0) break;
            at += search;
            var rest = html[at..];
            if (rest.StartsWith(SegmentMarkers.Start, StringComparison.Ordinal))
            {
                if (segmentStart >= 0)
                    throw new InvalidOperationException(
                        $"Live segments cannot be nested: a segment start marker at offset {at} is inside the segment opened at offset {segmentStart - SegmentMarkers.Start.Length}.");
                if (runCount == 0) Append(ref buffer, ref length, html[pos..at]);
                segmentStart = at + SegmentMarkers.Start.Length;
                search = segmentStart;
            }
            else if (rest.StartsWith(SegmentMarkers.End, StringComparison.Ordinal))
            {
                if (segmentStart < 0)
                    throw new InvalidOperationException($"A live segment end marker at offset {at} has no matching start marker.");
                int end = at + SegmentMarkers.End.Length;
                while (end < html.Length && IsHtmlWhitespace(html[end])) end++;
                segments.Add(new SegmentRange(segmentStart, end - segmentStart));
                runCount++;
                segmentStart = -1;
                pos = search = end;
                if (!html[end..].StartsWith(SegmentMarkers.Start, StringComparison.Ordinal)) EndRun(ref buffer, ref length, runs, ref runCount);
            }
            else
            {
                search = at + SegmentMarkers.Prefix.Length;
            }
        }
        if (segmentStart >= 0)
            throw new InvalidOperationException(
                $"The live segment opened at offset {segmentStart - SegmentMarkers.Start.Length} is not closed.");
        Append(ref buffer, ref length, html[pos..]);
        return length;
    }

    private static void EndRun(ref char[] buffer, ref int length, List<int> runs, ref int runCount)
    {
        runs.Add(runCount);
        runCount = 0;
        Append(ref buffer, ref length, SegmentMarkers.Placeholder);
    }

    // The HTML parser's whitespace (https://infra.spec.whatwg.org/#ascii-whitespace); CR never survives parsing anyway.
    private static bool IsHtmlWhitespace(char c) => c is ' ' or '\n' or '\t' or '\f' or '\r';

    private static void Append(ref char[] buffer, ref int length, ReadOnlySpan<char> text)
    {
        if (length + text.Length > buffer.Length)
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + text.Length));
        text.CopyTo(buffer.AsSpan(length));
        length += text.Length;
    }
}
