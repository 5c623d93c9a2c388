namespace LiveViews.Diffing;

/// <summary>
/// The comments a template writes around a repeated part (a <em>segment</em>, e.g. one row of a list) so that
/// <see cref="ViewTree"/> parses only the segments whose HTML changed since the previous render.
/// Segments do not nest; markers never reach the browser.
/// </summary>
internal static class SegmentMarkers
{
    /// <summary>Opens a segment.</summary>
    public const string Start = "<!--lv:s-->";

    /// <summary>Closes a segment.</summary>
    public const string End = "<!--lv:/s-->";

    /// <summary>
    /// Starts a reference marker, <c>&lt;!--lv:m:N--&gt;</c>: in a connected render, memoized segment number N of the
    /// render (<see cref="SegmentReferenceSink"/>) stands where its HTML would be, and the tree takes that segment's
    /// parse instead of reading its HTML. N counts 0, 1, 2… in document order, so a marker written by anything else
    /// (an <c>Html.Raw</c> of such text) breaks the sequence and is refused instead of resolved.
    /// </summary>
    public const string ReferenceStart = "<!--lv:m:";

    /// <summary>Ends a reference marker.</summary>
    internal const string CommentEnd = "-->";

    /// <summary>Common prefix of every marker: one ordinal search finds any.</summary>
    internal const string Prefix = "<!--lv:";

    /// <summary>
    /// What replaces a run of segments (segments separated only by whitespace) in the skeleton; parsed as a comment whose
    /// data is <see cref="PlaceholderData"/>. One per run, so adding or removing a row does not change the skeleton.
    /// </summary>
    internal const string Placeholder = "<!--lv:p-->";

    /// <summary>The comment data of <see cref="End"/> once parsed (segment HTML keeps its end marker; the parser drops it).</summary>
    internal const string EndData = "lv:/s";

    /// <summary>The comment data of <see cref="Placeholder"/> once parsed.</summary>
    internal const string PlaceholderData = "lv:p";

    /// <summary>Comment data prefix of a live component's placeholder in a connected render: <c>lv:c:NUMBER</c>.</summary>
    internal const string ComponentData = "lv:c:";

    /// <summary>The placeholder a connected render writes where live component number <paramref name="number"/> goes.</summary>
    public static string ComponentPlaceholder(int number) => "<!--" + ComponentData + number.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-->";

    /// <summary>Writes reference marker <paramref name="number"/> (see <see cref="ReferenceStart"/>).</summary>
    public static void WriteReference(TextWriter writer, int number)
    {
        Span<char> digits = stackalloc char[11];
        number.TryFormat(digits, out int length, provider: System.Globalization.CultureInfo.InvariantCulture);
        writer.Write(ReferenceStart);
        writer.Write(digits[..length]);
        writer.Write(CommentEnd);
    }

    /// <summary>
    /// <paramref name="html"/> as a string with the marker of reference N written at offset <paramref name="positions"/>[N]
    /// for each reference recorded in place (a negative offset: one already written as a marker), so the text reads as a
    /// render that wrote every reference as a marker. <paramref name="positions"/> must not decrease; empty: the text as it is.
    /// </summary>
    public static string WithMarkers(ReadOnlySpan<char> html, ReadOnlySpan<int> positions)
    {
        if (positions.IsEmpty) return new string(html);
        var sb = new System.Text.StringBuilder(html.Length + positions.Length * (ReferenceStart.Length + 6));
        int pos = 0;
        for (int number = 0; number < positions.Length; number++)
        {
            int at = positions[number];
            if (at < 0) continue;
            sb.Append(html[pos..at]).Append(ReferenceStart).Append(System.Globalization.CultureInfo.InvariantCulture, $"{number}").Append(CommentEnd);
            pos = at;
        }
        return sb.Append(html[pos..]).ToString();
    }

    /// <summary>
    /// <paramref name="html"/> with each reference marker replaced by its segment (markers included), as a render that
    /// writes no references would be: for the hash of the first render and for messages.
    /// </summary>
    /// <exception cref="InvalidOperationException">A marker is malformed, out of sequence or names no segment of <paramref name="references"/>.</exception>
    public static string ExpandReferences(string html, IReadOnlyList<SharedSegment>? references)
    {
        int at = html.IndexOf(ReferenceStart, StringComparison.Ordinal);
        if (at < 0) return html;
        var sb = new System.Text.StringBuilder(html.Length + (references?.Count ?? 0) * 256);
        int pos = 0, next = 0;
        while (at >= 0)
        {
            sb.Append(html, pos, at - pos);
            int end = ReadReference(html, at, next++, references?.Count ?? 0, out int number);
            sb.Append(Start).Append(references![number].Html).Append(End);
            pos = end;
            at = html.IndexOf(ReferenceStart, pos, StringComparison.Ordinal);
        }
        return sb.Append(html, pos, html.Length - pos).ToString();
    }

    /// <summary>
    /// Reads the reference marker at <paramref name="at"/>, which must be number <paramref name="expected"/> of
    /// <paramref name="count"/>; returns the offset after it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The marker is malformed, out of sequence or past the render's references.</exception>
    internal static int ReadReference(ReadOnlySpan<char> html, int at, int expected, int count, out int number)
    {
        int digits = at + ReferenceStart.Length, end = digits;
        while (end < html.Length && end - digits < 10 && char.IsAsciiDigit(html[end])) end++;
        if (end == digits || !html[end..].StartsWith(CommentEnd, StringComparison.Ordinal)
            || !int.TryParse(html[digits..end], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number))
            throw new InvalidOperationException($"A malformed memoized segment reference at offset {at}.");
        if (number != expected || number >= count)
            throw new InvalidOperationException(
                $"A memoized segment reference at offset {at} names segment {number}, but the render's next reference is {expected} of {count}: " +
                "reference markers are the framework's own and cannot come from a template's output.");
        return end + CommentEnd.Length;
    }

    /// <summary>Returns <paramref name="html"/> without segment markers (the raw HTML, not re-serialized).</summary>
    public static string Strip(string html) =>
        html.Contains(Prefix, StringComparison.Ordinal)
            ? html.Replace(Start, "", StringComparison.Ordinal).Replace(End, "", StringComparison.Ordinal)
            : html;
}
