namespace LiveViews.Diffing;

/// <summary>
/// A segment's place in the rendered HTML. Inline: its content at <see cref="Start"/> (<see cref="Length"/> chars), its
/// end marker, then the whitespace after it up to <see cref="End"/> (the spaces between rows travel with the rows, so a run
/// of rows is one placeholder in the skeleton). A reference (<see cref="Reference"/> ≥ 0, see
/// <see cref="SegmentMarkers.ReferenceStart"/>): the marker at <see cref="Start"/>, then the whitespace.
/// </summary>
internal readonly record struct SegmentRange(int Start, int Length, int WhitespaceStart, int End, int Reference = -1)
{
    /// <summary>What an inline segment's parse reads: content, end marker, whitespace.</summary>
    public ReadOnlySpan<char> Text(ReadOnlySpan<char> html) => html[Start..End];

    /// <summary>The segment's content (inline segments).</summary>
    public ReadOnlySpan<char> Content(ReadOnlySpan<char> html) => html.Slice(Start, Length);

    /// <summary>The whitespace after the segment.</summary>
    public ReadOnlySpan<char> Whitespace(ReadOnlySpan<char> html) => html[WhitespaceStart..End];
}

/// <summary>
/// Splits rendered HTML on <see cref="SegmentMarkers"/> by ordinal string scanning (no parsing). Segments separated
/// only by whitespace form a <em>run</em>; the skeleton is the HTML with each run replaced by one
/// <see cref="SegmentMarkers.Placeholder"/>, written into a reusable buffer so an unchanged skeleton is recognized
/// without allocating, and inserting or removing a row of a list leaves the skeleton unchanged. A reference marker is a
/// segment whose HTML the render did not copy (a reused memoized segment).
/// </summary>
internal static class SegmentSplitter
{
    /// <summary>Splits <paramref name="html"/>.</summary>
    /// <param name="html">The rendered HTML, with markers.</param>
    /// <param name="buffer">Receives the skeleton; grown (replaced) when too small.</param>
    /// <param name="segments">Cleared, then receives the segments in document order.</param>
    /// <param name="runs">Cleared, then receives the number of segments of each run (one per placeholder), in order.</param>
    /// <param name="references">How many references the render wrote: markers must number 0 to that, in order.</param>
    /// <returns>The skeleton's length in <paramref name="buffer"/>.</returns>
    /// <exception cref="InvalidOperationException">A segment is nested in another, not closed, or closed without being opened; a reference is malformed or out of sequence.</exception>
    public static int Split(ReadOnlySpan<char> html, ref char[] buffer, List<SegmentRange> segments, List<int> runs, int references = 0)
    {
        segments.Clear();
        runs.Clear();
        int length = 0;
        int pos = 0;           // start of the text not yet copied to the skeleton
        int segmentStart = -1; // inside a segment when >= 0
        int runCount = 0;      // segments in the current run (0: not in a run)
        int search = 0;
        int nextReference = 0;
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
                int whitespace = at + SegmentMarkers.End.Length;
                int end = SkipWhitespace(html, whitespace);
                segments.Add(new SegmentRange(segmentStart, at - segmentStart, whitespace, end));
                runCount++;
                segmentStart = -1;
                pos = search = end;
                if (!StartsSegment(html[end..])) EndRun(ref buffer, ref length, runs, ref runCount);
            }
            else if (rest.StartsWith(SegmentMarkers.ReferenceStart, StringComparison.Ordinal))
            {
                if (segmentStart >= 0)
                    throw new InvalidOperationException(
                        $"Live segments cannot be nested: a memoized segment at offset {at} is inside the segment opened at offset {segmentStart - SegmentMarkers.Start.Length}.");
                int whitespace = SegmentMarkers.ReadReference(html, at, nextReference, references, out int number);
                nextReference++;
                if (runCount == 0) Append(ref buffer, ref length, html[pos..at]);
                int end = SkipWhitespace(html, whitespace);
                segments.Add(new SegmentRange(at, 0, whitespace, end, number));
                runCount++;
                pos = search = end;
                if (!StartsSegment(html[end..])) EndRun(ref buffer, ref length, runs, ref runCount);
            }
            else
            {
                search = at + SegmentMarkers.Prefix.Length;
            }
        }
        if (segmentStart >= 0)
            throw new InvalidOperationException(
                $"The live segment opened at offset {segmentStart - SegmentMarkers.Start.Length} is not closed.");
        if (nextReference != references)
            throw new InvalidOperationException($"The render wrote {references} memoized segment references, but {nextReference} reached its HTML.");
        Append(ref buffer, ref length, html[pos..]);
        return length;
    }

    private static bool StartsSegment(ReadOnlySpan<char> rest) =>
        rest.StartsWith(SegmentMarkers.Start, StringComparison.Ordinal) || rest.StartsWith(SegmentMarkers.ReferenceStart, StringComparison.Ordinal);

    private static int SkipWhitespace(ReadOnlySpan<char> html, int at)
    {
        while (at < html.Length && IsHtmlWhitespace(html[at])) at++;
        return at;
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
