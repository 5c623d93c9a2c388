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
    /// <param name="references">How many references the render wrote: they must number 0 to that, in document order.</param>
    /// <param name="positions">
    /// Where each reference recorded in place stands (an offset into <paramref name="html"/>, with no marker in the text);
    /// -1 for one written as a marker. Empty: every reference is a marker.
    /// </param>
    /// <returns>The skeleton's length in <paramref name="buffer"/>.</returns>
    /// <exception cref="InvalidOperationException">A segment is nested in another, not closed, or closed without being opened; a reference is malformed or out of sequence.</exception>
    public static int Split(ReadOnlySpan<char> html, ref char[] buffer, List<SegmentRange> segments, List<int> runs, int references = 0,
        ReadOnlySpan<int> positions = default)
    {
        segments.Clear();
        runs.Clear();
        int length = 0;
        int pos = 0;           // start of the text not yet copied to the skeleton
        int segmentStart = -1; // inside a segment when >= 0
        int runCount = 0;      // segments in the current run (0: not in a run)
        int search = 0;
        int nextReference = 0;
        int marker = -2;       // the first marker at or after `search` (-2: not searched for yet, -1: none)
        while (true)
        {
            int inPlace = InPlaceAt(positions, nextReference);
            if (marker != -1 && marker < search)
            {
                marker = html[search..].IndexOf(SegmentMarkers.Prefix, StringComparison.Ordinal);
                if (marker >= 0) marker += search;
            }
            if (inPlace >= 0 && (marker < 0 || inPlace <= marker))
            {
                // A reference recorded in place: a segment of no chars at its offset.
                if (inPlace < search)
                    throw new InvalidOperationException($"Memoized segment reference {nextReference} at offset {inPlace} is out of document order.");
                if (segmentStart >= 0)
                    throw new InvalidOperationException(
                        $"Live segments cannot be nested: a memoized segment at offset {inPlace} is inside the segment opened at offset {segmentStart - SegmentMarkers.Start.Length}.");
                AddReference(html, ref buffer, ref length, segments, runs, ref runCount, ref pos, ref search, positions, inPlace, inPlace, ref nextReference);
                continue;
            }
            if (marker < 0) break;
            int at = marker;
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
                int end = SkipWhitespace(html, whitespace, InPlaceAt(positions, nextReference));
                segments.Add(new SegmentRange(segmentStart, at - segmentStart, whitespace, end));
                runCount++;
                segmentStart = -1;
                pos = search = end;
                if (!StartsSegment(html[end..], end, positions, nextReference)) EndRun(ref buffer, ref length, runs, ref runCount);
            }
            else if (rest.StartsWith(SegmentMarkers.ReferenceStart, StringComparison.Ordinal))
            {
                if (segmentStart >= 0)
                    throw new InvalidOperationException(
                        $"Live segments cannot be nested: a memoized segment at offset {at} is inside the segment opened at offset {segmentStart - SegmentMarkers.Start.Length}.");
                if (InPlaceAt(positions, nextReference) >= 0)
                    throw new InvalidOperationException($"A memoized segment reference marker at offset {at} stands where reference {nextReference} was recorded in place.");
                int whitespace = SegmentMarkers.ReadReference(html, at, nextReference, references, out _);
                AddReference(html, ref buffer, ref length, segments, runs, ref runCount, ref pos, ref search, positions, at, whitespace, ref nextReference);
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

    /// <summary>Adds reference <paramref name="number"/> standing at <paramref name="at"/> (its marker, if any, ending at <paramref name="whitespace"/>) and the whitespace after it.</summary>
    private static void AddReference(ReadOnlySpan<char> html, ref char[] buffer, ref int length, List<SegmentRange> segments, List<int> runs,
        ref int runCount, ref int pos, ref int search, ReadOnlySpan<int> positions, int at, int whitespace, ref int number)
    {
        if (runCount == 0) Append(ref buffer, ref length, html[pos..at]);
        int end = SkipWhitespace(html, whitespace, InPlaceAt(positions, number + 1));
        segments.Add(new SegmentRange(at, 0, whitespace, end, number));
        number++;
        runCount++;
        pos = search = end;
        if (!StartsSegment(html[end..], end, positions, number)) EndRun(ref buffer, ref length, runs, ref runCount);
    }

    /// <summary>Where reference <paramref name="number"/> was recorded in place, or -1 (a marker, or past the last).</summary>
    private static int InPlaceAt(ReadOnlySpan<int> positions, int number) => (uint)number < (uint)positions.Length ? positions[number] : -1;

    /// <summary>Whether a segment starts at offset <paramref name="at"/> (<paramref name="rest"/>): a marker, or the next reference recorded in place.</summary>
    private static bool StartsSegment(ReadOnlySpan<char> rest, int at, ReadOnlySpan<int> positions, int nextReference) =>
        InPlaceAt(positions, nextReference) == at
        || rest.StartsWith(SegmentMarkers.Start, StringComparison.Ordinal) || rest.StartsWith(SegmentMarkers.ReferenceStart, StringComparison.Ordinal);

    /// <summary>The offset after the whitespace at <paramref name="at"/>, stopping at <paramref name="stop"/> (where a reference recorded in place stands) if it is not negative.</summary>
    private static int SkipWhitespace(ReadOnlySpan<char> html, int at, int stop)
    {
        int limit = stop >= at ? stop : html.Length;
        while (at < limit && IsHtmlWhitespace(html[at])) at++;
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
